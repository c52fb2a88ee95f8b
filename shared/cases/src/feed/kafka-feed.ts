import { randomUUID } from "node:crypto";
import type { Codecs } from "@fraud/contracts";
import { FraudError, type Logger } from "@fraud/platform";
import type { Kafka } from "kafkajs";
import type { CaseIndex } from "../index/case-index.js";
import type { AlertView, DecisionView } from "../index/records.js";

export interface FeedTopics {
  alerts: string;
  decisions: string;
  labels: string;
}

export interface Feed {
  /** Resolves once every partition was read up to where it stood at start (or went quiet). */
  caughtUp: Promise<void>;
  /** Rejects if the consumer crashes for good. */
  failed: Promise<never>;
  stop(): Promise<void>;
}

/**
 * Fills the index from the three topics, from their earliest retained records, through
 * @fraud/platform's Kafka client: read_committed (never an aborted scorer transaction),
 * a throwaway group that never commits (deleted on stop), no topic auto-creation.
 * Records are decoded with the project's codecs, so any schema version the registry
 * or catalogue knows decodes; one that does not is logged and skipped.
 */
export async function startFeed(o: {
  kafka: Kafka;
  codecs: Codecs;
  topics: FeedTopics;
  index: CaseIndex;
  logger?: Logger;
  /** Counts as caught up after this long without a record (transaction markers hold offsets no record fills). */
  quietMs?: number;
}): Promise<Feed> {
  const admin = o.kafka.admin();
  const end = new Map<string, bigint>();
  try {
    await admin.connect();
    for (const topic of Object.values(o.topics)) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(p.high) > BigInt(p.low)) end.set(`${topic}/${p.partition}`, BigInt(p.high));
      }
    }
  } catch (cause) {
    await admin.disconnect().catch(() => undefined);
    throw new FraudError("KAFKA_UNAVAILABLE", "cannot read the offsets of the alerts, decisions or labels topics", {
      cause,
    });
  }
  const groupId = `console-${randomUUID()}`;
  const consumer = o.kafka.consumer({
    groupId,
    readUncommitted: false,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 250,
  });
  let fail!: (e: unknown) => void;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined);
  consumer.on(consumer.events.CRASH, (e) => {
    if (!e.payload.restart) fail(new FraudError("KAFKA_CRASH", `console feed crashed: ${e.payload.error.message}`));
  });

  let lastRecord = Date.now();
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
    lastRecord = Date.now();
  });
  let done!: () => void;
  const caughtUp = new Promise<void>((r) => {
    done = r;
  });
  const quietMs = o.quietMs ?? 1500;
  const check = setInterval(() => {
    if (end.size === 0 || (joined && Date.now() - lastRecord >= quietMs)) done();
  }, 100);
  check.unref();
  void caughtUp.then(() => clearInterval(check));

  const kindOf = new Map<string, "alert" | "decision" | "label">([
    [o.topics.alerts, "alert"],
    [o.topics.decisions, "decision"],
    [o.topics.labels, "label"],
  ]);

  await consumer.connect();
  await consumer.subscribe({ topics: Object.values(o.topics), fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      lastRecord = Date.now();
      const kind = kindOf.get(batch.topic);
      await o.codecs.prepare(batch.messages.map((m) => m.value));
      for (const m of batch.messages) {
        try {
          if (kind === "alert") o.index.addAlert(o.codecs.alert.decode(m.value) as AlertView);
          else if (kind === "decision") o.index.addDecision(o.codecs.decision.decode(m.value) as DecisionView);
          else if (kind === "label") o.index.addLabel(o.codecs.label.decode(m.value));
        } catch (err) {
          o.logger?.warn(
            { topic: batch.topic, partition: batch.partition, offset: m.offset, code: (err as FraudError).code },
            "skipped an undecodable record",
          );
        }
      }
      const last = batch.messages.at(-1);
      const key = `${batch.topic}/${batch.partition}`;
      if (last && end.has(key) && BigInt(last.offset) + 1n >= (end.get(key) as bigint)) end.delete(key);
    },
  });

  let stopped: Promise<void> | undefined;
  const bounded = (p: Promise<unknown>) =>
    Promise.race([p.catch(() => undefined), new Promise((r) => setTimeout(r, 10_000).unref())]);
  return {
    caughtUp,
    failed,
    stop() {
      stopped ??= (async () => {
        clearInterval(check);
        await bounded(consumer.disconnect());
        await bounded(admin.deleteGroups([groupId]));
        await bounded(admin.disconnect());
      })();
      return stopped;
    },
  };
}
