/**
 * Applies the declared topics (shared/platform/src/topics.ts) to the broker in
 * KAFKA_BROKERS; names honour the TOPIC_* overrides. Idempotent; never deletes.
 *   KAFKA_BROKERS=127.0.0.1:19092 npx tsx infra/topics.ts
 */
import { createKafka, kafkaSettings, loadConfig, TOPICS, type TopicRole, topicSettings } from "@fraud/platform";
import { applyTopics, type WantedTopic } from "./topics/apply.js";

const kafkaConfig = loadConfig(kafkaSettings);
const names = loadConfig(topicSettings);
const wanted: WantedTopic[] = (Object.keys(TOPICS) as TopicRole[]).map((role) => ({
  name: names[role],
  partitions: TOPICS[role].partitions,
  retentionMs: TOPICS[role].retentionMs,
  cleanupPolicy: TOPICS[role].cleanupPolicy,
}));

const admin = createKafka(kafkaConfig).admin();
try {
  await admin.connect();
  for (const o of await applyTopics(admin, wanted)) {
    console.log(`[topics] ${o.topic}: ${o.action}${o.action === "updated" ? ` (${o.changes.join("; ")})` : ""}`);
  }
} catch (err) {
  console.error(`[topics] failed against ${kafkaConfig.brokers.join(",")}: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await admin.disconnect();
}
