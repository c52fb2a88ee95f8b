import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import {
  parseId,
  parseNote,
  parseQueueFilter,
  type QueueFilter,
  ANALYST_PATTERN as USER_PATTERN,
  type Verdict,
} from "@fraud/cases";

/**
 * `analyst show|label|queue`: the console's actions from a terminal. Parsed without side
 * effects so it can be unit-tested; the same validators as the console's forms.
 */
export type DeskCommand =
  | { cmd: "show"; txid: string; json: boolean }
  | { cmd: "label"; txid: string; verdict: Verdict; note?: string; who: string }
  | { cmd: "queue"; filter: QueueFilter; json: boolean };

export const DESK_HELP = `usage:
  analyst show TXID [--json]                      the alert, reasons, card history, labels and case history
  analyst label TXID --fraud|--legit [--note TEXT] [--as NAME]
                                                  publish an analyst label (idempotent) and record it on the case
  analyst queue [--verdict review|decline] [--min-score S] [--min-amount MINOR] [--terminal ID]
                [--reason CODE] [--age 24h] [--status open|in_review|resolved|all|active]
                [--sort newest|riskiest] [--limit N] [--json]
The action is attributed to --as, else $ANALYST_NAME, else the login name.
Environment: the pipeline's KAFKA_*, TOPIC_*, SCHEMA_REGISTRY_*, REDIS_* variables.
`;

export function parseDeskArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): { ok: DeskCommand } | { help: true } | { error: string } {
  let v: ReturnType<typeof parse>;
  try {
    v = parse(argv);
  } catch (e) {
    return { error: (e as Error).message };
  }
  const { values, positionals } = v;
  if (values.help || positionals.length === 0) return { help: true };
  const [cmd, arg, ...rest] = positionals;
  if (rest.length > 0) return { error: `unexpected argument ${JSON.stringify(rest[0])}` };
  if (cmd === "queue") {
    if (arg !== undefined) return { error: "queue takes no argument" };
    const f = parseQueueFilter({
      verdict: values.verdict,
      minScore: values["min-score"],
      minAmount: values["min-amount"],
      terminal: values.terminal,
      reason: values.reason,
      age: values.age,
      status: values.status,
      sort: values.sort,
      limit: values.limit,
    });
    if ("error" in f)
      return { error: f.error.replace(/^(\w+)/, (k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`) };
    return { ok: { cmd, filter: f.ok, json: Boolean(values.json) } };
  }
  if (cmd !== "show" && cmd !== "label")
    return { error: `unknown command ${JSON.stringify(cmd)} (show, label or queue)` };
  const id = parseId(arg, "TXID");
  if ("error" in id) return { error: id.error };
  if (cmd === "show") return { ok: { cmd, txid: id.ok, json: Boolean(values.json) } };
  if (values.fraud === values.legit) return { error: "label needs exactly one of --fraud or --legit" };
  const note = parseNote(values.note);
  if ("error" in note) return { error: `--${note.error}` };
  const who = values.as ?? env.ANALYST_NAME ?? userInfo().username;
  if (!USER_PATTERN.test(who))
    return { error: `--as must be an analyst name (lower-case letters, digits, _ . -), got ${JSON.stringify(who)}` };
  return {
    ok: { cmd, txid: id.ok, verdict: values.fraud ? "fraud" : "legit", who, ...(note.ok ? { note: note.ok } : {}) },
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      fraud: { type: "boolean" },
      legit: { type: "boolean" },
      note: { type: "string" },
      as: { type: "string" },
      json: { type: "boolean" },
      verdict: { type: "string" },
      "min-score": { type: "string" },
      "min-amount": { type: "string" },
      terminal: { type: "string" },
      reason: { type: "string" },
      age: { type: "string" },
      status: { type: "string" },
      sort: { type: "string" },
      limit: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
