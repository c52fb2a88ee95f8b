import { randomUUID } from "node:crypto";
import type { Kafka, KafkaMessage } from "kafkajs";
import { FraudError } from "./errors.js";

/**
 * Reads a topic from the beginning up to the end offsets it had when we started, and
 * stops: a snapshot, not a tail. read_committed, so records of aborted transactions are
 * not seen. "Reached the end" uses kafkajs' END_BATCH_PROCESS event, whose lastOffset also
 * counts transaction markers and aborted records the consumer never hands us; otherwise
 * a partition ending in a commit marker would never look finished. A throwaway group
 * id with no commits keeps other consumers' offsets untouched.
 * Returns the partitions whose end was not reached before `idleMs` without progress.
 */
export async function readTopicSnapshot(
  kafka: Kafka,
  topic: string,
  onMessage: (partition: number, message: KafkaMessage) => void,
  options: { idleMs?: number; groupPrefix?: string } = {},
): Promise<{ unfinished: number[] }> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  try {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(p.high) > BigInt(p.low)) ends.set(p.partition, BigInt(p.high));
    }
  } catch (cause) {
    await admin.disconnect();
    throw new FraudError("KAFKA_UNAVAILABLE", `cannot read the end offsets of ${topic}`, { cause });
  }
  if (ends.size === 0) {
    await admin.disconnect();
    return { unfinished: [] };
  }

  const groupId = `${options.groupPrefix ?? "snapshot"}-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false });
  const pending = new Set(ends.keys());
  let lastProgress = Date.now();
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
    lastProgress = Date.now();
    const end = ends.get(e.payload.partition);
    if (end !== undefined && BigInt(e.payload.lastOffset) + 1n >= end) pending.delete(e.payload.partition);
    if (pending.size === 0) finish();
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const end = ends.get(batch.partition);
        for (const m of batch.messages) {
          if (end === undefined || BigInt(m.offset) >= end) continue;
          onMessage(batch.partition, m);
        }
      },
    });
    const idleMs = options.idleMs ?? 15_000;
    const timer = setInterval(() => {
      if (Date.now() - lastProgress > idleMs) finish();
    }, 250);
    await finished;
    clearInterval(timer);
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  return { unfinished: [...pending].sort((a, b) => a - b) };
}
