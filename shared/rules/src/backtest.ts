/**
 * A rule set over history, as fraud teams check a rule before it goes live: per rule,
 * how often it matches, how many known frauds it catches (precision, recall, value), and
 * how much it adds to what the model already flags. Pure: the caller reads the
 * `decisions` topic (every transaction with its features) and the labels. The rules are
 * evaluated by matchRules, the same code the scorer runs.
 */
import type { Decision, Transaction } from "@fraud/contracts";
import { type Membership, matchRules, type RuleSet } from "./ruleset.js";

export interface RuleStats {
  id: string;
  action: string;
  matches: number;
  matchRate: number;
  fraudsCaught: number;
  /** frauds caught / matches; null with no match. */
  precision: number | null;
  /** frauds caught / all frauds in the window; null with no fraud. */
  recall: number | null;
  /** Sum of amount_minor of the frauds caught, by currency. */
  valueCaught: Record<string, number>;
  /** Matches the model also flagged (its own verdict review or decline). */
  overlapWithModel: number;
  /** Matches the model did not flag: what the rule adds. */
  addedAlerts: number;
  /** Frauds caught that the model missed. */
  addedFrauds: number;
  examples: string[];
}

export interface BacktestReport {
  rulesVersion: string;
  transactions: number;
  frauds: number;
  modelFlagged: number;
  rules: RuleStats[];
}

/** The transaction as the decision recorded it (decision v2 carries the optional fields). */
export function transactionOf(d: Decision): Transaction {
  return {
    transaction_id: d.transaction_id,
    event_time: d.event_time,
    card_token: d.card_token,
    terminal_id: d.terminal_id,
    amount_minor: d.amount_minor,
    currency: d.currency,
    merchant_category: d.merchant_category ?? null,
    channel: d.channel ?? null,
    country: d.country ?? null,
    customer_id: d.customer_id ?? null,
  };
}

/** The model's own verdict: model_decision on v2 records, the decision itself on v1 ones. */
export const modelVerdictOf = (d: Decision): string => d.model_decision || d.decision;

export function backtest(
  set: RuleSet,
  decisions: readonly Decision[],
  frauds: ReadonlySet<string>,
  membership: Membership,
  options: { examples?: number } = {},
): BacktestReport {
  const examples = options.examples ?? 5;
  const stats = new Map<string, RuleStats>(
    set.rules.map((r) => [
      r.id,
      {
        id: r.id,
        action: r.action,
        matches: 0,
        matchRate: 0,
        fraudsCaught: 0,
        precision: null,
        recall: null,
        valueCaught: {},
        overlapWithModel: 0,
        addedAlerts: 0,
        addedFrauds: 0,
        examples: [],
      },
    ]),
  );
  let fraudCount = 0;
  let modelFlagged = 0;
  for (const d of decisions) {
    const fraud = frauds.has(d.transaction_id);
    const flagged = modelVerdictOf(d) !== "approve";
    if (fraud) fraudCount++;
    if (flagged) modelFlagged++;
    for (const rule of matchRules(set, transactionOf(d), d.features, membership)) {
      const s = stats.get(rule.id) as RuleStats;
      s.matches++;
      if (flagged) s.overlapWithModel++;
      else s.addedAlerts++;
      if (fraud) {
        s.fraudsCaught++;
        s.valueCaught[d.currency] = (s.valueCaught[d.currency] ?? 0) + d.amount_minor;
        if (!flagged) s.addedFrauds++;
      }
      if (s.examples.length < examples) s.examples.push(d.transaction_id);
    }
  }
  for (const s of stats.values()) {
    s.matchRate = decisions.length === 0 ? 0 : s.matches / decisions.length;
    s.precision = s.matches === 0 ? null : s.fraudsCaught / s.matches;
    s.recall = fraudCount === 0 ? null : s.fraudsCaught / fraudCount;
  }
  return {
    rulesVersion: set.version,
    transactions: decisions.length,
    frauds: fraudCount,
    modelFlagged,
    rules: [...stats.values()],
  };
}

const pct = (x: number | null) => (x === null ? "-" : `${(100 * x).toFixed(2)}%`);

/** The report as a readable table. */
export function formatBacktest(r: BacktestReport): string {
  const head = `rules ${r.rulesVersion}: ${r.transactions} transactions, ${r.frauds} known frauds, model flagged ${r.modelFlagged}`;
  const cols = [
    "rule",
    "action",
    "matches",
    "rate",
    "frauds",
    "precision",
    "recall",
    "value caught",
    "model also",
    "adds",
    "adds frauds",
  ];
  const rows = r.rules.map((s) => [
    s.id,
    s.action,
    String(s.matches),
    pct(s.matchRate),
    String(s.fraudsCaught),
    pct(s.precision),
    pct(s.recall),
    Object.entries(s.valueCaught)
      .map(([c, v]) => `${v} ${c}`)
      .join(", ") || "0",
    String(s.overlapWithModel),
    String(s.addedAlerts),
    String(s.addedFrauds),
  ]);
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join("  ")
      .trimEnd();
  const examples = r.rules.filter((s) => s.examples.length > 0).map((s) => `  ${s.id}: ${s.examples.join(", ")}`);
  return [head, "", line(cols), ...rows.map(line), "", "examples (value caught in minor units):", ...examples].join(
    "\n",
  );
}
