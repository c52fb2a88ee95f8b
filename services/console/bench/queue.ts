/**
 * What one queue render costs at the index's bound: N alerts in the index, their case
 * states read from the real Redis (one HGETALL per alert, issued together), filtered and
 * sorted, and the rows rendered. Also the heap the N alerts take. Prints figures.
 *   REDIS_URL=redis://127.0.0.1:16379 node --expose-gc --import tsx services/console/bench/queue.ts [N]
 */
import { randomBytes } from "node:crypto";
import { CaseIndex, createCaseStore, createDesk, parseQueueFilter } from "@fraud/cases";
import { createCodecs } from "@fraud/contracts";
import { createRedis, deleteKeysWithPrefix, loadConfig, redisSettings, systemClock } from "@fraud/platform";
import { queueRows } from "../src/views/queue.js";

const n = Number(process.argv[2] ?? 20_000);
const gc = (globalThis as { gc?: () => void }).gc;
const redis = createRedis(loadConfig(redisSettings));
await redis.connect();
const prefix = `bench-console-${randomBytes(4).toString("hex")}:`;
const index = new CaseIndex({ maxAlerts: n, maxDecisions: n, perCard: 50 });
const features = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`feature_${i}`, i * 1.5]));
gc?.();
const before = process.memoryUsage().heapUsed;
for (let i = 0; i < n; i++) {
  index.addAlert({
    transaction_id: `tx_${i.toString(16).padStart(8, "0")}`,
    card_token: `tok_${(i % 5000).toString(16).padStart(16, "0")}`,
    terminal_id: `term_${(i % 500).toString(16).padStart(12, "0")}`,
    event_time: 1_767_225_600_000 + i * 1000,
    amount_minor: 1000 + (i % 9000),
    currency: "EUR",
    score: (i % 1000) / 1000,
    threshold: 0.5,
    decision: i % 3 === 0 ? "decline" : "review",
    model_version: "gbm-bench",
    feature_set_version: "fs-bench",
    reasons: Array.from({ length: 3 }, (_, k) => ({
      feature: `feature_${k}`,
      value: k,
      contribution: 0.1 * (3 - k),
      detail: `feature_${k} is ${k} (typical 0); it adds ${0.1 * (3 - k)} to the score`,
      code: `R_FEATURE_${k}`,
    })),
    features: { ...features }, // each decoded alert has its own map
    scored_at: 1_767_225_600_000 + i * 1000,
  });
}
gc?.();
const heapPerAlert = (process.memoryUsage().heapUsed - before) / n;
const desk = createDesk({
  index,
  store: createCaseStore(redis, prefix, systemClock),
  sink: { send: async () => undefined, close: async () => undefined },
  codecs: await createCodecs(),
  clock: systemClock,
});
const filter = parseQueueFilter({ sort: "riskiest" });
if ("error" in filter) throw new Error(filter.error);
const times: number[] = [];
for (let r = 0; r < 5; r++) {
  const t0 = performance.now();
  const { rows } = await desk.queue(filter.ok);
  queueRows(rows, Date.now());
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(
  `alerts ${n}: queue render (states from Redis, filter, sort, 200 rows) median ${times[2]?.toFixed(1)} ms, min ${times[0]?.toFixed(1)} ms; heap ${(heapPerAlert / 1024).toFixed(2)} KB per alert${gc ? "" : " (run with --expose-gc for a steadier figure)"}`,
);
await deleteKeysWithPrefix(redis, prefix);
await redis.quit();
