import type { Kafka } from "kafkajs";

/**
 * A read_committed reader of an output topic that notes when records become visible.
 * "Visible" is what a downstream consumer of a transactional producer can see: records
 * of an open or aborted transaction are not counted. Arrival time is taken once per
 * fetched batch, which is as precise as any consumer could be.
 */
export interface Watcher {
  readonly count: number;
  /** Called once per fetched batch, with its keys and its arrival time (epoch ms). */
  listen(fn: ((keys: string[], at: number) => void) | undefined): void;
  /** Resolves once `n` records were seen; rejects after `timeoutMs` without progress. */
  waitFor(n: number, stallMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function watchTopic(kafka: Kafka, topic: string, groupId: string): Promise<Watcher> {
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 10, sessionTimeout: 10_000 });
  let count = 0;
  let lastProgress = Date.now();
  let listener: ((keys: string[], at: number) => void) | undefined;
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const at = Date.now();
      count += batch.messages.length;
      lastProgress = at;
      listener?.(
        batch.messages.map((m) => m.key?.toString() ?? ""),
        at,
      );
    },
  });
  await joined;
  return {
    get count() {
      return count;
    },
    listen: (fn) => {
      listener = fn;
    },
    async waitFor(n, stallMs) {
      lastProgress = Date.now();
      while (count < n) {
        if (Date.now() - lastProgress > stallMs) {
          throw new Error(`${topic}: ${count} of ${n} records visible, no progress for ${stallMs} ms`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop: () => consumer.disconnect(),
  };
}
