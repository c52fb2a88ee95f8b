import { createCodecs, type Transaction } from "@fraud/contracts";
import { describe, expect, it } from "vitest";
import { consumeAll, createTestTopic, kafkaForTest } from "../support/helpers.js";

// Avro transactions go through the real broker and a consumer group unchanged, and
// records of one card stay on one partition in order (the scorer's features rely on it).
const T0 = Date.UTC(2026, 2, 1, 9, 0, 0);
const CARDS = ["tok_a1", "tok_b2", "tok_c3", "tok_d4", "tok_e5"];

function tx(i: number): Transaction {
  return {
    transaction_id: `tx-${String(i).padStart(4, "0")}`,
    event_time: T0 + i * 1000,
    card_token: CARDS[i % CARDS.length]!,
    terminal_id: `term-${i % 7}`,
    amount_minor: 100 + i * 37,
    currency: "EUR",
    merchant_category: i % 2 === 0 ? "5411" : null,
    channel: "ecom",
    country: i % 3 === 0 ? "FR" : null,
    customer_id: null,
  };
}

describe("Avro transactions through Kafka", () => {
  it("reads back every transaction, per-card order kept, v1 and v2 writers alike", async () => {
    const codecs = await createCodecs();
    const topic = await createTestTopic(3);
    const sent = Array.from({ length: 30 }, (_, i) => tx(i));
    // The last one is written with schema v1, as an old producer would: the v2 fields read back as null.
    const v1 = { ...sent[29]!, merchant_category: null, channel: null, country: null, customer_id: null };
    sent[29] = v1;
    // Idempotent: a retried send after a transient broker answer must not duplicate records.
    const producer = kafkaForTest().producer({ idempotent: true });
    await producer.connect();
    await producer.send({
      topic,
      messages: sent.map((t, i) => ({
        key: t.card_token,
        value: i === 29 ? codecs.transaction.encodeWith(1, t) : codecs.transaction.encode(t),
      })),
    });

    const records = await consumeAll(topic, { expected: sent.length });
    const received = records.map((r) => ({
      partition: r.partition,
      key: r.key?.toString(),
      tx: codecs.transaction.decode(r.value),
    }));

    expect(received.map((r) => r.tx).sort((a, b) => a.transaction_id.localeCompare(b.transaction_id))).toEqual(sent);
    for (const card of CARDS) {
      const ofCard = received.filter((r) => r.key === card);
      expect(new Set(ofCard.map((r) => r.partition)).size).toBe(1);
      expect(ofCard.map((r) => r.tx.transaction_id)).toEqual(
        sent.filter((t) => t.card_token === card).map((t) => t.transaction_id),
      );
    }
    expect(new Set(received.map((r) => r.partition)).size).toBeGreaterThan(1);
  });
});
