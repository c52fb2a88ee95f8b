import { randomUUID } from "node:crypto";
import { FraudError } from "@fraud/platform";
import type { Kafka } from "kafkajs";
import type { From } from "./from.js";
import type { RawRecord, RecordSource } from "./source.js";
import { startOffsets } from "./start-offsets.js";

export interface KafkaSourceOptions {
  kafka: Kafka;
  topic: string;
  /** Env variable that names the topic, for the "no such topic" message. */
  topicEnv: string;
  from: From;
  /** Longest each shutdown step may take; a hung disconnect must not hang the CLI. */
  stopTimeoutMs?: number;
}

/**
 * A read-only tail of one topic that cannot disturb anyone: a throwaway group id, never
 * a commit, read_committed (no records of aborted scorer transactions), no topic
 * auto-creation, and the group deleted on stop. kafkajs has no group-less assign, so
 * the start offsets are applied by seeking on every group join; seeking to the next
 * offset we have not handed out also makes a rejoin after a consumer restart resume
 * where we were instead of at the reset policy's end.
 */
export async function openKafkaSource(o: KafkaSourceOptions): Promise<RecordSource> {
  const admin = o.kafka.admin();
  let next: Map<number, string>;
  try {
    await admin.connect();
    const topics = await admin.listTopics();
    if (!topics.includes(o.topic)) {
      throw new FraudError("CONFIG_INVALID", `topic ${o.topic} does not exist (set ${o.topicEnv} to change it)`, {
        details: { topic: o.topic },
      });
    }
    next = await startOffsets(admin, o.topic, o.from);
  } catch (cause) {
    await admin.disconnect().catch(() => undefined);
    if (cause instanceof FraudError) throw cause;
    throw new FraudError("KAFKA_UNAVAILABLE", `cannot reach the brokers or read the offsets of ${o.topic}`, { cause });
  }

  const groupId = `analyst-tail-${randomUUID()}`;
  const consumer = o.kafka.consumer({
    groupId,
    readUncommitted: false,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 500,
  });
  let fail!: (e: unknown) => void;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined); // observed by whoever awaits it; never an unhandled rejection
  consumer.on(consumer.events.CRASH, (e) => {
    if (!e.payload.restart) fail(new FraudError("KAFKA_CRASH", `consumer crashed: ${e.payload.error.message}`));
  });
  consumer.on(consumer.events.GROUP_JOIN, () => {
    for (const [partition, offset] of next) consumer.seek({ topic: o.topic, partition, offset });
  });

  let stopped: Promise<void> | undefined;
  const timeoutMs = o.stopTimeoutMs ?? 10_000;
  const bounded = (p: Promise<unknown>) =>
    Promise.race([p.catch(() => undefined), new Promise((r) => setTimeout(r, timeoutMs).unref())]);

  return {
    failed,
    async start(onBatch) {
      await consumer.connect();
      await consumer.subscribe({ topic: o.topic, fromBeginning: o.from.kind === "beginning" });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const records: RawRecord[] = batch.messages.map((m) => ({
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            value: m.value,
          }));
          await onBatch(records);
          const last = batch.messages.at(-1);
          if (last) next.set(batch.partition, (BigInt(last.offset) + 1n).toString());
        },
      });
    },
    stop() {
      stopped ??= (async () => {
        await bounded(consumer.disconnect());
        await bounded(admin.deleteGroups([groupId]));
        await bounded(admin.disconnect());
      })();
      return stopped;
    },
  };
}
