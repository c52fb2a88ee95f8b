import { type ScorerTopics, scorerTopics } from "../../support/scorer.js";

/**
 * scorerTopics with one retry: on the shared broker, kafkajs's createTopics
 * (waitForLeaders) now and then reports "This server does not host this topic-partition"
 * for a topic it just created while other suites create topics too. A second attempt
 * uses fresh random names.
 */
export async function freshScorerTopics(partitions = 4): Promise<ScorerTopics> {
  try {
    return await scorerTopics(partitions);
  } catch (err) {
    if (!/does not host this topic-partition/.test((err as Error).message)) throw err;
    await new Promise((r) => setTimeout(r, 1000));
    return scorerTopics(partitions);
  }
}
