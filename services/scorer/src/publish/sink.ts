import { FraudError, isTransientKafkaError, type Logger } from "@fraud/platform";
import { CompressionTypes, type Kafka, type Producer } from "kafkajs";

export interface OutboundRecord {
  topic: string;
  key: string | Buffer | null;
  value: Buffer | null;
  headers?: Record<string, string>;
  /** Dead letters are sent compressed (see publish/dead-letter.ts); everything else is not. */
  compression?: "gzip";
  /** What to send instead when the broker refuses this record as too large (withheld-fallback.ts). */
  withheld?: OutboundRecord;
}

export interface ConsumedPosition {
  topic: string;
  partition: number;
  /** The offset to resume from: last processed + 1. */
  nextOffset: string;
  /** Committed beside the offset, atomically (the partition's event-time state). */
  metadata?: string;
}

/**
 * Publishes a batch's outputs and commits its input offset in one Kafka transaction, so a
 * read_committed reader sees each output exactly once across crashes and rebalances.
 *
 * kafkajs has no KIP-447 (group-metadata fencing), so fencing uses the classic scheme:
 * one transactional id per input partition. Whoever owns partition p uses id
 * `<prefix>-<topic>-<p>`; a new owner's initTransactions fences the old one, and any
 * open transaction of the old owner is aborted.
 */
export interface TransactionalSink {
  commit(position: ConsumedPosition, records: readonly OutboundRecord[]): Promise<void>;
  /**
   * Initialises the partition's transactional id: the broker aborts the previous owner's
   * open transaction, or makes us wait until its commit is complete.
   */
  fence(topic: string, partition: number): Promise<void>;
  /** Drops the producer of a partition this instance no longer owns (after a rebalance). */
  release(topic: string, partition: number): Promise<void>;
  close(): Promise<void>;
}

export function createTransactionalSink(
  kafka: Kafka,
  options: { groupId: string; transactionalIdPrefix: string; logger: Logger },
): TransactionalSink {
  const producers = new Map<string, Promise<Producer>>();
  const idFor = (topic: string, partition: number) => `${options.transactionalIdPrefix}-${topic}-${partition}`;

  function producerFor(topic: string, partition: number): Promise<Producer> {
    const id = idFor(topic, partition);
    let p = producers.get(id);
    if (!p) {
      p = (async () => {
        const producer = kafka.producer({
          transactionalId: id,
          idempotent: true,
          maxInFlightRequests: 1,
          transactionTimeout: 60_000,
          // The broker answers CONCURRENT_TRANSACTIONS while the previous transaction's
          // markers are being written (a few ms). kafkajs retries it with the client's
          // backoff (200 ms), which made every batch after the first wait ~200 ms; the Java
          // client retries it after 20 ms. Measured: 237 → 12-17 ms per transaction.
          retry: { initialRetryTime: 20, retries: 10 },
        });
        await producer.connect();
        return producer;
      })();
      // A failed connect must not be cached: the next batch tries again.
      p.catch(() => producers.delete(id));
      producers.set(id, p);
    }
    return p;
  }

  async function drop(topic: string, partition: number): Promise<void> {
    const id = idFor(topic, partition);
    const p = producers.get(id);
    producers.delete(id);
    if (p) await p.then((producer) => producer.disconnect()).catch(() => undefined);
  }

  return {
    async commit(position, records) {
      let producer: Producer;
      try {
        producer = await producerFor(position.topic, position.partition);
      } catch (cause) {
        throw kafkaError("connecting the transactional producer", cause);
      }
      const txn = await producer.transaction().catch((cause) => {
        throw kafkaError("beginning a transaction", cause);
      });
      try {
        for (const compressed of [false, true]) {
          const byTopic = new Map<string, OutboundRecord[]>();
          for (const r of records) {
            if ((r.compression === "gzip") !== compressed) continue;
            const list = byTopic.get(r.topic);
            if (list) list.push(r);
            else byTopic.set(r.topic, [r]);
          }
          if (byTopic.size === 0) continue;
          await txn.sendBatch({
            ...(compressed ? { compression: CompressionTypes.GZIP } : {}),
            topicMessages: [...byTopic].map(([topic, rs]) => ({
              topic,
              messages: rs.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
            })),
          });
        }
        await txn.sendOffsets({
          consumerGroupId: options.groupId,
          topics: [
            {
              topic: position.topic,
              // kafkajs' types omit it, but TxnOffsetCommit carries metadata and kafkajs passes it on.
              partitions: [
                {
                  partition: position.partition,
                  offset: position.nextOffset,
                  metadata: position.metadata ?? null,
                } as { partition: number; offset: string },
              ],
            },
          ],
        });
        await txn.commit();
      } catch (cause) {
        await txn.abort().catch(() => undefined);
        const err = kafkaError("committing a transaction", cause);
        // A fenced or broken producer cannot be reused; a fresh one re-initialises the id.
        await drop(position.topic, position.partition);
        options.logger.warn({ err, partition: position.partition, code: err.code }, "transaction aborted");
        throw err;
      }
    },
    async fence(topic, partition) {
      // A fresh producer: kafkajs runs InitProducerId once per producer, and a producer
      // kept from an earlier assignment may have been fenced by the owner in between.
      await drop(topic, partition);
      try {
        const producer = await producerFor(topic, partition);
        // An empty transaction: beginning it runs InitProducerId, which is the fence.
        const txn = await producer.transaction();
        await txn.abort();
      } catch (cause) {
        await drop(topic, partition);
        throw kafkaError("fencing the previous owner of the partition", cause);
      }
    },
    release: drop,
    async close() {
      const all = [...producers.values()];
      producers.clear();
      await Promise.all(all.map((p) => p.then((producer) => producer.disconnect()).catch(() => undefined)));
    },
  };
}

const FENCED = new Set(["INVALID_PRODUCER_EPOCH", "PRODUCER_FENCED"]);

interface KafkaJsError {
  type?: string;
  message?: string;
  retriable?: boolean;
  cause?: unknown;
}

/**
 * Classifies kafkajs failures by their original cause (kafkajs wraps it once its own
 * retries run out): a fenced producer means another instance owns the partition (fatal
 * for this one); connection, coordinator and leadership trouble is transient whatever
 * kafkajs says (a restarting broker); a cause kafkajs marks non-retriable (authorization, record too large,
 * bad transaction state) cannot succeed by waiting (fatal); the rest, such as a broker
 * that cannot be reached, is transient.
 */
export function kafkaError(what: string, cause: unknown): FraudError {
  if (cause instanceof FraudError) return cause;
  const chain: KafkaJsError[] = [];
  for (let e = cause as KafkaJsError | undefined; e && chain.length < 10; e = e.cause as KafkaJsError | undefined) {
    chain.push(e);
  }
  const message = chain[0]?.message ?? String(cause);
  if (chain.some((e) => e.type !== undefined && FENCED.has(e.type))) {
    return new FraudError("KAFKA_FENCED", `Producer fenced while ${what}: another instance owns this partition now`, {
      cause,
    });
  }
  if (isTransientKafkaError(cause)) {
    return new FraudError("KAFKA_UNAVAILABLE", `Kafka failed while ${what}: ${message}`, { cause });
  }
  const original = [...chain].reverse().find((e) => typeof e.retriable === "boolean");
  if (original?.retriable === false) {
    return new FraudError("KAFKA_REJECTED", `Kafka refused a request while ${what}: ${original.message ?? message}`, {
      cause,
    });
  }
  return new FraudError("KAFKA_UNAVAILABLE", `Kafka failed while ${what}: ${message}`, { cause });
}
