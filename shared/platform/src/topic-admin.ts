import type { Admin, ITopicConfig } from "kafkajs";
import { type Clock, systemClock } from "./clock.js";
import { FraudError } from "./errors.js";

/**
 * Topic creation and metadata waits that survive a busy broker. The one implementation
 * every tool, test and service uses.
 *
 * Why not kafkajs' createTopics({ waitForLeaders: true })? Its wait retries only
 * LEADER_NOT_AVAILABLE. Right after a topic is created, or while other clients create
 * and delete topics, the broker's metadata may still answer UNKNOWN_TOPIC_OR_PARTITION
 * ("This server does not host this topic-partition") for a topic that is about to
 * exist (tulios/kafkajs issues 815, 1222). That answer is transient: retried here with
 * bounded backoff until a deadline, then reported as FRAUD_ERR_KAFKA_UNAVAILABLE.
 */
export type TopicAdminPort = Pick<Admin, "createTopics" | "fetchTopicMetadata" | "fetchTopicOffsets">;

export interface TopicWaitOptions {
  /** Give up after this long (default 60 s: a loaded CI machine can take tens of seconds). */
  timeoutMs?: number;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
}

/** Broker answers that mean "not yet", never "no". */
const TRANSIENT_TYPES = new Set([
  "UNKNOWN_TOPIC_OR_PARTITION",
  "LEADER_NOT_AVAILABLE",
  "NOT_LEADER_FOR_PARTITION",
  "NOT_LEADER_OR_FOLLOWER",
  "NOT_CONTROLLER",
  "REQUEST_TIMED_OUT",
  "BROKER_NOT_AVAILABLE",
  // kafkajs' names for COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR.
  "GROUP_LOAD_IN_PROGRESS",
  "GROUP_COORDINATOR_NOT_AVAILABLE",
  "NOT_COORDINATOR_FOR_GROUP",
]);
const TRANSIENT_NAMES = new Set([
  "KafkaJSConnectionError",
  "KafkaJSRequestTimeoutError",
  "KafkaJSConnectionClosedError",
]);
const TRANSIENT_MESSAGE =
  /does not host this topic-partition|no leader for this topic-partition|Timed out while waiting for topic leaders/i;

interface KafkaishError {
  type?: string;
  name?: string;
  message?: string;
  originalError?: unknown;
  cause?: unknown;
  errors?: unknown[];
}

/** True when the error (or what it wraps, or every error it aggregates) is a "not yet" from the broker. */
export function isTransientTopicError(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== "object" || depth > 5) return false;
  const e = err as KafkaishError;
  if (Array.isArray(e.errors) && e.errors.length > 0) {
    return e.errors.every(
      (x) => isTransientTopicError(x, depth + 1) || (x as KafkaishError).type === "TOPIC_ALREADY_EXISTS",
    );
  }
  if (e.type && TRANSIENT_TYPES.has(e.type)) return true;
  if (e.name && TRANSIENT_NAMES.has(e.name)) return true;
  if (e.message && TRANSIENT_MESSAGE.test(e.message)) return true;
  return isTransientTopicError(e.originalError, depth + 1) || isTransientTopicError(e.cause, depth + 1);
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` until it succeeds, retrying transient broker answers with backoff (100 ms
 * doubling to 2 s) until the deadline. Anything else is thrown at once.
 */
export async function retryTransientTopicErrors<T>(
  what: string,
  fn: () => Promise<T>,
  opts: TopicWaitOptions = {},
): Promise<T> {
  const clock = opts.clock ?? systemClock;
  const sleep = opts.sleep ?? realSleep;
  const deadline = clock.now() + (opts.timeoutMs ?? 60_000);
  for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
    try {
      return await fn();
    } catch (err) {
      if (!isTransientTopicError(err)) throw err;
      if (clock.now() + delay > deadline) {
        throw new FraudError("KAFKA_UNAVAILABLE", `${what}: still failing at the deadline: ${(err as Error).message}`, {
          cause: err,
        });
      }
      await sleep(delay);
    }
  }
}

/**
 * Waits until every named topic has the expected number of partitions (any, when the
 * count is undefined), each with a leader that serves it. Metadata can name a leader
 * before that broker hosts the partition (a produce then fails with "does not host this
 * topic-partition", and a non-idempotent producer's retry duplicates the partitions that
 * did succeed), so each topic's offsets are also read from its leaders (ListOffsets).
 * Returns the partition counts seen.
 */
export async function waitForTopicLeaders(
  admin: Pick<Admin, "fetchTopicMetadata" | "fetchTopicOffsets">,
  expected: Readonly<Record<string, number | undefined>>,
  opts: TopicWaitOptions = {},
): Promise<Record<string, number>> {
  const names = Object.keys(expected);
  return retryTransientTopicErrors(
    `leaders of ${names.join(", ")}`,
    async () => {
      const meta = await admin.fetchTopicMetadata({ topics: names });
      const byName = new Map(meta.topics.map((t) => [t.name, t.partitions]));
      const counts: Record<string, number> = {};
      for (const name of names) {
        const parts = byName.get(name) ?? [];
        const want = expected[name];
        const ready =
          parts.length > 0 && (want === undefined || parts.length === want) && parts.every((p) => p.leader >= 0);
        if (!ready) {
          throw Object.assign(new Error(`topic ${name} has ${parts.length} partitions, not all with a leader yet`), {
            type: "LEADER_NOT_AVAILABLE",
          });
        }
        counts[name] = parts.length;
      }
      for (const name of names) {
        const offsets = await admin.fetchTopicOffsets(name);
        if (offsets.length !== counts[name]) {
          throw Object.assign(new Error(`topic ${name}: offsets of ${offsets.length} of ${counts[name]} partitions`), {
            type: "UNKNOWN_TOPIC_OR_PARTITION",
          });
        }
      }
      return counts;
    },
    opts,
  );
}

/**
 * Creates the topics (those that already exist are left as they are) and waits until
 * every partition has a leader. Safe to call again after a partial failure.
 */
export async function createTopicsAndWait(
  admin: TopicAdminPort,
  topics: readonly ITopicConfig[],
  opts: TopicWaitOptions = {},
): Promise<void> {
  if (topics.length === 0) return;
  const names = topics.map((t) => t.topic).join(", ");
  await retryTransientTopicErrors(
    `create topics ${names}`,
    () => admin.createTopics({ topics: [...topics], waitForLeaders: false }),
    opts,
  );
  const expected = Object.fromEntries(
    topics.map((t) => [t.topic, t.numPartitions !== undefined && t.numPartitions > 0 ? t.numPartitions : undefined]),
  );
  await waitForTopicLeaders(admin, expected, opts);
}
