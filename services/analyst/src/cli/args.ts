import { parseArgs } from "node:util";
import { analystSettings } from "../config.js";
import type { Filter } from "../filter/filter.js";
import { type From, parseFrom } from "../read/from.js";
import type { TailKind } from "../tail.js";

/** What `tail.ts` was asked to do; parsed without side effects so it can be unit-tested. */
export interface TailArgs {
  kind: TailKind;
  from: From;
  filter: Filter;
  json: boolean;
  limit?: number;
  idleMs?: number;
}

export type Parsed = { args: TailArgs } | { help: true } | { error: string };

export const OPTIONS = {
  topic: { type: "string", doc: "Which topic to tail: alerts or decisions.", default: "alerts" },
  decisions: { type: "boolean", doc: "Same as --topic decisions." },
  from: {
    type: "string",
    doc: "Start: now (only new records), beginning, or an ISO time with a zone (e.g. 2026-01-01T00:00:00Z).",
    default: "now",
  },
  card: { type: "string", doc: "Only records of this card token." },
  terminal: { type: "string", doc: "Only records of this terminal id." },
  "min-score": { type: "string", doc: "Only records with score >= this (0..1)." },
  json: { type: "boolean", doc: "Print JSONL: each decoded record exactly as its Avro record." },
  limit: { type: "string", doc: "Stop after printing this many records." },
  "idle-exit": { type: "string", doc: "Exit after this many seconds with no new record on the topic." },
  help: { type: "boolean", doc: "Show this help.", short: "h" },
} as const satisfies Record<string, { type: "string" | "boolean"; doc: string; default?: string; short?: string }>;

export function parseTailArgs(argv: string[]): Parsed {
  let v: ReturnType<typeof parse>;
  try {
    v = parse(argv);
  } catch (e) {
    return { error: (e as Error).message };
  }
  if (v.help) return { help: true };

  if (v.topic !== "alerts" && v.topic !== "decisions") {
    return { error: `--topic must be alerts or decisions, got ${JSON.stringify(v.topic)}` };
  }
  if (v.decisions && v.topic === "alerts" && argv.some((a) => a === "--topic" || a.startsWith("--topic="))) {
    return { error: "--decisions contradicts --topic alerts" };
  }
  const kind: TailKind = v.decisions || v.topic === "decisions" ? "decision" : "alert";

  const from = parseFrom(v.from);
  if ("error" in from) return from;

  const filter: Filter = {};
  if (v.card !== undefined) filter.card = v.card;
  if (v.terminal !== undefined) filter.terminal = v.terminal;
  if (v["min-score"] !== undefined) {
    const n = strictNumber(v["min-score"]);
    if (n === undefined) return { error: `--min-score must be a number, got ${JSON.stringify(v["min-score"])}` };
    filter.minScore = n;
  }

  const args: TailArgs = { kind, from, filter, json: v.json ?? false };
  if (v.limit !== undefined) {
    const n = strictNumber(v.limit);
    if (n === undefined || !Number.isInteger(n) || n < 1) {
      return { error: `--limit must be a whole number >= 1, got ${JSON.stringify(v.limit)}` };
    }
    args.limit = n;
  }
  if (v["idle-exit"] !== undefined) {
    const n = strictNumber(v["idle-exit"]);
    if (n === undefined || n <= 0) {
      return { error: `--idle-exit must be a positive number of seconds, got ${JSON.stringify(v["idle-exit"])}` };
    }
    args.idleMs = n * 1000;
  }
  return { args };
}

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
}

/** Number() accepts "", " " and "0x10"; a CLI should not. */
function strictNumber(raw: string): number | undefined {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(raw.trim())) return undefined;
  return Number(raw);
}

export function helpText(): string {
  const rows = Object.entries(OPTIONS).map(([name, o]) => {
    const flag = `--${name}${o.type === "string" ? " <v>" : ""}`;
    const def = "default" in o ? ` (default ${o.default})` : "";
    return `  ${flag.padEnd(20)} ${o.doc}${def}`;
  });
  return `${USAGE}\nOptions:\n${rows.join("\n")}\n\n${environment()}`;
}

const USAGE = `Tail the scorer's alerts (default) or decisions, readable or as JSONL.

  npx tsx services/analyst/src/cli/tail.ts [--decisions] [--from now|beginning|<ISO time>]
      [--card TOKEN] [--terminal ID] [--min-score X] [--json] [--limit N] [--idle-exit SECONDS]

Readable mode prints one block per record: event time, decision, score and the threshold
it crossed, card token, terminal, amount, model version, transaction id; alerts add one
line per reason (feature = value (contribution): detail). Colours only on a terminal and
when NO_COLOR is unset. Filters combine (all must hold). Reads read_committed with a
throwaway consumer group that never commits, so it disturbs no one. Undecodable records
are reported on stderr (topic/partition/offset) and skipped. Ctrl-C stops cleanly.
Exit status: 0 done, 1 error, 2 bad usage.
`;

function environment(): string {
  const rows = Object.values(analystSettings).map((s) => {
    const def = s.secret || s.default === undefined || s.default === "" ? "" : ` (default ${String(s.default)})`;
    return `  ${s.env.padEnd(30)} ${s.doc}${def}`;
  });
  return `Environment (the same variables as the scorer):\n${rows.join("\n")}\n`;
}
