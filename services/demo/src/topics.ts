import { createTopicsAndWait, FraudError, TOPICS, type TopicRole } from "@fraud/platform";
import type { Kafka } from "kafkajs";

export type DemoTopics = Record<TopicRole, string>;

/** Fresh names for one run, `demo-<id>-<role>`, or the standard names the stack creates. */
export function topicNames(mode: "demo" | "standard", runId: string): DemoTopics {
  const roles = Object.keys(TOPICS) as TopicRole[];
  return Object.fromEntries(
    roles.map((r) => [r, mode === "standard" ? TOPICS[r].name : `demo-${runId}-${TOPICS[r].name.replace(".", "-")}`]),
  ) as DemoTopics;
}

/** Creates the run's topics with the declared partition counts; existing ones are left as they are. */
export async function createTopics(kafka: Kafka, topics: DemoTopics): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const roles = Object.keys(topics) as TopicRole[];
    await createTopicsAndWait(
      admin,
      roles.map((r) => ({
        topic: topics[r],
        numPartitions: TOPICS[r].partitions,
        replicationFactor: 1,
        configEntries: [
          { name: "retention.ms", value: String(TOPICS[r].retentionMs) },
          { name: "cleanup.policy", value: TOPICS[r].cleanupPolicy },
        ],
      })),
    );
  } catch (cause) {
    throw new FraudError("KAFKA_UNAVAILABLE", `cannot create the demo topics: ${(cause as Error).message}`, { cause });
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(kafka: Kafka, topics: DemoTopics): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteTopics({ topics: Object.values(topics), timeout: 10_000 });
  } finally {
    await admin.disconnect();
  }
}

/** Records in a topic (high - low summed over partitions); counts transaction markers too, so an upper bound. */
export async function topicSize(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((s, p) => s + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** The scorer's consumer group of this run; on the standard topics it would otherwise stay behind with its offsets. */
export async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } finally {
    await admin.disconnect();
  }
}
