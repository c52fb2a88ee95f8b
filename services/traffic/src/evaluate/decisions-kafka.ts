import { randomUUID } from "node:crypto";
import type { Codecs, Decision } from "@fraud/contracts";
import { FraudError } from "@fraud/platform";
import type { Kafka } from "kafkajs";

export interface ReadDecisionsOptions {
  kafka: Kafka;
  codecs: Codecs;
  topic: string;
  /** Give up waiting when nothing arrives for this long (an open transaction can hold the end back). */
  idleMs?: number;
  onBadRecord?: (err: unknown, where: { partition: number; offset: string }) => void;
}

export interface DecisionsRead {
  decisions: Decision[];
  bad: number;
  /** Partitions whose end offset (taken at start) was not reached before the idle timeout. */
  unfinished: number[];
}

/**
 * Reads the decisions topic from the beginning up to the end offsets it had when we
 * started, and stops: an evaluation is a snapshot, not a tail. read_committed, so
 * decisions of aborted scorer transactions are not counted.
 * "Reached the end" uses kafkajs' END_BATCH_PROCESS event, whose lastOffset also
 * counts transaction markers and aborted records the consumer never hands us; otherwise
 * a partition ending in a commit marker would never look finished. A throwaway group
 * id with no commits keeps other consumers' offsets untouched.
 */
export async function readDecisionsFromKafka(o: ReadDecisionsOptions): Promise<DecisionsRead> {
  const admin = o.kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  try {
    for (const p of await admin.fetchTopicOffsets(o.topic)) {
      if (BigInt(p.high) > BigInt(p.low)) ends.set(p.partition, BigInt(p.high));
    }
  } catch (cause) {
    await admin.disconnect();
    throw new FraudError("KAFKA_UNAVAILABLE", `cannot read the end offsets of ${o.topic}`, { cause });
  }
  const decisions: Decision[] = [];
  let bad = 0;
  if (ends.size === 0) {
    await admin.disconnect();
    return { decisions, bad, unfinished: [] };
  }

  const groupId = `traffic-evaluate-${randomUUID()}`;
  const consumer = o.kafka.consumer({ groupId, readUncommitted: false });
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
    await consumer.subscribe({ topic: o.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const end = ends.get(batch.partition);
        for (const m of batch.messages) {
          if (end === undefined || BigInt(m.offset) >= end) continue;
          try {
            decisions.push(o.codecs.decision.decode(m.value));
          } catch (err) {
            bad++;
            o.onBadRecord?.(err, { partition: batch.partition, offset: m.offset });
          }
        }
      },
    });
    const idleMs = o.idleMs ?? 15_000;
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
  return { decisions, bad, unfinished: [...pending].sort((a, b) => a - b) };
}
