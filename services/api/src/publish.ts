import { FraudError } from "@fraud/platform";
import type { Producer } from "kafkajs";

/**
 * Publishes transactions to `transactions` with one produce request in flight: requests
 * that arrive while one is in flight are sent together in the next, so a burst costs
 * one round trip instead of one each, and records keep their arrival order (so a
 * card's events stay in order on its partition).
 */
export function createTransactionPublisher(producer: Producer, topic: string) {
  let queue: { key: string; value: Buffer; done: (err?: unknown) => void }[] = [];
  let busy = false;

  async function drain(): Promise<void> {
    busy = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        await producer.send({ topic, acks: -1, messages: batch.map((m) => ({ key: m.key, value: m.value })) });
        for (const m of batch) m.done();
      } catch (cause) {
        const err = new FraudError(
          "KAFKA_UNAVAILABLE",
          `the transaction could not be published: ${(cause as Error).message}`,
          {
            cause,
          },
        );
        for (const m of batch) m.done(err);
      }
    }
    busy = false;
  }

  return {
    send(key: string, value: Buffer): Promise<void> {
      return new Promise((resolve, reject) => {
        queue.push({ key, value, done: (err) => (err ? reject(err) : resolve()) });
        if (!busy) void drain();
      });
    },
  };
}

export type TransactionPublisher = ReturnType<typeof createTransactionPublisher>;
