/**
 * Offline features for training, computed by the scorer's own feature code and Lua
 * scripts against a scratch key prefix in Redis (deleted afterwards).
 *
 *   npx tsx services/scorer/src/cli/extract-features.ts \
 *     --transactions data/transactions.csv [--labels data/labels.csv] --out data/features.csv
 *
 * Writes features.csv (transaction_id,event_time,card_token,terminal_id,<features in model
 * order>) and features.json ({feature_set_version, features}) beside it. REDIS_URL etc. as
 * for the scorer.
 */
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { formatCsvRow, formatTimestamp, type Label, readRecords, type Transaction } from "@fraud/contracts";
import { createRedis, deleteKeysWithPrefix, loadConfig } from "@fraud/platform";
import { scorerSettings } from "../config.js";
import { createFeatureStore, extractFeatures, FEATURE_SET, featureSetManifest, keySpace } from "../features/index.js";

const { values: args } = parseArgs({
  options: {
    transactions: { type: "string" },
    labels: { type: "string" },
    out: { type: "string" },
    help: { type: "boolean" },
  },
});
if (args.help || !args.transactions || !args.out) {
  process.stderr.write("usage: extract-features --transactions FILE [--labels FILE] --out features.csv\n");
  process.exit(args.help ? 0 : 2);
}

const config = loadConfig(scorerSettings);
const redis = createRedis(config);
await redis.connect();
const prefix = `${config.keyPrefix}extract:${randomUUID()}:`;
const store = createFeatureStore(redis, keySpace(prefix), FEATURE_SET, config);

const transactions: Transaction[] = [];
for await (const { record } of readRecords(args.transactions, "transaction")) transactions.push({ ...record });
const labels: Label[] = [];
if (args.labels) for await (const { record } of readRecords(args.labels, "label")) labels.push({ ...record });

const out = createWriteStream(args.out);
const write = (line: string) => (out.write(line) ? undefined : new Promise<void>((r) => out.once("drain", () => r())));
await write(`${formatCsvRow(["transaction_id", "event_time", "card_token", "terminal_id", ...FEATURE_SET.names])}\n`);
const started = Date.now();
try {
  const result = await extractFeatures({
    store,
    set: FEATURE_SET,
    transactions,
    labels,
    now: Date.now(),
    onRows: async (txs, values) => {
      const lines = txs.map((tx, i) =>
        formatCsvRow([
          tx.transaction_id,
          formatTimestamp(tx.event_time),
          tx.card_token,
          tx.terminal_id,
          ...(values[i] ?? []).map(String),
        ]),
      );
      await write(`${lines.join("\n")}\n`);
    },
  });
  await new Promise<void>((r) => out.end(() => r()));
  await writeFile(join(dirname(args.out), "features.json"), featureSetManifest(FEATURE_SET));
  const secs = (Date.now() - started) / 1000;
  process.stderr.write(
    `extract-features: ${result.rows} transactions, ${labels.length} labels, ${FEATURE_SET.names.length} features in ${secs.toFixed(1)} s (${Math.round(result.rows / secs)}/s)\n`,
  );
} finally {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
}
