import type { Codecs } from "@fraud/contracts";
import { FraudError } from "@fraud/platform";
import { type Kafka, type Message, Partitioners, type Producer } from "kafkajs";
import type { Timed } from "../chargebacks/interleave.js";
import type { TimedSink } from "./file-sink.js";
import type { Outgoing, Publisher } from "./outgoing.js";

export interface KafkaSinkOptions {
  kafka: Kafka;
  codecs: Codecs;
  topics: { transactions: string; labels: string };
  /** Records per produce call. */
  batchSize?: number;
  /** Produce calls in flight. Above 1, kafkajs may reorder batches (see below); only for order-insensitive loads. */
  maxInFlight?: number;
}

export interface KafkaPublisher extends Publisher {
  /** Records acknowledged by the broker so far. */
  readonly acked: { transactions: number; labels: number };
}

/**
 * Publishes transactions and chargebacks, Avro-encoded, both keyed by card token so a
 * card's payments and labels land on one scorer. Idempotent producer (acks=all, no
 * duplicates on retry).
 * One produce call at a time, by default: kafkajs resolves metadata before it takes its
 * per-broker lock, so two concurrent sendBatch calls can reach the broker in either
 * order, and the idempotent sequence numbers (assigned under the lock) happily accept
 * the swap: records of one card would be reordered (the integration test caught it).
 * The next batch is filled and encoded while the previous one is in flight.
 * Record timestamps are left to the producer (now): event time travels in the payload,
 * and a simulated month in the past would otherwise fall straight out of retention.
 * The partitioner is set explicitly to kafkajs' Java-compatible default (murmur2), which
 * both keeps keys on the partitions a Java producer would pick and silences
 * KAFKAJS_NO_PARTITIONER_WARNING without an environment variable.
 */
export async function createKafkaPublisher(o: KafkaSinkOptions): Promise<KafkaPublisher> {
  const batchSize = o.batchSize ?? 500;
  const maxInFlight = o.maxInFlight ?? 1;
  const producer: Producer = o.kafka.producer({
    idempotent: true,
    maxInFlightRequests: 5,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await connect(producer);
  const acked = { transactions: 0, labels: 0 };
  let txs: Message[] = [];
  let labels: Message[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: FraudError | undefined;

  function send(): Promise<void> | undefined {
    if (txs.length + labels.length === 0) return undefined;
    const t = txs;
    const l = labels;
    txs = [];
    labels = [];
    const topicMessages = [];
    if (t.length) topicMessages.push({ topic: o.topics.transactions, messages: t });
    if (l.length) topicMessages.push({ topic: o.topics.labels, messages: l });
    const p = producer
      .sendBatch({ topicMessages, acks: -1 })
      .then(() => {
        acked.transactions += t.length;
        acked.labels += l.length;
      })
      .catch((cause) => {
        failure ??= new FraudError("KAFKA_UNAVAILABLE", `produce failed: ${(cause as Error).message}`, { cause });
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    return p;
  }

  async function drain(limit: number): Promise<void> {
    while (inFlight.size > limit) await Promise.race(inFlight);
    if (failure) throw failure;
  }

  return {
    acked,
    publish(item: Outgoing) {
      if (failure) throw failure;
      if (item.kind === "transaction")
        txs.push({ key: item.tx.card_token, value: o.codecs.transaction.encode(item.tx) });
      else labels.push({ key: item.key, value: o.codecs.label.encode(item.label) });
      if (txs.length + labels.length < batchSize) return;
      if (inFlight.size < maxInFlight) {
        send();
        return;
      }
      return drain(maxInFlight - 1).then(() => {
        send();
      });
    },
    async close() {
      try {
        // The last partial batch waits its turn like any other: sent while the previous
        // one is in flight, kafkajs could deliver the two swapped.
        await drain(maxInFlight - 1);
        send();
        await drain(0);
      } finally {
        await producer.disconnect();
      }
    },
  };
}

async function connect(producer: Producer): Promise<void> {
  try {
    await producer.connect();
  } catch (cause) {
    throw new FraudError("KAFKA_UNAVAILABLE", `cannot connect the producer: ${(cause as Error).message}`, { cause });
  }
}

/** The simulator's stream, published: transactions keyed by card, chargebacks by their transaction's card. */
export function timedToKafka(p: KafkaPublisher): TimedSink {
  return {
    write: (item: Timed) =>
      p.publish(
        item.kind === "transaction"
          ? { kind: "transaction", tx: item.event.tx }
          : { kind: "label", label: item.event.label, key: item.event.cardToken },
      ),
    close: () => p.close(),
  };
}
