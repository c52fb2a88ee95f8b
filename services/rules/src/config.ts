import { registrySettings } from "@fraud/contracts";
import { kafkaSettings, redisSettings, topicSettings } from "@fraud/platform";

/** The rules and lists tools read the same variables as the scorer (Kafka, Redis, topics, registry). */
export const toolSettings = { ...kafkaSettings, ...redisSettings, ...topicSettings, ...registrySettings };
