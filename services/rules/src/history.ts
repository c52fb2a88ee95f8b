import { openKafkaSource } from "@fraud/analyst";
import type { Codecs, Decision, Label } from "@fraud/contracts";
import type { Kafka } from "kafkajs";

/**
 * Reads a whole topic from the beginning (read_committed, the analyst's throwaway-group
 * source) until it has been quiet for `idleMs`, decoding each value; undecodable
 * records are counted and skipped.
 */
async function readTopic<T>(
  kafka: Kafka,
  topic: string,
  topicEnv: string,
  decode: (b: Buffer | null) => T,
  prepare: Codecs["prepare"],
  idleMs: number,
): Promise<{ records: T[]; skipped: number }> {
  const source = await openKafkaSource({ kafka, topic, topicEnv, from: { kind: "beginning" } });
  const records: T[] = [];
  let skipped = 0;
  let last = Date.now();
  try {
    await source.start(async (batch) => {
      last = Date.now();
      await prepare(batch.map((r) => r.value));
      for (const r of batch) {
        try {
          records.push(decode(r.value));
        } catch {
          skipped++;
        }
      }
    });
    await Promise.race([
      source.failed,
      (async () => {
        while (Date.now() - last < idleMs) await new Promise((r) => setTimeout(r, 100));
      })(),
    ]);
  } finally {
    await source.stop();
  }
  return { records, skipped };
}

/** Decisions in [from, to) of event time, and the ids of transactions labelled fraud. */
export async function readHistory(
  kafka: Kafka,
  codecs: Codecs,
  topics: { decisions: string; labels: string },
  window: { from: number; to: number },
  idleMs: number,
): Promise<{ decisions: Decision[]; frauds: Set<string>; skipped: number }> {
  const [d, l] = await Promise.all([
    readTopic<Decision>(
      kafka,
      topics.decisions,
      "TOPIC_DECISIONS",
      (b) => codecs.decision.decode(b),
      codecs.prepare,
      idleMs,
    ),
    readTopic<Label>(kafka, topics.labels, "TOPIC_LABELS", (b) => codecs.label.decode(b), codecs.prepare, idleMs),
  ]);
  // One decision per transaction id (the scorer publishes one; older runs may have repeats).
  const byId = new Map<string, Decision>();
  for (const x of d.records) {
    if (x.event_time >= window.from && x.event_time < window.to && !byId.has(x.transaction_id)) {
      byId.set(x.transaction_id, x);
    }
  }
  // A transaction is fraud once any label says so (a later cleared dispute does not undo it, as in the scorer).
  const frauds = new Set(l.records.filter((x) => x.is_fraud).map((x) => x.transaction_id));
  // Event-time order, so examples and output do not depend on partitioning.
  const decisions = [...byId.values()].sort(
    (a, b) => a.event_time - b.event_time || a.transaction_id.localeCompare(b.transaction_id),
  );
  return { decisions, frauds, skipped: d.skipped + l.skipped };
}
