/**
 * Feature store benchmark: drives the feature store with a simulated history (transactions
 * interleaved with their chargebacks in time order) offline (memory store) and online
 * (Redis store, under a random key prefix, deleted afterwards), and prints:
 *   offline backfill rows/s (wall and per CPU second), Redis CPU per transaction (sum of
 *   INFO commandstats usec deltas), bytes per remembered transaction (used_memory delta),
 *   bytes per active card / terminal / txn index entry (MEMORY USAGE samples), and the
 *   number of transactions whose online and offline features differ (must be 0).
 *
 *   npx tsx services/scorer/bench/features.ts [--days 30] [--cards 2000] [--terminals 500] [--batch 200]
 *
 * REDIS_URL as for the scorer (loopback only). INFO counters are server-wide: on a shared
 * Redis other clients inflate them, so point REDIS_URL at a private redis-server for clean
 * figures (README, "Feature store sizing").
 */
import { randomUUID } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import type { Label, Transaction } from "@fraud/contracts";
import { deleteKeysWithPrefix } from "@fraud/platform";
import { chargebackFor, createRng, DEFAULT_CHARGEBACKS, interleaveLabels, simulateDays } from "@fraud/traffic";
import { Redis } from "ioredis";
import { computeFeatures } from "../src/features/compute.js";
import {
  createFeatureStore,
  createMemoryPort,
  createRedisPort,
  extractFeatures,
  FEATURE_SET,
  type FeatureStore,
  keySpace,
  type StoreLimits,
} from "../src/features/index.js";
import { commandUsec, memoryUsage, redisCpuSeconds, sampleUsage } from "./redis-usage.js";

const DAY = 86_400_000;
const BOUNDS = {
  days: [1, 60, 30],
  cards: [10, 20_000, 2000],
  terminals: [5, 5000, 500],
  batch: [1, 5000, 200],
} as const;
const opts = Object.fromEntries(Object.entries(BOUNDS).map(([k, b]) => [k, b[2]])) as Record<string, number>;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const name = (argv[i] ?? "").replace(/^--/, "");
  const b = BOUNDS[name as keyof typeof BOUNDS];
  const n = Number(argv[++i]);
  if (!b || !Number.isInteger(n) || n < b[0] || n > b[1]) {
    process.stderr.write(
      `usage: features.ts [--days 1..60] [--cards 10..20000] [--terminals 5..5000] [--batch 1..5000]\n`,
    );
    process.exit(2);
  }
  opts[name] = n;
}
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:16379";
if (!/^rediss?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(redisUrl))
  throw new Error(`loopback Redis only, got ${redisUrl}`);

const LIMITS: StoreLimits = {
  txnTtlMs: 45 * DAY,
  entityTtlMs: 45 * DAY,
  labelSeenTtlMs: 180 * DAY,
  pendingTtlMs: 30 * DAY,
  maxEventsPerCard: 5000,
  latenessMs: DAY,
};

// The history, in time order, labels interleaved where they become known.
const start = Math.floor(Date.now() / DAY) * DAY - ((opts.days as number) + 1) * DAY;
const rng = createRng(7);
const sim = simulateDays({
  seed: 1,
  start,
  days: opts.days as number,
  population: { cards: opts.cards as number, terminals: opts.terminals as number },
});
const stream: ({ tx: Transaction } | { label: Label })[] = [];
for (const t of interleaveLabels(sim.events, (e) => chargebackFor(e, DEFAULT_CHARGEBACKS, rng), false)) {
  stream.push(t.kind === "transaction" ? { tx: t.event.tx } : { label: t.event.label });
}
const txs = stream.flatMap((s) => ("tx" in s ? [s.tx] : []));
const labels = stream.flatMap((s) => ("label" in s ? [s.label] : []));
const log = (s: string) => process.stdout.write(`${s}\n`);
log(
  `history: ${txs.length} transactions, ${labels.length} labels, ${opts.cards} cards, ${opts.terminals} terminals, ${opts.days} days`,
);

// Offline: the backfill's path (memory store, labels first).
const offline = new Map<string, number[]>();
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
await extractFeatures({
  store: createFeatureStore(createMemoryPort(), FEATURE_SET, LIMITS),
  set: FEATURE_SET,
  transactions: txs,
  labels,
  batchSize: 2000,
  now: 0,
  onRows: (rows, values) => {
    for (const [i, tx] of rows.entries()) offline.set(tx.transaction_id, values[i] as number[]);
  },
});
const cpu = process.cpuUsage(cpu0);
const wall = (performance.now() - wall0) / 1000;
log(
  `offline (memory store): ${Math.round(txs.length / ((cpu.user + cpu.system) / 1e6))} rows/s per CPU second, ` +
    `${Math.round(txs.length / wall)} rows/s wall`,
);

// Online: the scorer's path (Redis store, batches in stream order, labels as they come).
const redis = new Redis(redisUrl);
// As short as the default "fraud:": every key carries the prefix, so a long one would
// inflate the bytes per transaction this benchmark reports.
const prefix = `bf${randomUUID().slice(0, 6)}:`;
const keys = keySpace(prefix);
const store: FeatureStore = createFeatureStore(createRedisPort(redis, keys), FEATURE_SET, LIMITS);
let differences = 0;
try {
  const usec0 = await commandUsec(redis);
  const redisCpu0 = await redisCpuSeconds(redis);
  const mem0 = await memoryUsage(redis);
  const t0 = performance.now();
  let batch: Transaction[] = [];
  let pending: Label[] = [];
  const flush = async () => {
    if (pending.length > 0) await store.applyLabels(pending, 0);
    pending = [];
    if (batch.length === 0) return;
    const featured = await computeFeatures(store, FEATURE_SET, batch);
    featured.forEach((f, i) => {
      const want = offline.get((batch[i] as Transaction).transaction_id);
      if (f.conflict || JSON.stringify(f.values) !== JSON.stringify(want)) differences++;
    });
    batch = [];
  };
  for (const s of stream) {
    if ("label" in s) {
      if (batch.length > 0) await flush();
      pending.push(s.label);
    } else {
      if (pending.length > 0) await flush();
      batch.push(s.tx);
      if (batch.length >= (opts.batch as number)) await flush();
    }
  }
  await flush();
  const secs = (performance.now() - t0) / 1000;
  const usec = (await commandUsec(redis)) - usec0;
  const redisCpu = (await redisCpuSeconds(redis)) - redisCpu0;
  const mem = (await memoryUsage(redis)) - mem0;
  const card = await sampleUsage(redis, `${prefix}{c:*`);
  const terminal = await sampleUsage(redis, `${prefix}{t:*`);
  const txn = await sampleUsage(redis, `${prefix}{x:*`);
  log(`online (Redis store): ${Math.round(txs.length / secs)} transactions/s, batch ${opts.batch}`);
  log(
    `  Redis CPU per transaction: ${(usec / txs.length).toFixed(1)} µs in commands (INFO commandstats usec delta of ` +
      `top-level commands / transactions; target <= 20), ${((redisCpu * 1e6) / txs.length).toFixed(1)} µs of the ` +
      `whole server process (INFO cpu, network and parsing included)`,
  );
  log(
    `  bytes per remembered transaction: ${Math.round(mem / txs.length)} (used_memory delta / transactions; target <= 250)`,
  );
  log(
    `  bytes per active card ${Math.round(card.avg)} (${card.keys} keys), per terminal ${Math.round((terminal.avg * terminal.keys) / (opts.terminals as number))} ` +
      `(3 keys each), per txn index entry ${Math.round(txn.avg)}`,
  );
  // Calibration: the same server CPU measure for plain SETs sent the same way (concurrent
  // promises), so a reader can tell the machine's load from the store's cost.
  const cal = 50_000;
  const calCpu0 = await redisCpuSeconds(redis);
  for (let i = 0; i < cal; i += 500) {
    await Promise.all(Array.from({ length: 500 }, (_, j) => redis.set(`${prefix}cal:${(i + j) % 1000}`, "x")));
  }
  const calCpu = (await redisCpuSeconds(redis)) - calCpu0;
  log(
    `  calibration: a plain SET costs ${((calCpu * 1e6) / cal).toFixed(1)} µs of server CPU right now ` +
      `(about 1-2 µs on a quiet machine); load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
  );
  log(`online vs offline: ${differences} of ${txs.length} transactions differ (must be 0)`);
} finally {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
}
process.exitCode = differences === 0 ? 0 : 1;
