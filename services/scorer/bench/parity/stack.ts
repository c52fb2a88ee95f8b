import { randomUUID } from "node:crypto";
import {
  createRedis,
  createTopicsAndWait,
  deleteKeysWithPrefix,
  loadConfig,
  redisSettings,
  TOPICS,
  type TopicRole,
} from "@fraud/platform";
import type { Admin, Kafka } from "kafkajs";
import type { Cleanup } from "./cleanup.js";

/**
 * The run's own Kafka topics and Redis keys: random names, so parallel runs and other
 * tests never collide, each registered for deletion when it is made.
 */
export type RunTopics = Record<TopicRole, string>;

export const runId = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 12)}`;

/** One fresh topic per role, with the production partition counts (TOPICS). */
export async function createRunTopics(admin: Admin, cleanup: Cleanup, tag: string): Promise<RunTopics> {
  const topics = Object.fromEntries(
    (Object.keys(TOPICS) as TopicRole[]).map((role) => [role, `${tag}-${role}`]),
  ) as RunTopics;
  cleanup.add("delete topics", () => admin.deleteTopics({ topics: Object.values(topics), timeout: 20_000 }));
  await createTopicsAndWait(
    admin,
    (Object.keys(TOPICS) as TopicRole[]).map((role) => ({
      topic: topics[role],
      numPartitions: TOPICS[role].partitions,
    })),
  );
  return topics;
}

export interface Collector<T> {
  /** Resolves with everything read once `distinct` keys were seen (see `idOf`). */
  until(distinct: number, timeoutMs: number): Promise<T[]>;
}

/**
 * Tails a topic from the beginning, read_committed (a decision of an aborted scorer
 * transaction is never counted), in partition offset order. Started before the replay
 * so reading overlaps scoring. A throwaway group that never commits, deleted at cleanup.
 */
export async function collectTopic<T>(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  decode: (value: Buffer | null, partition: number) => T,
  idOf: (record: T) => string,
  cleanup: Cleanup,
): Promise<Collector<T>> {
  const groupId = runId("parity-reader");
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 200 });
  cleanup.add(`delete reader group of ${topic}`, () => admin.deleteGroups([groupId]).catch(() => undefined));
  cleanup.add(`disconnect reader of ${topic}`, () => consumer.disconnect());
  const records: T[] = [];
  const ids = new Set<string>();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        const record = decode(m.value, batch.partition);
        records.push(record);
        ids.add(idOf(record));
      }
    },
  });
  return {
    async until(distinct, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (ids.size < distinct) {
        if (Date.now() > deadline) {
          throw new Error(`${topic}: only ${ids.size} of ${distinct} records arrived within ${timeoutMs} ms`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      await consumer.stop();
      return records;
    },
  };
}

/** Deletes every key under `prefix` with a plain (unprefixed) client. Returns how many. */
export async function sweepRedisPrefix(url: string, prefix: string): Promise<number> {
  const redis = createRedis(loadConfig(redisSettings, { REDIS_URL: url, REDIS_MODE: process.env.REDIS_MODE }));
  await redis.connect();
  try {
    return await deleteKeysWithPrefix(redis, prefix);
  } finally {
    await redis.quit();
  }
}
