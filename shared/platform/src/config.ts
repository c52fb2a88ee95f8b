import { FraudError } from "./errors.js";

/**
 * Config is a schema parsed once into a frozen, typed object. Each setting names its
 * environment variable, documents itself and has a default (or is required); the same
 * schema renders the README's configuration table. Only composition roots call
 * `loadConfig`; everything else receives the parsed object.
 */
export interface Setting<T> {
  env: string;
  doc: string;
  /** Omit for a required setting. */
  default?: T;
  /** Shown in docs instead of the default (e.g. for secrets or computed defaults). */
  shownDefault?: string;
  /** Never printed: passwords, keys. */
  secret?: boolean;
  /** Missing means undefined rather than an error. */
  optional?: boolean;
  parse(raw: string): T;
}

export type Schema = Record<string, Setting<unknown>>;
export type ConfigOf<S extends Schema> = { readonly [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

/** Thrown by parsers; loadConfig collects every problem before failing. */
class SettingProblem extends Error {}

export interface LoadOptions {
  /** Where warnings about unknown variables go; stderr by default. */
  warn?: (line: string) => void;
}

export function loadConfig<S extends Schema>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
  options: LoadOptions = {},
): ConfigOf<S> {
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  for (const line of unknownSettingWarnings(schema, env)) warn(line);
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, s] of Object.entries(schema)) {
    const raw = env[s.env];
    if (raw === undefined || raw === "") {
      if (s.default === undefined && !s.optional) problems.push(`${s.env} is required: ${s.doc}`);
      else out[key] = s.default;
      continue;
    }
    try {
      out[key] = s.parse(raw.trim());
    } catch (e) {
      const shown = s.secret ? "(hidden)" : JSON.stringify(raw);
      problems.push(`${s.env}=${shown}: ${(e as Error).message}. ${s.doc}`);
    }
  }
  if (problems.length > 0) {
    throw new FraudError("CONFIG_INVALID", `Invalid configuration. Fix:\n  - ${problems.join("\n  - ")}`, {
      details: { problems },
    });
  }
  return Object.freeze(out) as ConfigOf<S>;
}

/** The project's variable prefixes; an unknown variable with one the service uses is most likely a typo. */
export const PROJECT_PREFIXES = [
  "KAFKA_",
  "REDIS_",
  "TOPIC_",
  "SCORER_",
  "MODEL_",
  "REVIEW_",
  "DECLINE_",
  "SCHEMA_REGISTRY_",
  "ANALYST_",
  "TRAFFIC_",
  "DEMO_",
] as const;

/**
 * Variables with a project prefix that are nobody's setting but that the project's own
 * tools print for users to export: `infra/stack.sh up` prints REDIS_CLUSTER_URL (the
 * tests' cluster tier reads it; services take a cluster through REDIS_URL + REDIS_MODE).
 */
const PROJECT_TOOL_VARIABLES: ReadonlySet<string> = new Set(["REDIS_CLUSTER_URL"]);

/**
 * One warning per environment variable that is not a setting of this schema but looks
 * meant for it: it has a project prefix that the schema's own variables use
 * (KAFKA_BROKER), or it is within two edits of a known name (REVEIW_THRESHOLD). Each
 * names the closest known variable.
 */
export function unknownSettingWarnings(schema: Schema, env: NodeJS.ProcessEnv): string[] {
  const known = Object.values(schema).map((s) => s.env);
  const knownSet = new Set(known);
  const prefixes = PROJECT_PREFIXES.filter((p) => known.some((k) => k.startsWith(p)));
  const warnings: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (knownSet.has(name) || PROJECT_TOOL_VARIABLES.has(name)) continue;
    let closest = "";
    let distance = Number.POSITIVE_INFINITY;
    for (const k of known) {
      const d = editDistance(name, k);
      if (d < distance) [closest, distance] = [k, d];
    }
    const prefixed = prefixes.some((p) => name.startsWith(p));
    if (!prefixed && !(name.length >= 8 && distance <= 2)) continue;
    warnings.push(
      `warning: ${name} is not a setting of this service and is ignored${closest ? `; did you mean ${closest}?` : ""}`,
    );
  }
  return warnings;
}

/** Levenshtein distance (two rows). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, sub));
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/** Markdown rows `| VAR | default | meaning |` for the README. */
export function configTable(schema: Schema): string {
  const rows = Object.values(schema).map((s) => {
    const def =
      s.shownDefault ??
      (s.default === undefined ? (s.optional ? "(unset)" : "required") : s.secret ? "(unset)" : fmt(s.default));
    return `| \`${s.env}\` | ${def === "" ? "(empty)" : `\`${def}\``} | ${s.doc} |`;
  });
  return ["| Variable | Default | Meaning |", "| --- | --- | --- |", ...rows].join("\n");
}

function fmt(v: unknown): string {
  if (Array.isArray(v)) return v.join(",");
  if (typeof v === "number" && v >= 1000 && v % 1000 === 0) return String(v);
  return String(v);
}

// Parsers. Each throws SettingProblem with a short reason; loadConfig adds the name.

export const str = (env: string, doc: string, def?: string, extra: Partial<Setting<string>> = {}): Setting<string> => ({
  env,
  doc,
  ...(def === undefined ? {} : { default: def }),
  ...extra,
  parse: (raw) => raw,
});

export const secret = (env: string, doc: string): Setting<string> => ({
  env,
  doc,
  default: "",
  secret: true,
  parse: (raw) => raw,
});

export const int = (
  env: string,
  doc: string,
  def: number | undefined,
  min = Number.MIN_SAFE_INTEGER,
  max = Number.MAX_SAFE_INTEGER,
): Setting<number> => ({
  env,
  doc,
  ...(def === undefined ? {} : { default: def }),
  parse: (raw) => {
    if (!/^-?\d+$/.test(raw)) throw new SettingProblem("must be a whole number");
    const n = Number(raw);
    if (n < min || n > max) throw new SettingProblem(`must be between ${min} and ${max}`);
    return n;
  },
});

export const num = (
  env: string,
  doc: string,
  def: number | undefined,
  min = -Infinity,
  max = Infinity,
): Setting<number> => ({
  env,
  doc,
  ...(def === undefined ? {} : { default: def }),
  parse: (raw) => {
    const n = Number(raw);
    if (raw === "" || !Number.isFinite(n)) throw new SettingProblem("must be a number");
    if (n < min || n > max) throw new SettingProblem(`must be between ${min} and ${max}`);
    return n;
  },
});

export const bool = (env: string, doc: string, def: boolean): Setting<boolean> => ({
  env,
  doc,
  default: def,
  parse: (raw) => {
    const v = raw.toLowerCase();
    if (["1", "true", "yes", "on"].includes(v)) return true;
    if (["0", "false", "no", "off"].includes(v)) return false;
    throw new SettingProblem("must be true or false");
  },
});

export const oneOf = <T extends string>(env: string, doc: string, values: readonly T[], def?: T): Setting<T> => ({
  env,
  doc: `${doc} One of: ${values.join(", ")}.`,
  ...(def === undefined ? {} : { default: def }),
  parse: (raw) => {
    if (!(values as readonly string[]).includes(raw)) throw new SettingProblem(`must be one of ${values.join(", ")}`);
    return raw as T;
  },
});

export const list = (
  env: string,
  doc: string,
  def: string[] | undefined,
  itemPattern?: RegExp,
  itemHint?: string,
): Setting<string[]> => ({
  env,
  doc,
  ...(def === undefined ? {} : { default: def }),
  parse: (raw) => {
    const items = raw
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    if (items.length === 0) throw new SettingProblem("must list at least one item, comma-separated");
    for (const it of items) {
      if (itemPattern && !itemPattern.test(it)) throw new SettingProblem(`"${it}" is not ${itemHint ?? "valid"}`);
    }
    return items;
  },
});

const UNITS = { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 } as const;

/**
 * Durations like 250ms, 5s, 2m, 1h, 7d → milliseconds. A bare number is read in
 * `bareUnit` when one is given (command lines take plain seconds), else refused.
 */
export function parseDuration(raw: string, bareUnit?: keyof typeof UNITS): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(raw.trim());
  const unit = m?.[2] ?? bareUnit;
  if (!m || !unit) throw new SettingProblem("must be a duration such as 500ms, 5s, 2m, 1h or 7d");
  return Math.round(Number(m[1]) * UNITS[unit as keyof typeof UNITS]);
}

/** A duration setting; `minMs` refuses values that would spin (0) or break a contract. */
export const duration = (env: string, doc: string, defMs: number, shown: string, minMs = 1): Setting<number> => ({
  env,
  doc,
  default: defMs,
  shownDefault: shown,
  parse: (raw) => {
    const ms = parseDuration(raw);
    if (ms < minMs) throw new SettingProblem(`must be at least ${minMs} ms`);
    return ms;
  },
});
