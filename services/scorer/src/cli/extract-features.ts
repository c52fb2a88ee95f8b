/**
 * The training backfill: offline features computed by the scorer's own feature code over
 * an in-memory store (no Redis), so online and offline values are equal by construction.
 */
import { createWriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { formatCsvRow, formatTimestamp, type Label, readRecords, type Transaction } from "@fraud/contracts";
import { loadConfig } from "@fraud/platform";
import { scorerSettings } from "../config.js";
import {
  createFeatureStore,
  createMemoryPort,
  extractFeatures,
  FEATURE_SET,
  featureSetManifest,
} from "../features/index.js";
import { createProgress } from "./progress.js";

const HELP = `extract-features: training features for a history of transactions and labels.

usage: extract-features --transactions FILE [--labels FILE] --out features.csv

Reads
  --transactions FILE   transactions (CSV or JSONL, as the simulator and replay write them)
  --labels FILE         fraud labels; each counts for a transaction scored at t only if
                        its label_time <= t, exactly as in the live scorer
Writes
  --out features.csv    transaction_id,event_time,card_token,terminal_id,<features in model order>
  features.json         {feature_set_version, features} beside it (training names the set by it)

The features are computed by the scorer's own code over an in-memory store: no Redis or
Kafka is needed, and the values equal what the scorer computes online. Transactions are
processed in event-time order; a reused transaction id with other content is skipped (the
scorer dead-letters it). MAX_EVENTS_PER_CARD and ALLOWED_LATENESS apply as for the scorer.
Progress (rows, rate, ETA) goes to stderr, then one summary line.
`;

const { values: args } = parseArgs({
  options: {
    transactions: { type: "string" },
    labels: { type: "string" },
    out: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (args.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
if (!args.transactions || !args.out) {
  process.stderr.write(`extract-features: --transactions and --out are required (see --help)\n`);
  process.exit(2);
}

const config = loadConfig(scorerSettings);
const started = Date.now();
const transactions: Transaction[] = [];
for await (const { record } of readRecords(args.transactions, "transaction")) transactions.push({ ...record });
const labels: Label[] = [];
if (args.labels) for await (const { record } of readRecords(args.labels, "label")) labels.push({ ...record });
const readSecs = (Date.now() - started) / 1000;

const store = createFeatureStore(createMemoryPort(), FEATURE_SET, config);
const out = createWriteStream(args.out);
const write = (line: string) => (out.write(line) ? undefined : new Promise<void>((r) => out.once("drain", () => r())));
await write(`${formatCsvRow(["transaction_id", "event_time", "card_token", "terminal_id", ...FEATURE_SET.names])}\n`);
const progress = createProgress(transactions.length, (line) => process.stderr.write(line));
const computeStarted = Date.now();
const cpuStarted = process.cpuUsage();
const result = await extractFeatures({
  store,
  set: FEATURE_SET,
  transactions,
  labels,
  batchSize: 2000,
  now: Date.now(),
  onRows: async (txs, values) => {
    // Feature values are plain numbers: joined as they are, only the ids need CSV quoting.
    const lines = txs.map(
      (tx, i) =>
        `${formatCsvRow([tx.transaction_id, formatTimestamp(tx.event_time), tx.card_token, tx.terminal_id])},${(values[i] ?? []).join(",")}`,
    );
    progress.advance(txs.length);
    await write(`${lines.join("\n")}\n`);
  },
});
await new Promise<void>((r) => out.end(() => r()));
await writeFile(join(dirname(args.out), "features.json"), featureSetManifest(FEATURE_SET));
progress.done();
const secs = (Date.now() - computeStarted) / 1000;
const cpu = process.cpuUsage(cpuStarted);
// CPU seconds as well as wall: on a shared machine the wall rate says more about the neighbours.
const cpuSecs = (cpu.user + cpu.system) / 1e6;
process.stderr.write(
  `extract-features: ${result.rows} transactions, ${labels.length} labels, ${FEATURE_SET.names.length} features ` +
    `in ${secs.toFixed(1)} s (${Math.round(result.rows / secs)}/s wall, ${Math.round(result.rows / cpuSecs)}/s per CPU second; ` +
    `reading ${readSecs.toFixed(1)} s); ` +
    `${result.redelivered} repeated ids, ${result.conflicts} conflicting ids skipped → ${args.out}\n`,
);
