/**
 * Online/offline feature parity on a replayed, simulated dataset.
 *
 *   npx tsx services/scorer/bench/parity/run.ts [--days 10 --cards 300 --terminals 80 --seed 3]
 *
 * Simulates the dataset, extracts its features offline (extract-features), replays it
 * through the real scorer on fresh random topics and Redis prefix, and compares every
 * decision's features with the offline row. Exit 0 when >= --min-equal of the values
 * are exactly equal and every transaction got a decision, 1 otherwise (or on error /
 * timeout), 130 on Ctrl-C. KAFKA_BROKERS and REDIS_URL as for the scorer.
 */
import { parseArgs } from "node:util";
import { createCleanup } from "./cleanup.js";
import { confinedToLabelRace, formatParityReport, parityHolds, shareEqual } from "./compare.js";
import { runParity } from "./parity.js";

const { values: args } = parseArgs({
  options: {
    days: { type: "string", default: "10" },
    cards: { type: "string", default: "300" },
    terminals: { type: "string", default: "80" },
    seed: { type: "string", default: "3" },
    rate: { type: "string", default: "500" },
    timeout: { type: "string", default: "300" },
    "min-equal": { type: "string", default: "0.999" },
    keep: { type: "string" },
    help: { type: "boolean" },
  },
});
if (args.help) {
  process.stdout.write(
    "usage: run.ts [--days 10] [--cards 300] [--terminals 80] [--seed 3] [--rate 500 (records/s)] [--timeout 300 (s)] [--min-equal 0.999] [--keep DIR]\n",
  );
  process.exit(0);
}
const num = (name: keyof typeof args) => {
  const n = Number(args[name]);
  if (!Number.isFinite(n) || n <= 0) {
    process.stderr.write(`--${name} must be a positive number\n`);
    process.exit(2);
  }
  return n;
};
const options = {
  days: num("days"),
  cards: num("cards"),
  terminals: num("terminals"),
  seed: Number(args.seed),
  rate: num("rate"),
  timeoutMs: num("timeout") * 1000,
};
const minEqual = num("min-equal");
const brokers = process.env.KAFKA_BROKERS ?? "127.0.0.1:19092";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:16379";
const log = (line: string) => process.stderr.write(`parity: ${line}\n`);

// Ctrl-C, SIGTERM and the hard deadline all end the same way: undo what was made
// (scorer killed, topics and keys deleted), then exit. The run's own step timeouts
// normally fire first; the hard deadline catches a hang in between.
const cleanup = createCleanup();
const abort = async (why: string, code: number) => {
  log(why);
  for (const f of await cleanup.run()) log(`cleanup failed: ${f}`);
  process.exit(code);
};
process.once("SIGINT", () => void abort("interrupted; cleaning up", 130));
process.once("SIGTERM", () => void abort("terminated; cleaning up", 143));
setTimeout(
  () => void abort(`did not finish within ${options.timeoutMs / 1000 + 60} s; gave up`, 1),
  options.timeoutMs + 60_000,
).unref();

try {
  log(`${options.days} days, ${options.cards} cards, ${options.terminals} terminals, seed ${options.seed}`);
  const run = await runParity({ ...options, brokers, redisUrl, log, cleanup, keepDir: args.keep });
  const r = run.report;
  const ok = parityHolds(r, minEqual);
  const steps = Object.entries(run.timings)
    .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
    .join(", ");
  process.stdout.write(
    [
      `online/offline feature parity (seed ${options.seed}, ${options.days} days, ${options.cards} cards, ${options.terminals} terminals)`,
      `dataset:            ${run.transactions} transactions, ${run.labels} labels`,
      formatParityReport(r),
      `  of which:         ${run.cardEarly.size} reached Kafka after a later transaction of their card; ` +
        `${run.terminalEarly.size} had part of their terminal window still unscored on another partition`,
      `steps:              ${steps}`,
      `verdict:            ${ok ? "PASS" : "FAIL"} (${(100 * shareEqual(r)).toFixed(4)} % equal, need ${100 * minEqual} %; ` +
        `${confinedToLabelRace(r) ? "mismatches confined to terminal_fraud_risk_*" : "mismatches outside terminal_fraud_risk_*"})`,
      "",
    ].join("\n"),
  );
  process.exitCode = ok ? 0 : 1;
} catch (err) {
  log(`failed: ${(err as Error).message}`);
  process.exitCode = 1;
}
