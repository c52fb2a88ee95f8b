import { codecsFromEnv } from "@fraud/contracts";
import {
  checkBrokersReachable,
  createKafka,
  createLogger,
  kafkaSettings,
  loadConfig,
  topicSettings,
} from "@fraud/platform";

/**
 * The CLIs' composition root for Kafka: brokers, security and topic names come from
 * the environment (see the platform's kafkaSettings/topicSettings). Unreachable brokers
 * fail at once, naming KAFKA_BROKERS. The client's own retry logs are silenced: a failure
 * ends the CLI with one line (exitWithOneLine), not a page of connection errors.
 */
export async function kafkaFromEnv(service: string) {
  const settings = loadConfig(kafkaSettings);
  const topics = loadConfig(topicSettings);
  await checkBrokersReachable(settings.brokers);
  const logger = createLogger({ level: "fatal", service, destination: process.stderr });
  return { kafka: createKafka(settings, logger), topics, codecs: await codecsFromEnv() };
}
