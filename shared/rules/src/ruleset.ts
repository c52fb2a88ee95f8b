/**
 * A rule file: YAML or JSON, validated at load with errors that name the rule and the
 * problem. Every condition is parsed and type-checked against the vocabulary (the
 * transaction's fields and the scorer's feature names) before the set is used.
 *
 *   version: "2026-12-01"            # optional label; the rules version adds a content hash
 *   rules:
 *     - id: card-testing-burst       # [a-z0-9][a-z0-9_.-]*, unique
 *       description: many small payments on one card within an hour
 *       when: card_amount_count_1h >= 8 and txn_amount_value < 500
 *       action: review               # decline | review | allow
 *       enabled: true                # optional, default true
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Transaction } from "@fraud/contracts";
import { FraudError } from "@fraud/platform";
import { parse as parseYaml } from "yaml";
import type { Condition, FieldType, Literal, Vocabulary } from "./ast.js";
import { checkCondition } from "./check.js";
import { evaluate, listLookups } from "./evaluate.js";
import { ConditionError, parseCondition } from "./parse.js";

export const ACTIONS = ["decline", "review", "allow"] as const;
export type Action = (typeof ACTIONS)[number];

export interface Rule {
  id: string;
  description: string;
  /** The condition as written, for people. */
  when: string;
  action: Action;
  condition: Condition;
}

export interface RuleSet {
  /** `<label>-<sha256 of the enabled rules, 12 hex>`: changes whenever any enabled rule changes. */
  version: string;
  rules: readonly Rule[];
  /** Every (field, list) pair the rules look up, deduplicated. */
  lookups: readonly { field: string; list: string }[];
}

/** The transaction's own fields; features are added by the caller (their names come from the declarations). */
export const TRANSACTION_FIELDS: Readonly<Record<keyof Transaction, FieldType>> = Object.freeze({
  transaction_id: "string",
  event_time: "number",
  card_token: "string",
  terminal_id: "string",
  amount_minor: "number",
  currency: "string",
  merchant_category: "string?",
  channel: "string?",
  country: "string?",
  customer_id: "string?",
});

export function vocabulary(featureNames: readonly string[]): Vocabulary {
  const v = new Map<string, FieldType>(Object.entries(TRANSACTION_FIELDS) as [string, FieldType][]);
  for (const f of featureNames) v.set(f, "number");
  return v;
}

const ID = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const KEYS = new Set(["id", "description", "when", "action", "enabled"]);

function invalid(message: string, details: Record<string, unknown> = {}): FraudError {
  return new FraudError("RULES_INVALID", message, { details });
}

/** Validates parsed file content (any JSON-like value) into a rule set. */
export function compileRules(content: unknown, vocab: Vocabulary, source = "rules"): RuleSet {
  if (typeof content !== "object" || content === null || Array.isArray(content)) {
    throw invalid(`${source}: expected a mapping with 'rules' (and optionally 'version')`);
  }
  const { version: label = "rules", rules: raw, ...extra } = content as Record<string, unknown>;
  const unknownTop = Object.keys(extra);
  if (unknownTop.length > 0) throw invalid(`${source}: unknown top-level key(s) ${unknownTop.join(", ")}`);
  if (typeof label !== "string" || !ID.test(label)) {
    throw invalid(`${source}: version must be a short label of [a-z0-9_.-] (got ${JSON.stringify(label)})`);
  }
  if (!Array.isArray(raw)) throw invalid(`${source}: 'rules' must be a list`);
  const seen = new Set<string>();
  const rules: Rule[] = [];
  raw.forEach((r, i) => {
    const where = `${source}: rule #${i + 1}`;
    if (typeof r !== "object" || r === null || Array.isArray(r)) throw invalid(`${where}: expected a mapping`);
    const o = r as Record<string, unknown>;
    if (typeof o.id !== "string" || !ID.test(o.id)) {
      throw invalid(`${where}: id must match ${ID.source} (got ${JSON.stringify(o.id)})`);
    }
    const name = `${source}: rule '${o.id}'`;
    if (seen.has(o.id)) throw invalid(`${name}: the id is used twice`, { rule: o.id });
    seen.add(o.id);
    const stray = Object.keys(o).filter((k) => !KEYS.has(k));
    if (stray.length > 0) throw invalid(`${name}: unknown key(s) ${stray.join(", ")}`, { rule: o.id });
    if (typeof o.description !== "string" || o.description.trim() === "") {
      throw invalid(`${name}: description is missing`, { rule: o.id });
    }
    if (!ACTIONS.includes(o.action as Action)) {
      throw invalid(`${name}: action must be one of ${ACTIONS.join(", ")} (got ${JSON.stringify(o.action)})`, {
        rule: o.id,
      });
    }
    if (o.enabled !== undefined && typeof o.enabled !== "boolean") {
      throw invalid(`${name}: enabled must be true or false`, { rule: o.id });
    }
    if (typeof o.when !== "string" || o.when.trim() === "") throw invalid(`${name}: 'when' is missing`, { rule: o.id });
    let condition: Condition;
    try {
      condition = parseCondition(o.when);
      checkCondition(condition, vocab);
    } catch (e) {
      const msg = e instanceof ConditionError ? e.message : (e as Error).message;
      throw invalid(`${name}: condition ${JSON.stringify(o.when)}: ${msg}`, { rule: o.id });
    }
    if (o.enabled === false) return;
    rules.push({ id: o.id, description: o.description, when: o.when, action: o.action as Action, condition });
  });
  const hash = createHash("sha256")
    .update(JSON.stringify(rules.map((r) => [r.id, r.action, r.when])))
    .digest("hex")
    .slice(0, 12);
  const lookups = new Map<string, { field: string; list: string }>();
  for (const r of rules) for (const l of listLookups(r.condition)) lookups.set(`${l.field}\u0000${l.list}`, l);
  return Object.freeze({ version: `${label}-${hash}`, rules: Object.freeze(rules), lookups: [...lookups.values()] });
}

/** Reads and compiles a rule file (.yaml, .yml or .json). */
export function loadRuleFile(path: string, vocab: Vocabulary): RuleSet {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new FraudError("RULES_INVALID", `cannot read the rule file ${path}: ${(cause as Error).message}`, { cause });
  }
  let content: unknown;
  try {
    content = path.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    throw new FraudError(
      "RULES_INVALID",
      `${path}: not valid ${path.endsWith(".json") ? "JSON" : "YAML"}: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  return compileRules(content, vocab, path);
}

/** An empty rule set: the model decides alone. */
export const NO_RULES: RuleSet = Object.freeze({ version: "", rules: [], lookups: [] });

/** List membership of a batch's values: list name → the values found on it. */
export type Membership = ReadonlyMap<string, ReadonlySet<string>>;

/** The rules a transaction matches, in file order. */
export function matchRules(
  set: RuleSet,
  tx: Transaction,
  features: Readonly<Record<string, number>>,
  membership: Membership,
): Rule[] {
  const facts = {
    value: (name: string): Literal =>
      name in TRANSACTION_FIELDS ? (tx[name as keyof Transaction] ?? null) : (features[name] ?? null),
    onList: (list: string, value: string) => membership.get(list)?.has(value) ?? false,
  };
  return set.rules.filter((r) => evaluate(r.condition, facts));
}
