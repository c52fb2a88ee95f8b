import { type Codecs, createCodecs, type Label, type Transaction } from "@fraud/contracts";
import type { Producer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumeAll, kafkaForTest, randomId, withTimeout } from "../support/helpers.js";
import {
  type Deployment,
  deployment,
  type ScorerProcess,
  scorerTopics,
  startScorer,
  stopScorer,
  tinyModel,
  transaction,
} from "../support/scorer.js";

// Payment systems that write with exactly-once semantics produce in Kafka transactions, so
// every partition of `transactions` and `labels` ends with a commit marker (a control
// record no consumer ever sees). A partition whose committed offset stops at the marker
// never looks caught up: it would never be idle, and event-time alignment would hold live
// traffic behind it (a live transaction waits for the labels partitions to pass its time).
// The scorer must commit past the markers, report itself caught up, and score live
// transactions promptly.

const DAY = 86_400_000;
const t0 = Date.parse("2026-03-02T12:00:00.000Z");
let codecs: Codecs;
let d: Deployment;
let scorer: ScorerProcess;
let producer: Producer;

/** One Kafka transaction per call, like an exactly-once upstream: each partition written ends with a marker. */
async function inTransaction(txs: readonly Transaction[], labels: readonly Label[] = []): Promise<void> {
  const t = await producer.transaction();
  if (txs.length > 0)
    await t.send({
      topic: d.topics.transactions,
      messages: txs.map((x) => ({ key: x.card_token, value: codecs.transaction.encode(x) })),
    });
  if (labels.length > 0)
    await t.send({
      topic: d.topics.labels,
      messages: labels.map((l) => ({ key: l.transaction_id, value: codecs.label.encode(l) })),
    });
  await t.commit();
}

/** Transaction ids of the decisions, once `total` have been published. */
const decided = async (total: number) =>
  (await consumeAll(d.topics.decisions, { expected: total, timeoutMs: 60_000 })).map(
    (r) => codecs.decision.decode(r.value).transaction_id,
  );

beforeAll(async () => {
  codecs = await createCodecs();
  const model = await tinyModel({ card_amount_count_1h: 1 }, { bias: -5, review: 0.5, decline: 0.9 });
  d = deployment(await scorerTopics(2), model);
  producer = kafkaForTest().producer({
    transactionalId: randomId("test-upstream"),
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  scorer = await startScorer(d);
});

afterAll(async () => {
  await stopScorer(scorer);
  await producer.disconnect();
});

describe("inputs written in Kafka transactions", () => {
  it("are committed past their markers, so the scorer catches up and live traffic is scored", async () => {
    const history = Array.from({ length: 20 }, (_, i) =>
      transaction({ transaction_id: `h-${i}`, event_time: t0 + i * 60_000, card_token: `tok_${i % 4}` }),
    );
    await inTransaction(history, [
      { label_id: "l-0", transaction_id: "h-0", label_time: t0 + DAY, is_fraud: true, source: "chargeback" },
      { label_id: "l-1", transaction_id: "h-1", label_time: t0 + DAY, is_fraud: false, source: "chargeback" },
    ]);
    expect((await decided(history.length)).sort()).toEqual(history.map((x) => x.transaction_id).sort());

    // Caught up: every assigned partition's committed offset reached its log end, markers included.
    await withTimeout(
      (async () => {
        while ((await scorer.metric("fraud_caught_up")) !== 1) await new Promise((r) => setTimeout(r, 200));
      })(),
      30_000,
      "the scorer reporting itself caught up",
    );

    // A live transaction two days later: nothing on any partition is older than it but a
    // partition's own history, so alignment must not hold it.
    const live = transaction({ transaction_id: "live-1", event_time: t0 + 2 * DAY, card_token: "tok_live" });
    await inTransaction([live]);
    expect(await decided(history.length + 1)).toContain("live-1");
  });
});
