import { createCodecs, type Decision } from "@fraud/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumeAll } from "../support/helpers.js";
import {
  type Deployment,
  deployment,
  produceTransactions,
  type ScorerProcess,
  scorerTopics,
  startScorer,
  stopScorer,
  tinyModel,
  transaction,
} from "../support/scorer.js";
import { keysMatching, testRedis } from "./support/redis-keys.js";

// Issue 9 #3, on the real broker and Redis: a second transaction with a seen transaction_id
// but another card, amount or terminal is dead-lettered with its own code and counted; it
// is never scored with the first one's features and never enters its card's history.
// A redelivery (same content) stays idempotent.
const MIN = 60_000;
const t0 = Date.parse("2026-03-02T12:00:00.000Z");
const codecs = await createCodecs();
let d: Deployment;
let scorer: ScorerProcess;
const redis = await testRedis();

beforeAll(async () => {
  const model = await tinyModel({ card_amount_count_1h: 1 }, { bias: -5, review: 0.5, decline: 0.9 });
  // One partition: which of two records with one id came first must not depend on partition speed.
  d = deployment(await scorerTopics(1), model);
  scorer = await startScorer(d);
});

afterAll(async () => {
  await stopScorer(scorer);
  await redis.quit();
});

describe("a reused transaction id with other content", () => {
  it("is dead-lettered as FRAUD_ERR_VALIDATE_TXN_ID_CONFLICT, counted, and never scored", async () => {
    const first = transaction({ transaction_id: "pay-1", event_time: t0, card_token: "tok_x", amount_minor: 1000 });
    await produceTransactions(d.topics.transactions, [
      first,
      { ...first }, // redelivery: same content
      { ...first, card_token: "tok_y", amount_minor: 950_000, event_time: t0 + MIN }, // reuse: other card and amount
      { ...first, amount_minor: 2000 }, // reuse: same card, other amount
      transaction({ transaction_id: "pay-2", event_time: t0 + 2 * MIN, card_token: "tok_y", amount_minor: 10 }),
      transaction({ transaction_id: "pay-3", event_time: t0 + 3 * MIN, card_token: "tok_x", amount_minor: 10 }),
    ]);
    const dead = await consumeAll(d.topics.deadLetters, { expected: 2, timeoutMs: 60_000 });
    expect(dead.map((r) => String(r.headers["x-error-code"]))).toEqual([
      "FRAUD_ERR_VALIDATE_TXN_ID_CONFLICT",
      "FRAUD_ERR_VALIDATE_TXN_ID_CONFLICT",
    ]);
    const decisions = (await consumeAll(d.topics.decisions, { expected: 4, timeoutMs: 60_000 })).map((r) =>
      codecs.decision.decode(r.value),
    );
    // pay-1 twice (first time and its redelivery, identical features), pay-2, pay-3.
    expect(decisions.map((x) => x.transaction_id).sort()).toEqual(["pay-1", "pay-1", "pay-2", "pay-3"]);
    const pay1 = decisions.filter((x) => x.transaction_id === "pay-1") as [Decision, Decision];
    expect(pay1[1].features).toEqual(pay1[0].features);
    const f = (id: string) => (decisions.find((x) => x.transaction_id === id) as Decision).features;
    // The reused ids' amounts never entered any card's history.
    expect(f("pay-2")).toMatchObject({ card_amount_count_1h: 1, card_amount_sum_1h: 10 });
    expect(f("pay-3")).toMatchObject({ card_amount_count_1h: 2, card_amount_sum_1h: 1010 });
    expect(await scorer.metric("fraud_txn_id_conflicts_total")).toBe(2);
    // Redis names transactions by fingerprint only.
    expect(await keysMatching(redis, `${d.redisPrefix}*pay-1*`)).toEqual([]);
  });
});
