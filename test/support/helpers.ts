import { randomUUID } from "node:crypto";
import {
  createKafka,
  createRedis,
  createTopicsAndWait,
  deleteKeysWithPrefix,
  kafkaSettings,
  loadConfig,
  type RedisClient,
  type RedisSettings,
  redisSettings,
} from "@fraud/platform";
import {
  type Admin,
  type Consumer,
  type ConsumerConfig,
  type IHeaders,
  type Kafka,
  Partitioners,
  type Producer,
  type ProducerConfig,
} from "kafkajs";
import { afterAll, inject, onTestFinished } from "vitest";

/**
 * Factories for integration tests against the real Kafka and Redis that
 * global-setup.ts resolved. Each factory registers the cleanup of what it made: at the
 * end of the current test, or at the end of the file when called outside a test
 * (beforeAll). Cleanups run in reverse order of creation and each sits inside a
 * timeout, because shutdown bugs show up as hung promises.
 */

const CLEANUP_TIMEOUT_MS = 15_000;
const fileCleanups: Array<() => Promise<void>> = [];

afterAll(async () => {
  const failures: unknown[] = [];
  for (const fn of fileCleanups.splice(0).reverse()) await fn().catch((e) => failures.push(e));
  if (failures.length > 0) throw new AggregateError(failures, "test cleanup failed");
});

export function cleanupLater(what: string, fn: () => Promise<unknown> | unknown): void {
  const wrapped = async () => {
    await withTimeout(Promise.resolve().then(fn), CLEANUP_TIMEOUT_MS, `cleanup: ${what}`);
  };
  try {
    onTestFinished(wrapped);
  } catch {
    // Not inside a test: keep it for the end of the file.
    fileCleanups.push(wrapped);
  }
}

/** Rejects loudly if `promise` does not settle in time; a hang becomes a named failure. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what}: did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const randomId = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 12)}`;

export interface TestKafka {
  kafka: Kafka;
  brokers: string[];
  /** Not connected yet; disconnected at cleanup. */
  producer(config?: ProducerConfig): Producer;
  consumer(config?: Partial<ConsumerConfig>): Consumer;
  admin(): Admin;
}

/** A kafkajs client built by the pipeline's own factory, pointed at the test stack. */
export function kafkaForTest(): TestKafka {
  const settings = loadConfig(kafkaSettings, { KAFKA_BROKERS: inject("kafkaBrokers"), KAFKA_CLIENT_ID: "fraud-tests" });
  const kafka = createKafka(settings);
  const track = <C extends { disconnect(): Promise<void> }>(what: string, client: C): C => {
    cleanupLater(`disconnect ${what}`, () => client.disconnect());
    return client;
  };
  return {
    kafka,
    brokers: settings.brokers,
    // The Java-compatible partitioner, chosen explicitly: the same key lands on the same
    // partition as from any other client (and kafkajs stops warning about its default).
    producer: (config = {}) =>
      track("producer", kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, ...config })),
    consumer: (config = {}) => track("consumer", kafka.consumer({ groupId: randomId("test-group"), ...config })),
    admin: () => track("admin", kafka.admin()),
  };
}

/** A topic with a random name, deleted at cleanup. */
export async function createTestTopic(partitions = 1, configEntries: Record<string, string> = {}): Promise<string> {
  const admin = kafkaForTest().admin();
  await admin.connect();
  const topic = randomId("test-topic");
  // Registered before creating (and after the admin's disconnect, so it runs before it):
  // a creation that fails half-way must not leave the topic behind.
  cleanupLater(`delete topic ${topic}`, () => admin.deleteTopics({ topics: [topic] }).catch(() => undefined));
  // The shared creation retries the broker's transient answers (see topic-admin.ts).
  await createTopicsAndWait(admin, [
    {
      topic,
      numPartitions: partitions,
      configEntries: Object.entries(configEntries).map(([name, value]) => ({ name, value })),
    },
  ]);
  return topic;
}

/** The pipeline's Redis settings pointed at the test stack's Redis (standalone or cluster). */
export function redisSettingsForTest(): RedisSettings {
  return loadConfig(redisSettings, { REDIS_URL: inject("redisUrl"), REDIS_MODE: inject("redisMode") });
}

/** A connected client without a key prefix, built by the pipeline's factory; closed at cleanup. */
export async function redisClientForTest(): Promise<RedisClient> {
  const redis = createRedis(redisSettingsForTest());
  cleanupLater("close redis", () => redis.quit().catch(() => redis.disconnect()));
  await redis.connect();
  return redis;
}

export interface TestRedis {
  redis: RedisClient;
  /** Every key this client touches is under this prefix (ioredis adds it). */
  prefix: string;
  /** A client of the same Redis without the prefix, for looking at raw key names. */
  raw: RedisClient;
}

/** A Redis client whose keys live under a random prefix, all deleted at cleanup. */
export async function redisForTest(): Promise<TestRedis> {
  const settings = redisSettingsForTest();
  const prefix = `${randomId("test")}:`;
  const redis = createRedis(settings, { keyPrefix: prefix });
  // SCAN MATCH is not prefixed by ioredis, and UNLINK would be prefixed twice, so the
  // sweep uses a plain client.
  const raw = createRedis(settings);
  cleanupLater("close redis", async () => {
    await deleteKeysWithPrefix(raw, prefix);
    await Promise.all([redis.quit(), raw.quit()]);
  });
  await Promise.all([redis.connect(), raw.connect()]);
  return { redis, prefix, raw };
}

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

export interface ConsumeOptions {
  isolation?: "read_committed" | "read_uncommitted";
  /** Stop once this many records arrived; fail if they do not arrive within timeoutMs. */
  expected?: number;
  /** Without `expected`: stop after this long without a new record (counted from the group join). */
  quietMs?: number;
  /** With `expected`: keep listening this long after reaching it, to catch extra records. */
  settleMs?: number;
  timeoutMs?: number;
  /** Defaults to a fresh random group; offsets are never committed. */
  groupId?: string;
}

/** Reads a topic from the beginning through a consumer group and returns what it saw. */
export async function consumeAll(topic: string, options: ConsumeOptions = {}): Promise<ConsumedRecord[]> {
  const { isolation = "read_committed", expected, quietMs = 3000, settleMs = 500, timeoutMs = 30_000 } = options;
  const consumer = kafkaForTest().consumer({
    groupId: options.groupId ?? randomId("test-reader"),
    readUncommitted: isolation === "read_uncommitted",
    maxWaitTimeInMs: 200,
  });
  const records: ConsumedRecord[] = [];
  let lastProgress = Number.POSITIVE_INFINITY;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    lastProgress = Date.now();
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      records.push({
        topic,
        partition,
        offset: message.offset,
        key: message.key,
        value: message.value,
        headers: message.headers ?? {},
      });
      lastProgress = Date.now();
    },
  });
  const started = Date.now();
  try {
    while (true) {
      const now = Date.now();
      if (expected !== undefined && records.length >= expected) {
        await sleep(settleMs);
        break;
      }
      if (expected === undefined && now - lastProgress >= quietMs) break;
      if (now - started > timeoutMs) {
        // An empty result is only meaningful if the reader actually joined its group.
        if (expected === undefined && lastProgress !== Number.POSITIVE_INFINITY) break;
        throw new Error(
          `consumeAll(${topic}): ${records.length} of ${expected ?? "some"} records (group joined: ${lastProgress !== Number.POSITIVE_INFINITY}) within ${timeoutMs} ms`,
        );
      }
      await sleep(50);
    }
  } finally {
    await withTimeout(consumer.stop(), 10_000, `consumeAll(${topic}): consumer.stop`);
  }
  return records;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
