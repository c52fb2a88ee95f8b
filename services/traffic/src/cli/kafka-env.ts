import { codecsFromEnv } from "@fraud/contracts";
import { createKafka, createLogger, kafkaSettings, loadConfig, topicSettings } from "@fraud/platform";

/**
 * The CLIs' composition root for Kafka: brokers, security and topic names come from
 * the environment (see the platform's kafkaSettings/topicSettings). Client warnings go
 * to stderr so stdout stays for results.
 */
export async function kafkaFromEnv(service: string) {
  const settings = loadConfig(kafkaSettings);
  const topics = loadConfig(topicSettings);
  const logger = createLogger({ level: "warn", service, destination: process.stderr });
  return { kafka: createKafka(settings, logger), topics, codecs: await codecsFromEnv() };
}
