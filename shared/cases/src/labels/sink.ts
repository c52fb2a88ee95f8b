import { FraudError } from "@fraud/platform";
import { type Kafka, Partitioners, type Producer } from "kafkajs";

/** Where analyst labels go; kafkajs stays behind this port. */
export interface LabelSink {
  /** Resolves once the broker acknowledged the record (all in-sync replicas). */
  send(key: string, value: Buffer): Promise<void>;
  close(): Promise<void>;
}

/** An idempotent producer on `labels`, keyed by card token like every other label source. */
export async function kafkaLabelSink(kafka: Kafka, topic: string): Promise<LabelSink> {
  // The Java-compatible partitioner, explicitly: a card's labels land on the partition
  // every other label source uses.
  const producer: Producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  try {
    await producer.connect();
  } catch (cause) {
    throw new FraudError("KAFKA_UNAVAILABLE", "cannot connect the label producer", { cause });
  }
  return {
    async send(key, value) {
      try {
        await producer.send({ topic, acks: -1, messages: [{ key, value }] });
      } catch (cause) {
        throw new FraudError("KAFKA_UNAVAILABLE", `cannot publish the label to ${topic}`, { cause });
      }
    },
    close: () => producer.disconnect(),
  };
}
