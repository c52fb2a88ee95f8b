import { createTopicsAndWait } from "@fraud/platform";
import kafkajs, { type Admin } from "kafkajs";

// kafkajs is CommonJS and its enums are not visible to ESM named imports.
const { ConfigResourceTypes, ConfigSource } = kafkajs;

/**
 * Brings the broker's topics up to their declarations without ever losing data:
 * creates missing topics, raises partition counts that are too low, and sets
 * retention.ms / cleanup.policy. It never deletes a topic and never lowers a partition
 * count (Kafka cannot); a topic with more partitions than declared is reported and left.
 * Running it twice changes nothing the second time.
 */
export interface WantedTopic {
  name: string;
  partitions: number;
  retentionMs: number;
  cleanupPolicy: "delete" | "compact";
}

export type TopicAdmin = Pick<
  Admin,
  | "listTopics"
  | "createTopics"
  | "fetchTopicMetadata"
  | "fetchTopicOffsets"
  | "createPartitions"
  | "describeConfigs"
  | "alterConfigs"
>;

/** One line per topic of what happened, for the operator. */
export type TopicOutcome =
  | { topic: string; action: "created" | "unchanged" }
  | { topic: string; action: "updated"; changes: string[] };

const managedConfigs = (t: WantedTopic): Record<string, string> => ({
  "retention.ms": String(t.retentionMs),
  "cleanup.policy": t.cleanupPolicy,
});

export async function applyTopics(admin: TopicAdmin, wanted: readonly WantedTopic[]): Promise<TopicOutcome[]> {
  const existing = new Set(await admin.listTopics());
  const outcomes: TopicOutcome[] = [];
  const missing = wanted.filter((t) => !existing.has(t.name));
  if (missing.length > 0) {
    await createTopicsAndWait(
      admin,
      missing.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        // -1: the broker's default.replication.factor, so one file serves 1 or 3 brokers.
        replicationFactor: -1,
        configEntries: Object.entries(managedConfigs(t)).map(([name, value]) => ({ name, value })),
      })),
    );
    for (const t of missing) outcomes.push({ topic: t.name, action: "created" });
  }
  for (const t of wanted.filter((w) => existing.has(w.name))) {
    const changes = [...(await reconcilePartitions(admin, t)), ...(await reconcileConfigs(admin, t))];
    outcomes.push(
      changes.length > 0 ? { topic: t.name, action: "updated", changes } : { topic: t.name, action: "unchanged" },
    );
  }
  return outcomes;
}

async function reconcilePartitions(admin: TopicAdmin, t: WantedTopic): Promise<string[]> {
  const { topics } = await admin.fetchTopicMetadata({ topics: [t.name] });
  const have = topics[0]?.partitions.length ?? 0;
  if (have > t.partitions) return [`has ${have} partitions, more than the declared ${t.partitions}; left as is`];
  if (have === t.partitions) return [];
  await admin.createPartitions({ topicPartitions: [{ topic: t.name, count: t.partitions }] });
  return [`partitions ${have} -> ${t.partitions}`];
}

async function reconcileConfigs(admin: TopicAdmin, t: WantedTopic): Promise<string[]> {
  const res = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: t.name }],
  });
  const entries = res.resources[0]?.configEntries ?? [];
  const want = managedConfigs(t);
  const changes = Object.entries(want)
    .filter(([name, value]) => entries.find((e) => e.configName === name)?.configValue !== value)
    .map(
      ([name, value]) => `${name} ${entries.find((e) => e.configName === name)?.configValue ?? "(unset)"} -> ${value}`,
    );
  if (changes.length === 0) return [];
  // kafkajs only speaks the legacy AlterConfigs, which REPLACES a topic's whole set of
  // overrides; carry the other per-topic overrides along so they are not reset.
  const kept = entries
    .filter((e) => e.configSource === ConfigSource.TOPIC_CONFIG && !(e.configName in want) && !e.isSensitive)
    .map((e) => ({ name: e.configName, value: e.configValue }));
  await admin.alterConfigs({
    validateOnly: false,
    resources: [
      {
        type: ConfigResourceTypes.TOPIC,
        name: t.name,
        configEntries: [...kept, ...Object.entries(want).map(([name, value]) => ({ name, value }))],
      },
    ],
  });
  return changes;
}
