import { FraudError, isTransientKafkaError, type Logger } from "@fraud/platform";
import type { Consumer, Kafka } from "kafkajs";
import type { BatchControl, InputBatch } from "./batch.js";

export interface SourceOptions {
  groupId: string;
  topics: readonly string[];
  logger: Logger;
  sessionTimeoutMs: number;
  maxWaitMs: number;
  maxBytesPerPartition: number;
  /** Batches of different partitions in flight at once; a partition's own batches stay in order. */
  partitionsConcurrency: number;
  /** Read from the earliest offset when the group has no committed offset. */
  fromBeginning: boolean;
}

/**
 * Returns how many records, from the first, were handled and committed: their offsets are
 * resolved and the rest is fetched again (0 when nothing was).
 */
export type BatchHandler = (batch: InputBatch, control: BatchControl) => Promise<number>;

/** Where the group stands on one partition: committed offset (-1 when none) and the log's ends. */
export interface PartitionPosition {
  topic: string;
  partition: number;
  committed: bigint;
  low: bigint;
  high: bigint;
}

export interface Committed {
  offset: bigint;
  /** What the committing transaction stored beside the offset ("" when nothing). */
  metadata: string;
}

export interface BatchSource {
  start(handler: BatchHandler): Promise<void>;
  /** Stops fetching, waits for the batch in hand, leaves the group. */
  stop(): Promise<void>;
  /** Called once if kafkajs gives up on the consumer (a CRASH it will not restart from). */
  onCrash(listener: (err: Error) => void): void;
  /** True once the group is joined and partitions are assigned. */
  isReady(): boolean;
  /** Latest known lag (high watermark - next offset) per "topic:partition". */
  lag(): ReadonlyMap<string, number>;
  /** Called on every (re)join with a new assignment. */
  onAssignment(listener: () => void): void;
  /** The group's committed offset of a partition (-1 when none) and its metadata, read from the broker now. */
  committedOffset(topic: string, partition: number): Promise<Committed>;
  /** The partitions assigned to this instance by the latest join. */
  assigned(): readonly { topic: string; partition: number }[];
  /** Committed offsets and log ends of every partition of these topics, read now. */
  positions(topics: readonly string[]): Promise<PartitionPosition[]>;
}

/**
 * The kafkajs edge of the consumer. Offsets are never auto-committed: the pipeline commits
 * them inside its Kafka transaction (sendOffsets). Resolving an offset here only moves
 * kafkajs's in-memory fetch position; an unresolved batch is fetched again.
 */
export function createKafkaSource(kafka: Kafka, o: SourceOptions): BatchSource {
  const consumer: Consumer = kafka.consumer({
    groupId: o.groupId,
    sessionTimeout: o.sessionTimeoutMs,
    heartbeatInterval: Math.max(1000, Math.floor(o.sessionTimeoutMs / 10)),
    maxWaitTimeInMs: o.maxWaitMs,
    maxBytesPerPartition: o.maxBytesPerPartition,
    readUncommitted: false,
    // A broker outage (connection, coordinator, leadership) restarts the consumer in this
    // process; anything else ends the process (non-zero) and the orchestrator restarts it.
    retry: { retries: 5, restartOnFailure: async (e) => isTransientKafkaError(e) },
  });
  let runArgs: Parameters<Consumer["run"]>[0] | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let restartDelay = 1000;
  let stopping = false;
  let ready = false;
  let assigned: { topic: string; partition: number }[] = [];
  const lag = new Map<string, number>();
  const crashListeners: ((err: Error) => void)[] = [];
  const assignmentListeners: (() => void)[] = [];
  const admin = kafka.admin();
  let adminConnected: Promise<void> | undefined;
  const connectedAdmin = async () => {
    adminConnected ??= admin.connect().catch((err) => {
      adminConnected = undefined;
      throw err;
    });
    await adminConnected;
    return admin;
  };

  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    ready = true;
    assigned = Object.entries(e.payload.memberAssignment).flatMap(([topic, ps]) =>
      (ps as number[]).map((partition) => ({ topic, partition })),
    );
    restartDelay = 1000;
    for (const l of assignmentListeners) l();
    o.logger.info({ memberId: e.payload.memberId, assigned: e.payload.memberAssignment }, "joined consumer group");
  });
  consumer.on(consumer.events.CRASH, (e) => {
    ready = false;
    if (e.payload.restart || stopping) return;
    // kafkajs will not restart from what it deems non-retriable ("Failed to find group
    // coordinator" while the broker restarts); a transient cause restarts it here.
    if (isTransientKafkaError(e.payload.error)) {
      o.logger.warn({ err: e.payload.error, retryInMs: restartDelay }, "Kafka unavailable; restarting the consumer");
      scheduleRestart();
      return;
    }
    for (const l of crashListeners) l(e.payload.error);
  });

  function scheduleRestart(): void {
    clearTimeout(restartTimer);
    restartTimer = setTimeout(() => {
      if (stopping || !runArgs) return;
      consumer.run(runArgs).catch((err) => {
        o.logger.warn({ err }, "restarting the consumer failed; will try again");
        scheduleRestart();
      });
    }, restartDelay);
    restartDelay = Math.min(restartDelay * 2, 30_000);
  }

  return {
    async start(handler) {
      await consumer.connect();
      await consumer.subscribe({ topics: [...o.topics], fromBeginning: o.fromBeginning });
      runArgs = {
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: o.partitionsConcurrency,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          const last = batch.messages.at(-1);
          if (!last) return;
          const input: InputBatch = {
            topic: batch.topic,
            partition: batch.partition,
            records: batch.messages.map((m) => ({
              offset: m.offset,
              key: m.key ?? null,
              value: m.value ?? null,
              timestamp: m.timestamp,
            })),
            highWatermark: batch.highWatermark,
            end: batch.lastOffset(),
          };
          const handled = await handler(input, { heartbeat, isRunning, isStale });
          if (handled <= 0) return;
          // Whole: past commit markers and aborted records too, as the pipeline committed.
          const through = handled >= batch.messages.length ? batch.lastOffset() : batch.messages[handled - 1]?.offset;
          if (through === undefined) return;
          resolveOffset(through);
          lag.set(`${batch.topic}:${batch.partition}`, Number(BigInt(batch.highWatermark) - BigInt(through) - 1n));
          await heartbeat();
        },
      };
      await consumer.run(runArgs);
    },
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      ready = false;
      await consumer.disconnect();
      if (adminConnected) await admin.disconnect();
    },
    onAssignment(listener) {
      assignmentListeners.push(listener);
    },
    async committedOffset(topic, partition) {
      try {
        const [offsets] = await (await connectedAdmin()).fetchOffsets({ groupId: o.groupId, topics: [topic] });
        const found = offsets?.partitions.find((p) => p.partition === partition);
        return { offset: BigInt(found?.offset ?? "-1"), metadata: found?.metadata ?? "" };
      } catch (cause) {
        throw new FraudError("KAFKA_UNAVAILABLE", `cannot read committed offsets: ${(cause as Error).message}`, {
          cause,
        });
      }
    },
    assigned: () => assigned,
    async positions(topics) {
      try {
        const a = await connectedAdmin();
        const committed = await a.fetchOffsets({ groupId: o.groupId, topics: [...topics] });
        const out: PartitionPosition[] = [];
        for (const topic of topics) {
          const ends = await a.fetchTopicOffsets(topic);
          const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
          for (const e of ends) {
            const c = mine.find((p) => p.partition === e.partition);
            out.push({
              topic,
              partition: e.partition,
              committed: BigInt(c?.offset ?? "-1"),
              low: BigInt(e.low),
              high: BigInt(e.high),
            });
          }
        }
        return out;
      } catch (cause) {
        throw new FraudError("KAFKA_UNAVAILABLE", `cannot read partition positions: ${(cause as Error).message}`, {
          cause,
        });
      }
    },
    onCrash(listener) {
      crashListeners.push(listener);
    },
    isReady: () => ready,
    lag: () => lag,
  };
}
