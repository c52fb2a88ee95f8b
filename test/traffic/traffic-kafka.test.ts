import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createCodecs, type Decision } from "@fraud/contracts";
import { systemClock } from "@fraud/platform";
import {
  chargebackFor,
  createRng,
  DEFAULT_CHARGEBACKS,
  interleaveLabels,
  type SimEvent,
  simulateDays,
  type Timed,
} from "@fraud/traffic";
import { afterAll, describe, expect, it } from "vitest";
import { readDecisionsFromKafka } from "../../services/traffic/src/evaluate/decisions-kafka.js";
import { mergeByTime } from "../../services/traffic/src/replay/merge.js";
import { replay } from "../../services/traffic/src/replay/run.js";
import { labelsFrom, transactionsFrom } from "../../services/traffic/src/replay/source.js";
import { createFileSink } from "../../services/traffic/src/sinks/file-sink.js";
import { createKafkaPublisher, timedToKafka } from "../../services/traffic/src/sinks/kafka-sink.js";
import { pump } from "../../services/traffic/src/sinks/pump.js";
import { consumeAll, createTestTopic, kafkaForTest } from "../support/helpers.js";

const dir = mkdtempSync(join(tmpdir(), "traffic-it-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function simulate(): { events: SimEvent[]; items: Timed[] } {
  const { events } = simulateDays({
    seed: 21,
    start: Date.UTC(2026, 0, 1),
    days: 3,
    population: { cards: 200, terminals: 60 },
    fraudRate: 0.05,
  });
  const all = [...events];
  const rng = createRng(21).fork("chargebacks");
  const items = [
    ...interleaveLabels(all, (e) => chargebackFor(e, { ...DEFAULT_CHARGEBACKS, unreportedShare: 0 }, rng)),
  ];
  return { events: all, items };
}

describe("traffic → Kafka", () => {
  it("publishes simulated transactions and chargebacks, Avro, keyed by card token", async () => {
    const { kafka } = kafkaForTest();
    const codecs = await createCodecs();
    const topics = { transactions: await createTestTopic(12), labels: await createTestTopic(3) };
    const { events, items } = simulate();
    const sink = timedToKafka(await createKafkaPublisher({ kafka, codecs, topics, batchSize: 100 }));
    await pump(items, [sink]);
    await sink.close();

    const labelCount = items.filter((i) => i.kind === "label").length;
    expect(labelCount).toBe(events.filter((e) => e.truth.is_fraud).length);
    const txRecords = await consumeAll(topics.transactions, { expected: events.length });
    const lbRecords = await consumeAll(topics.labels, { expected: labelCount });
    expect(txRecords).toHaveLength(events.length);
    expect(lbRecords).toHaveLength(labelCount);

    const byId = new Map(events.map((e) => [e.tx.transaction_id, e.tx]));
    const partitionOfCard = new Map<string, number>();
    for (const r of txRecords) {
      const tx = codecs.transaction.decode(r.value);
      expect(tx).toEqual(byId.get(tx.transaction_id));
      expect(r.key?.toString()).toBe(tx.card_token);
      // One card, one partition: the scorer sees a card's history in order.
      const p = partitionOfCard.get(tx.card_token) ?? r.partition;
      expect(r.partition).toBe(p);
      partitionOfCard.set(tx.card_token, p);
    }
    expect(new Set(txRecords.map((r) => r.partition)).size).toBeGreaterThan(6);
    for (const r of lbRecords) {
      const label = codecs.label.decode(r.value);
      expect(r.key?.toString()).toBe(byId.get(label.transaction_id)!.card_token);
      expect(label.source).toBe("chargeback");
    }
  });

  it("replays files in event-time order with labels interleaved", async () => {
    const { kafka } = kafkaForTest();
    const codecs = await createCodecs();
    const topics = { transactions: await createTestTopic(1), labels: await createTestTopic(1) };
    const { items } = simulate();
    const files = createFileSink(join(dir, "replay"), "jsonl");
    await pump(items, [files]);
    await files.close();

    const out = await createKafkaPublisher({ kafka, codecs, topics });
    const skip = { onError: "stop" as const, onSkip: () => {} };
    const merged = mergeByTime(transactionsFrom(files.files.transactions, skip), labelsFrom(files.files.labels, skip));
    const counts = await replay(merged, out, { clock: systemClock, sleep, limit: 1500 });
    await out.close();
    expect(counts.transactions + counts.labels).toBe(1500);
    const expected = items.slice(0, 1500);
    const txs = await consumeAll(topics.transactions, { expected: counts.transactions });
    // A single partition keeps the publish order: it must be the simulator's time order.
    expect(txs.map((r) => codecs.transaction.decode(r.value).transaction_id)).toEqual(
      expected.flatMap((i) => (i.kind === "transaction" ? [i.event.tx.transaction_id] : [])),
    );
    const labels = await consumeAll(topics.labels, { expected: counts.labels, quietMs: 2000 });
    expect(labels.length).toBe(counts.labels);
  });

  it("evaluation reads committed decisions up to the end offsets and stops", async () => {
    const tk = kafkaForTest();
    const codecs = await createCodecs();
    const topic = await createTestTopic(4);
    const { events } = simulate();
    const decisions: Decision[] = events.slice(0, 2000).map((e, i) => ({
      transaction_id: e.tx.transaction_id,
      card_token: e.tx.card_token,
      terminal_id: e.tx.terminal_id,
      event_time: e.tx.event_time,
      amount_minor: e.tx.amount_minor,
      currency: e.tx.currency,
      score: (i % 97) / 97,
      decision: i % 97 > 90 ? "review" : "approve",
      review_threshold: 0.93,
      decline_threshold: 0.99,
      model_version: "test",
      feature_set_version: "test",
      features: {},
      scored_at: e.tx.event_time,
    }));
    // Transactional, like the scorer: each partition ends in a commit marker, which a
    // read_committed consumer never receives as a message.
    const producer = tk.producer({ transactionalId: `traffic-it-${topic}`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send({
      topic,
      messages: decisions.map((d) => ({ key: d.transaction_id, value: codecs.decision.encode(d) })),
    });
    await txn.commit();
    const aborted = await producer.transaction();
    await aborted.send({
      topic,
      messages: [{ key: "x", value: codecs.decision.encode({ ...decisions[0]!, transaction_id: "aborted" }) }],
    });
    await aborted.abort();

    const started = Date.now();
    const read = await readDecisionsFromKafka({ kafka: tk.kafka, codecs, topic, idleMs: 20_000 });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(read.unfinished).toEqual([]);
    expect(read.bad).toBe(0);
    expect(read.decisions.map((d) => d.transaction_id).sort()).toEqual(decisions.map((d) => d.transaction_id).sort());
  });
});
