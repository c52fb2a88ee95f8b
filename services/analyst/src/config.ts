import { registrySettings } from "@fraud/contracts";
import { kafkaSettings, topicSettings } from "@fraud/platform";

/**
 * The analyst tools' environment: the same Kafka, topic and schema-registry variables
 * as the scorer, so a tail points wherever the pipeline does (SASL/TLS included).
 */
export const analystSettings = {
  ...kafkaSettings,
  alerts: topicSettings.alerts,
  decisions: topicSettings.decisions,
  ...registrySettings,
};
