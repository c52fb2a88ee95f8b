import { randomUUID } from "node:crypto";
import { deleteKeysWithPrefix } from "@fraud/platform";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createFeatureStore,
  createMemoryPort,
  createRedisPort,
  deriveFeatures,
  FEATURE_SET,
  type FeatureStore,
  keySpace,
  type StoreLabel,
  type StoreLimits,
  type StoreTransaction,
} from "../../services/scorer/src/features/index.js";
import { type OwnCluster, startOwnCluster } from "./support/own-cluster.js";

// One implementation, two stores: the same stream through the memory store (the backfill)
// and the Redis store (standalone and a real 3-master Cluster), cut into different batches,
// with cache resets (partition reassignments) on the Redis side, gives identical values for
// every transaction: out-of-order events, redeliveries, reused ids, labels before and after
// their transaction, and a card-testing burst past MAX_EVENTS_PER_CARD.
const MIN = 60_000;
const DAY = 86_400_000;
const LIMITS: StoreLimits = {
  txnTtlMs: 3_600_000,
  entityTtlMs: 3_600_000,
  labelSeenTtlMs: 3_600_000,
  pendingTtlMs: 3_600_000,
  maxEventsPerCard: 100,
  latenessMs: DAY,
};

type Item = { tx: StoreTransaction } | { label: StoreLabel };

/** Deterministic PRNG (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function stream(): Item[] {
  const r = rng(42);
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  const txs: StoreTransaction[] = [];
  for (let i = 0; i < 2500; i++) {
    // Mostly in time order, some up to 2 h late in processing order.
    const t = t0 + Math.floor((i / 2500) * 20 * DAY) - (r() < 0.1 ? Math.floor(r() * 120 * MIN) : 0);
    txs.push({
      transaction_id: `tx-${i}`,
      event_time: t,
      amount_minor: 100 + Math.floor(r() * 10_000),
      card_token: `tok-${Math.floor(r() * 40)}`,
      terminal_id: `term-${Math.floor(r() * 6)}`,
    });
  }
  const burstAt = t0 + 15 * DAY;
  for (let i = 0; i < 450; i++) {
    txs.push({
      transaction_id: `burst-${i}`,
      event_time: burstAt + i * 1000,
      amount_minor: 1,
      card_token: "tok-burst",
      terminal_id: "term-1",
    });
  }
  txs.sort((a, b) => a.event_time - b.event_time);
  const items: Item[] = [];
  const labelsLater: { at: number; label: StoreLabel }[] = [];
  txs.forEach((tx, i) => {
    if (r() < 0.06) {
      const label = {
        label_id: `l-${tx.transaction_id}`,
        transaction_id: tx.transaction_id,
        label_time: tx.event_time + Math.floor(r() * 10 * DAY),
        is_fraud: r() < 0.9,
      };
      // A third of the labels come before their transaction (parked), the rest later.
      if (r() < 0.33) items.push({ label });
      else labelsLater.push({ at: i + 1 + Math.floor(r() * 400), label });
      if (r() < 0.2) labelsLater.push({ at: i + 50, label }); // a duplicate label
    }
    items.push({ tx });
    for (const l of labelsLater.filter((x) => x.at === i)) items.push({ label: l.label });
    if (r() < 0.03 && i > 10) items.push({ tx: txs[i - Math.floor(r() * 10)] as StoreTransaction }); // redelivery
    if (r() < 0.005 && i > 10) {
      const old = txs[i - 5] as StoreTransaction;
      items.push({ tx: { ...old, amount_minor: old.amount_minor + 1 } }); // reused id, other content
    }
  });
  return items;
}

type Outcome = string;

async function run(store: FeatureStore, items: Item[], seed: number, resets: boolean): Promise<Outcome[]> {
  const r = rng(seed);
  const out: Outcome[] = [];
  let batch: StoreTransaction[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const recorded = await store.recordBatch(batch);
    recorded.forEach((rec, i) => {
      if (rec.conflict) out.push(`conflict ${rec.conflict.code}`);
      else
        out.push(
          `${rec.redelivered ? "again" : "first"} ${deriveFeatures(FEATURE_SET, batch[i] as StoreTransaction, rec.raw).join(",")}`,
        );
    });
    batch = [];
    if (resets && r() < 0.1) store.resetCache();
  };
  let size = 1 + Math.floor(r() * 60);
  for (const item of items) {
    if ("label" in item) {
      await flush();
      out.push(`label ${(await store.applyLabels([item.label], 0)).join()}`);
      continue;
    }
    batch.push(item.tx);
    if (batch.length >= size) {
      await flush();
      size = 1 + Math.floor(r() * 60);
    }
  }
  await flush();
  return out;
}

const items = stream();
let expected: Outcome[];
let redis: Redis;
let cluster: OwnCluster | undefined;
const prefix = `test-stores:${randomUUID()}:`;

beforeAll(async () => {
  expected = await run(createFeatureStore(createMemoryPort(), FEATURE_SET, LIMITS), items, 1, false);
  redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:16379");
});

afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
  await cluster?.stop();
});

describe("memory store and Redis store give identical features", () => {
  it("the stream exercises what it claims", () => {
    expect(expected.filter((o) => o.startsWith("again")).length).toBeGreaterThan(20);
    expect(expected.filter((o) => o.startsWith("conflict")).length).toBeGreaterThan(3);
    expect(expected.filter((o) => o === "label parked").length).toBeGreaterThan(5);
    expect(expected.filter((o) => o === "label applied").length).toBeGreaterThan(5);
    expect(expected.filter((o) => o === "label duplicate").length).toBeGreaterThan(1);
  });

  it("on standalone Redis, in other batches, with cache resets", async () => {
    const store = createFeatureStore(createRedisPort(redis, keySpace(prefix)), FEATURE_SET, LIMITS);
    const got = await run(store, items, 2, true);
    expect(got.length).toBe(expected.length);
    expect(got.filter((o, i) => o !== expected[i])).toEqual([]);
  });

  it("on a 3-master Redis Cluster", async () => {
    cluster = await startOwnCluster();
    const store = createFeatureStore(createRedisPort(cluster.client, keySpace("c:")), FEATURE_SET, LIMITS);
    const got = await run(store, items, 3, true);
    expect(got.filter((o, i) => o !== expected[i])).toEqual([]);
  }, 240_000);
});
