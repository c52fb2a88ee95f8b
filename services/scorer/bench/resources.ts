import { randomUUID } from "node:crypto";
import { createKafka, createTopicsAndWait, deleteKeysWithPrefix, kafkaSettings, loadConfig } from "@fraud/platform";
import { Redis } from "ioredis";
import type { Kafka } from "kafkajs";

/**
 * Everything the benchmark creates on the shared stack, named under one run id and
 * undone in reverse order on exit, on Ctrl-C and on errors. Each undo sits inside a
 * timeout: a hung disconnect must not keep the benchmark (and its scorer) alive.
 */
export interface Resources {
  readonly runId: string;
  readonly kafka: Kafka;
  readonly redis: Redis;
  name(what: string): string;
  /** Registers an undo step; steps run last-in first-out. */
  onCleanup(what: string, fn: () => Promise<unknown> | unknown): void;
  createTopics(topics: Record<string, number>): Promise<void>;
  /** Deletes every key under `prefix` (the scorer's REDIS_KEY_PREFIX). */
  sweepKeys(prefix: string): Promise<number>;
  cleanup(): Promise<string[]>;
}

const UNDO_TIMEOUT_MS = 20_000;

export function createResources(brokers: string[], redisUrl: string): Resources {
  const runId = `bench-${randomUUID().slice(0, 8)}`;
  const kafka = createKafka(loadConfig(kafkaSettings, { KAFKA_BROKERS: brokers.join(","), KAFKA_CLIENT_ID: runId }));
  const redis = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 });
  const undo: { what: string; fn: () => Promise<unknown> | unknown }[] = [];
  let cleaned: Promise<string[]> | undefined;

  const self: Resources = {
    runId,
    kafka,
    redis,
    name: (what) => `${runId}-${what}`,
    onCleanup: (what, fn) => void undo.push({ what, fn }),

    async createTopics(topics) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        // Registered before the call: a partial failure may still have created some.
        self.onCleanup(`delete topics ${Object.keys(topics).join(", ")}`, async () => {
          const a = kafka.admin();
          await a.connect();
          try {
            const existing = new Set(await a.listTopics());
            const mine = Object.keys(topics).filter((t) => existing.has(t));
            if (mine.length > 0) await a.deleteTopics({ topics: mine, timeout: 15_000 });
          } finally {
            await a.disconnect();
          }
        });
        await createTopicsAndWait(
          admin,
          Object.entries(topics).map(([topic, numPartitions]) => ({ topic, numPartitions })),
        );
      } finally {
        await admin.disconnect();
      }
    },

    sweepKeys: (prefix) => deleteKeysWithPrefix(redis, prefix),

    cleanup() {
      cleaned ??= (async () => {
        const failures: string[] = [];
        for (const { what, fn } of undo.splice(0).reverse()) {
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise((_, fail) => {
            timer = setTimeout(() => fail(new Error("timed out")), UNDO_TIMEOUT_MS);
          });
          await Promise.race([Promise.resolve().then(fn), timeout])
            .catch((e: Error) => failures.push(`${what}: ${e.message}`))
            .finally(() => clearTimeout(timer));
        }
        await redis.quit().catch(() => redis.disconnect());
        return failures;
      })();
      return cleaned;
    },
  };
  return self;
}

/** Deletes consumer groups once their members are gone (a live member makes it fail). */
export async function deleteGroups(kafka: Kafka, groupIds: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteGroups(groupIds).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}
