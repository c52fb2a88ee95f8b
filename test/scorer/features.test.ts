import { randomUUID } from "node:crypto";
import { deleteKeysWithPrefix } from "@fraud/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createFeatureStore,
  createMemoryPort,
  createRedisPort,
  deriveFeatures,
  FEATURE_SET,
  type FeatureStore,
  keySpace,
  type StoreLimits,
  type StoreTransaction,
} from "../../services/scorer/src/features/index.js";
import { keysMatching, testRedis } from "./support/redis-keys.js";

// Exact expected feature values for a hand-made sequence, against the real Redis and the
// real Lua scripts and against the memory store of the backfill (the same expectations for
// both): out-of-order event times, a redelivery, a label that must not leak, a reused id.
const t0 = Date.parse("2026-01-05T10:00:00.000Z"); // a Monday
const MIN = 60_000;
const DAY = 86_400_000;

let redis: Awaited<ReturnType<typeof testRedis>>;
const prefix = `test:${randomUUID()}:`;
const LIMITS: StoreLimits = {
  txnTtlMs: 3_600_000,
  entityTtlMs: 3_600_000,
  labelSeenTtlMs: 3_600_000,
  pendingTtlMs: 3_600_000,
  maxEventsPerCard: 1000,
  latenessMs: DAY,
};
const stores: Record<string, FeatureStore> = {};

beforeAll(async () => {
  redis = await testRedis();
  stores.redis = createFeatureStore(createRedisPort(redis, keySpace(prefix)), FEATURE_SET, LIMITS);
  stores.memory = createFeatureStore(createMemoryPort(), FEATURE_SET, LIMITS);
});

afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

const tx = (id: string, t: number, amount: number, card = "tok_c1", terminal = "term-1"): StoreTransaction => ({
  transaction_id: id,
  event_time: t,
  amount_minor: amount,
  card_token: card,
  terminal_id: terminal,
});

describe.each(["redis", "memory"])("features as of event time (%s store)", (which) => {
  const store = new Proxy({} as FeatureStore, {
    get: (_, k) => (stores[which] as unknown as Record<string | symbol, unknown>)[k],
  });
  async function score(...txs: StoreTransaction[]) {
    const recorded = await store.recordBatch(txs);
    return recorded.map((r, i) => {
      if (r.conflict) return { conflict: r.conflict.code, redelivered: false, f: {} as Record<string, number> };
      const values = deriveFeatures(FEATURE_SET, txs[i] as StoreTransaction, r.raw);
      return { redelivered: r.redelivered, f: Object.fromEntries(FEATURE_SET.names.map((n, j) => [n, values[j]])) };
    });
  }

  it("computes exact card windows, terminal windows, labels without leakage, and redelivery", async () => {
    // Old history at the terminal, from another card, 8 days before: inside the delayed window.
    const [old] = await score(tx("tx0", t0 - 8 * DAY, 700, "tok_c2"));
    expect(old?.f.card_amount_count_1d).toBe(1);
    expect(old?.f.card_time_seconds_since_prev).toBe(-1);

    // The fraud label for tx0 becomes known at t0 + 90 min.
    expect(
      await store.applyLabels(
        [{ label_id: "l0", transaction_id: "tx0", label_time: t0 + 90 * MIN, is_fraud: true }],
        0,
      ),
    ).toEqual(["applied"]);
    expect(
      await store.applyLabels(
        [{ label_id: "l0", transaction_id: "tx0", label_time: t0 + 90 * MIN, is_fraud: true }],
        0,
      ),
    ).toEqual(["duplicate"]);

    // One batch: tx1, tx2, tx3 in order, then tx4 out of order (earlier event time than tx3).
    const [a, b, c, d] = await score(
      tx("tx1", t0, 1000),
      tx("tx2", t0 + 30 * MIN, 3000),
      tx("tx3", t0 + 120 * MIN, 500),
      tx("tx4", t0 + 60 * MIN, 2000),
    );
    expect(a?.f).toMatchObject({
      txn_amount_value: 1000,
      card_amount_count_1h: 1,
      card_amount_sum_1h: 1000,
      card_amount_count_30d: 1,
      card_time_seconds_since_prev: -1,
      terminal_tx_count_1d: 1, // tx0 at t0-8d is in [t0-8d, t0-7d)
      terminal_tx_count_7d: 1,
      terminal_fraud_risk_1d: 0, // the label is known only from t0+90min
      txn_time_hour_of_day: 10,
      txn_time_is_weekend: 0,
      txn_time_is_night: 0,
    });
    expect(b?.f).toMatchObject({
      card_amount_count_1h: 2,
      card_amount_sum_1h: 4000,
      card_amount_avg_1h: 2000,
      card_amount_max_1h: 3000,
      card_amount_ratio_to_avg_1d: 1.5,
      card_time_seconds_since_prev: 1800,
    });
    // tx3 at t0+2h: (t0+1h, t0+2h] holds only itself (tx4 not seen yet); the label now counts.
    expect(c?.f).toMatchObject({
      card_amount_count_1h: 1,
      card_amount_sum_1h: 500,
      card_amount_count_1d: 3,
      card_amount_sum_1d: 4500,
      card_amount_max_1d: 3000,
      card_time_seconds_since_prev: 5400,
      terminal_tx_count_1d: 0, // tx0 is 8d2h before: outside [t-8d, t-7d)
      terminal_tx_count_7d: 1,
      terminal_fraud_risk_7d: 1,
    });
    // tx4 at t0+1h arrives after tx3: tx3 is in its future and must not count.
    expect(d?.f).toMatchObject({
      card_amount_count_1h: 2, // tx2 and itself; tx1 at exactly t-1h is outside (t-1h, t]
      card_amount_sum_1h: 5000,
      card_amount_count_1d: 3,
      card_amount_sum_1d: 6000,
      card_amount_max_1d: 3000,
      card_time_seconds_since_prev: 1800,
      terminal_fraud_risk_7d: 0, // label time t0+90min > t0+60min: no leakage
    });

    // Redelivery of tx2 after all that: same values as the first time, nothing changes.
    const [again] = await score(tx("tx2", t0 + 30 * MIN, 3000));
    expect(again?.redelivered).toBe(true);
    expect(again?.f).toEqual(b?.f);
    const [after] = await score(tx("tx5", t0 + 150 * MIN, 100));
    expect(after?.f.card_amount_count_1d).toBe(5); // tx1..tx5; the redelivery added nothing

    // The same id with other content (issue 9 #3): a conflict, never scored, never counted.
    const [reused] = await score(tx("tx2", t0 + 160 * MIN, 950_000, "tok_c9"));
    expect(reused).toMatchObject({ conflict: "FRAUD_ERR_VALIDATE_TXN_ID_CONFLICT" });
    const [next] = await score(tx("tx6", t0 + 170 * MIN, 100, "tok_c9"));
    expect(next?.f.card_amount_count_1d).toBe(1);

    // A cold cache (partition reassigned) reloads the card's history: same values.
    store.resetCache();
    const [cold] = await score(tx("tx2", t0 + 30 * MIN, 3000));
    expect(cold?.f).toEqual(b?.f);
  });

  it("parks a label that arrives before its transaction and applies it when the transaction comes", async () => {
    const term = "term-early";
    expect(
      await store.applyLabels([{ label_id: "early", transaction_id: "txE", label_time: t0, is_fraud: true }], 5),
    ).toEqual(["parked"]);
    await score(tx("txE", t0 - 8 * DAY, 100, "tok_e", term));
    const [later] = await score(tx("txF", t0, 100, "tok_f", term)); // txE is in [t0-8d, t0-7d)
    expect(later?.f.terminal_fraud_risk_1d).toBe(1);
    expect(await store.sweepExpiredPending(Date.now() + 10 * 3_600_000)).toEqual([]);
  });

  it("reports a parked label whose transaction never comes, by fingerprint only", async () => {
    const id = "4111111111111111"; // a hostile transaction id that is a card number
    expect(
      await store.applyLabels([{ label_id: "lost", transaction_id: id, label_time: t0, is_fraud: true }], 7),
    ).toEqual(["parked"]);
    const expired = await store.sweepExpiredPending(7 + 2 * 3_600_000);
    expect(expired).toHaveLength(1);
    expect(expired[0]).not.toContain(id);
    if (which === "redis") expect(await keysMatching(redis, `${prefix}*${id}*`)).toEqual([]);
  });
});

describe("a previous owner's late write (zombie scorer)", () => {
  it("is noticed by the compare-and-set, and the batch redone on the card's real history", async () => {
    const keys = keySpace(`${prefix}zombie:`);
    const a = createFeatureStore(createRedisPort(redis, keys), FEATURE_SET, LIMITS);
    const zombie = createFeatureStore(createRedisPort(redis, keys), FEATURE_SET, LIMITS);
    const count1h = async (s: FeatureStore, t: StoreTransaction) => {
      const [r] = await s.recordBatch([t]);
      if (!r || r.conflict) throw new Error("unexpected conflict");
      return deriveFeatures(FEATURE_SET, t, r.raw)[FEATURE_SET.names.indexOf("card_amount_count_1h")];
    };
    expect(await count1h(a, tx("z1", t0, 100, "tok_z"))).toBe(1); // a caches tok_z
    expect(await count1h(zombie, tx("z2", t0 + MIN, 100, "tok_z"))).toBe(2); // the zombie appends behind a's back
    await expect(a.recordBatch([tx("z3", t0 + 2 * MIN, 100, "tok_z")])).rejects.toMatchObject({
      code: "FRAUD_ERR_FEATURES_STALE_CARD",
      disposition: "transient",
    });
    // The retry reloads the card: z3 sees z1 and the zombie's z2 (and itself, once).
    expect(await count1h(a, tx("z3", t0 + 2 * MIN, 100, "tok_z"))).toBe(3);
    expect(await count1h(a, tx("z4", t0 + 3 * MIN, 100, "tok_z"))).toBe(4);
  });
});
