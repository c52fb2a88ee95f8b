import type { Codecs, Label, Transaction } from "@fraud/contracts";
import { kafkaForTest } from "../../support/helpers.js";
import { transaction } from "../../support/scorer.js";

/**
 * A deterministic golden stream for the invariants tier: the same seed gives the same
 * transactions and labels, so two runs of the scorer (uninterrupted vs crashed, one
 * instance vs two) must give the same decisions and the same Redis state.
 *
 * A few "hot" cards carry most of the traffic, so card_amount_count_1h ranges from 1 to
 * a few dozen and a model on it flags a meaningful share. Transactions are in event-time
 * order; labels point at transactions of the stream, so every label finds its transaction
 * whichever topic the scorer happens to read first (the final Redis state converges).
 */
export interface GoldenStream {
  transactions: Transaction[];
  labels: Label[];
}

export interface StreamShape {
  seed: number;
  count: number;
  cards: number;
  hotCards: number;
  /** How much more often a hot card pays than a normal one. */
  hotWeight: number;
  terminals: number;
  spanMs: number;
  labels: number;
  start: number;
}

export const DEFAULT_SHAPE: StreamShape = {
  seed: 20260302,
  count: 2000,
  cards: 60,
  hotCards: 6,
  hotWeight: 8,
  terminals: 20,
  spanMs: 3 * 3_600_000,
  labels: 12,
  start: Date.parse("2026-03-02T08:00:00.000Z"),
};

/** mulberry32: tiny, seedable, good enough to spread test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function goldenStream(shape: Partial<StreamShape> = {}): GoldenStream {
  const s = { ...DEFAULT_SHAPE, ...shape };
  const rnd = prng(s.seed);
  const weights = Array.from({ length: s.cards }, (_, i) => (i < s.hotCards ? s.hotWeight : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const pickCard = () => {
    let x = rnd() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i] as number;
      if (x < 0) return i;
    }
    return weights.length - 1;
  };
  // Distinct, sorted event times: ties would make "previous transaction" order-dependent.
  const times = new Set<number>();
  while (times.size < s.count) times.add(s.start + Math.floor(rnd() * s.spanMs));
  const sorted = [...times].sort((a, b) => a - b);
  const transactions = sorted.map((t, i) => {
    const card = pickCard();
    return transaction({
      transaction_id: `tx-${s.seed}-${String(i).padStart(5, "0")}`,
      event_time: t,
      card_token: `tok_card_${String(card).padStart(3, "0")}`,
      terminal_id: `term_${String(Math.floor(rnd() * s.terminals)).padStart(3, "0")}`,
      amount_minor: 100 + Math.floor(rnd() * 20_000),
    });
  });
  const step = Math.floor(s.count / (s.labels + 1));
  const labels = Array.from({ length: s.labels }, (_, i): Label => {
    const tx = transactions[(i + 1) * step] as Transaction;
    return {
      label_id: `lb-${s.seed}-${i}`,
      transaction_id: tx.transaction_id,
      label_time: tx.event_time + 30 * 60_000,
      is_fraud: i % 3 !== 2,
      source: "chargeback",
    };
  });
  return { transactions, labels };
}

/**
 * Produces the stream in many small sends, so each partition holds many small record
 * batches: with a small KAFKA_MAX_BYTES_PER_PARTITION the scorer then works in many small
 * Kafka transactions (a fetch returns at least one whole record batch, however large).
 */
export async function produceStream(
  topics: { transactions: string; labels: string },
  stream: GoldenStream,
  codecs: Codecs,
  chunk = 8,
): Promise<void> {
  const producer = kafkaForTest().producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const txs = stream.transactions;
  for (let i = 0; i < txs.length; i += chunk) {
    await producer.send({
      topic: topics.transactions,
      messages: txs.slice(i, i + chunk).map((tx) => ({ key: tx.card_token, value: codecs.transaction.encode(tx) })),
    });
  }
  const byId = new Map(txs.map((t) => [t.transaction_id, t]));
  await producer.send({
    topic: topics.labels,
    messages: stream.labels.map((l) => ({
      key: byId.get(l.transaction_id)?.card_token ?? l.transaction_id,
      value: codecs.label.encode(l),
    })),
  });
  await producer.disconnect();
}
