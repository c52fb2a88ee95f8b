import { randomUUID } from "node:crypto";
import { FraudError, type Logger, readTopicSnapshot } from "@fraud/platform";
import type { Kafka } from "kafkajs";
import { emptyState, parseState, type RegistryState } from "./state.js";

/** The latest registry state of a deployment on the `models` topic (empty if it has none). */
export async function readRegistry(kafka: Kafka, topic: string, deployment: string): Promise<RegistryState> {
  let state = emptyState(deployment);
  const { unfinished } = await readTopicSnapshot(
    kafka,
    topic,
    (_p, m) => {
      if (m.key?.toString() !== deployment || !m.value) return;
      state = parseState(m.value, `${topic} offset ${m.offset}`);
    },
    { idleMs: 10_000, groupPrefix: "models-cli" },
  );
  if (unfinished.length > 0) {
    throw new FraudError("KAFKA_UNAVAILABLE", `could not read ${topic} to its end (partitions ${unfinished})`);
  }
  return state;
}

/**
 * Publishes a new state on top of `read` (revision + 1), then reads the topic back: if
 * another writer got in between, the state that landed is not ours and we say so.
 */
export async function publishRegistry(kafka: Kafka, topic: string, state: RegistryState): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: [{ key: state.deployment, value: JSON.stringify(state) }],
    });
  } finally {
    await producer.disconnect();
  }
  const landed = await readRegistry(kafka, topic, state.deployment);
  if (landed.revision !== state.revision || JSON.stringify(landed) !== JSON.stringify(state)) {
    throw new FraudError(
      "MODEL_PROMOTION_REFUSED",
      `another change to ${state.deployment} was published at the same time (revision ${landed.revision}); run models list and retry`,
    );
  }
}

/**
 * Follows a deployment's registry for the life of a scorer: a plain consumer of the
 * models topic in a throwaway group (its own, so the scorers' group never rebalances),
 * from the beginning, read_committed, nothing committed. `ready` resolves once the
 * records that existed at start have been read, so a scorer starts on the current champion.
 */
export async function followRegistry(o: {
  kafka: Kafka;
  topic: string;
  deployment: string;
  groupPrefix: string;
  logger: Logger;
  onState: (state: RegistryState) => Promise<void>;
}): Promise<{ ready: Promise<void>; stop(): Promise<void> }> {
  const admin = o.kafka.admin();
  await admin.connect();
  let ends: Map<number, bigint>;
  try {
    ends = new Map(
      (await admin.fetchTopicOffsets(o.topic))
        .filter((p) => BigInt(p.high) > BigInt(p.low))
        .map((p) => [p.partition, BigInt(p.high)]),
    );
  } catch (cause) {
    throw new FraudError("KAFKA_UNAVAILABLE", `cannot read the end offsets of the models topic ${o.topic}`, { cause });
  } finally {
    await admin.disconnect();
  }
  let markReady!: () => void;
  const ready = new Promise<void>((r) => {
    markReady = r;
  });
  // While catching up, only the latest state counts: older ones are not loaded at all.
  let latest: RegistryState | undefined;
  const reached = (partition: number, offset: bigint) => {
    const end = ends.get(partition);
    if (end !== undefined && offset + 1n >= end) ends.delete(partition);
    // Caught up with nothing of ours in the topic: ready on the baseline model.
    if (ends.size === 0 && latest === undefined) markReady();
  };
  if (ends.size === 0) markReady();

  const groupId = `${o.groupPrefix}-models-${randomUUID()}`;
  const consumer = o.kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 200 });
  consumer.on(consumer.events.END_BATCH_PROCESS, (e) => reached(e.payload.partition, BigInt(e.payload.lastOffset)));
  await consumer.connect();
  await consumer.subscribe({ topic: o.topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      if (message.key?.toString() === o.deployment && message.value) {
        try {
          latest = parseState(message.value, `${o.topic} offset ${message.offset}`);
        } catch (err) {
          // A bad record must not stop scoring: the scorer keeps its current models.
          o.logger.error({ err, offset: message.offset }, "unreadable model registry record; keeping current models");
        }
      }
      reached(partition, BigInt(message.offset));
      if (ends.size === 0 && latest) {
        const state = latest;
        latest = undefined;
        await o.onState(state);
        markReady();
      }
    },
  });
  return {
    ready,
    async stop() {
      await consumer.disconnect();
      const a = o.kafka.admin();
      await a.connect().then(
        () => a.deleteGroups([groupId]).catch(() => undefined),
        () => undefined,
      );
      await a.disconnect();
    },
  };
}
