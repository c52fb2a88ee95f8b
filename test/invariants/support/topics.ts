import { createTopicsAndWait } from "@fraud/platform";
import { cleanupLater, kafkaForTest, randomId } from "../../support/helpers.js";
import type { ScorerTopics } from "../../support/scorer.js";

/**
 * The scorer's five topics on random names, like scorerTopics(), but robust to a known
 * kafkajs limitation: createTopics({ waitForLeaders: true }) only retries
 * LEADER_NOT_AVAILABLE, so when several suites create topics at once the broker's fresh
 * metadata answer "This server does not host this topic-partition" fails the call
 * (tulios/kafkajs issues 1222, 815). Here the topics are created in one request, their
 * deletion is registered at once (nothing leaks if the wait fails), and the wait for
 * leaders tolerates that transient answer.
 */
export async function freshScorerTopics(transactionPartitions = 4): Promise<ScorerTopics> {
  const admin = kafkaForTest().admin();
  await admin.connect();
  const topics: ScorerTopics = {
    transactions: randomId("test-topic"),
    labels: randomId("test-topic"),
    decisions: randomId("test-topic"),
    alerts: randomId("test-topic"),
    deadLetters: randomId("test-topic"),
    models: randomId("test-topic"),
  };
  const partitions = [transactionPartitions, 2, 3, 2, 1, 1];
  const names = Object.values(topics);
  cleanupLater(`delete topics ${names.join(",")}`, () => admin.deleteTopics({ topics: names }));
  await createTopicsAndWait(
    admin,
    names.map((topic, i) => ({ topic, numPartitions: partitions[i] })),
  );
  return topics;
}
