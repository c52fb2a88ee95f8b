/**
 * The baseline: a bare kafkajs consume → produce loop with no decoding, no Redis and
 * no model, run as its own process so its CPU can be read from outside like the
 * scorer's. Fetch settings match the scorer's defaults so both see the same batches.
 *   plain:         sendBatch of the raw records, then commit the consumer offsets.
 *   transactional: one transaction per batch with sendOffsets, one transactional
 *                  producer per input partition (as the scorer's exactly-once sink).
 * Env: PT_BROKERS, PT_INPUT, PT_OUTPUT, PT_GROUP, PT_MODE, PT_TXN_PREFIX.
 * Prints "joined" once the group is joined; exits on SIGTERM.
 */
import { createKafka, kafkaSettings, loadConfig } from "@fraud/platform";
import { Partitioners, type Producer } from "kafkajs";

const env = process.env;
const input = env.PT_INPUT ?? "";
const output = env.PT_OUTPUT ?? "";
const groupId = env.PT_GROUP ?? "";
const transactional = env.PT_MODE === "transactional";
const kafka = createKafka(loadConfig(kafkaSettings, { KAFKA_BROKERS: env.PT_BROKERS, KAFKA_CLIENT_ID: groupId }));

const consumer = kafka.consumer({
  groupId,
  readUncommitted: false,
  maxWaitTimeInMs: 50,
  maxBytesPerPartition: 262_144,
});
const plain = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
const perPartition = new Map<number, Promise<Producer>>();

function transactionalProducer(partition: number): Promise<Producer> {
  let p = perPartition.get(partition);
  if (!p) {
    const producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      transactionalId: `${env.PT_TXN_PREFIX}-${partition}`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    p = producer.connect().then(() => producer);
    perPartition.set(partition, p);
  }
  return p;
}

consumer.on(consumer.events.GROUP_JOIN, () => process.stdout.write("joined\n"));
consumer.on(consumer.events.CRASH, ({ payload }) => {
  process.stderr.write(`consumer crashed: ${payload.error.message}\n`);
  process.exit(1);
});

async function main(): Promise<void> {
  if (!transactional) await plain.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [input], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch }) => {
      if (batch.messages.length === 0) return;
      const messages = batch.messages.map((m) => ({ key: m.key, value: m.value }));
      const next = (BigInt(batch.lastOffset()) + 1n).toString();
      const offsets = { topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] };
      if (transactional) {
        const tx = await (await transactionalProducer(batch.partition)).transaction();
        try {
          await tx.send({ topic: output, messages });
          await tx.sendOffsets({ consumerGroupId: groupId, topics: [offsets] });
          await tx.commit();
        } catch (err) {
          await tx.abort().catch(() => undefined);
          throw err;
        }
      } else {
        await plain.sendBatch({ topicMessages: [{ topic: output, messages }] });
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
      }
    },
  });
}

process.once("SIGTERM", () => {
  void (async () => {
    await consumer.disconnect().catch(() => undefined);
    await plain.disconnect().catch(() => undefined);
    for (const p of perPartition.values()) await (await p).disconnect().catch(() => undefined);
    process.exit(0);
  })();
});

main().catch((err) => {
  process.stderr.write(`passthrough failed: ${(err as Error).message}\n`);
  process.exit(1);
});
