import { kafkaSettings, secret, str, topicSettings } from "@fraud/platform";

/**
 * The analyst tools' environment: the same Kafka, topic and schema-registry variables
 * as the scorer, so a tail points wherever the pipeline does (SASL/TLS included).
 */
export const analystSettings = {
  ...kafkaSettings,
  alerts: topicSettings.alerts,
  decisions: topicSettings.decisions,
  schemaRegistryUrl: str(
    "SCHEMA_REGISTRY_URL",
    "Confluent-compatible schema registry; empty uses the project's schema catalogue.",
    "",
  ),
  schemaRegistryUsername: str("SCHEMA_REGISTRY_USERNAME", "Schema registry basic-auth user.", ""),
  schemaRegistryPassword: secret("SCHEMA_REGISTRY_PASSWORD", "Schema registry basic-auth password."),
};
