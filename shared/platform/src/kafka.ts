// First: fixes kafkajs before it loads (see the file).
import "./kafkajs-patch.js";
import { readFileSync } from "node:fs";
import type { ConnectionOptions } from "node:tls";
import { Kafka, type KafkaConfig, logLevel, type SASLOptions } from "kafkajs";
import { bool, type ConfigOf, list, oneOf, secret, str } from "./config.js";
import { kafkaLogLevel } from "./kafka-log.js";
import type { Logger } from "./logger.js";

/**
 * The only place that builds a kafkajs client. Services depend on the narrow ports they
 * define (a batch source, a transactional sink), so kafkajs can be swapped for
 * @confluentinc/kafka-javascript, which offers a KafkaJS-compatible API.
 */
export const kafkaSettings = {
  brokers: list(
    "KAFKA_BROKERS",
    "Bootstrap brokers, comma-separated host:port.",
    ["127.0.0.1:19092"],
    /^[^\s:]+:\d+$/,
    "host:port",
  ),
  clientId: str("KAFKA_CLIENT_ID", "Client id sent to the broker (shows in broker logs and quotas).", "fraud-pipeline"),
  ssl: bool("KAFKA_SSL", "Connect with TLS.", false),
  sslCaFile: str("KAFKA_SSL_CA_FILE", "PEM file of the CA that signed the brokers' certificates (TLS).", ""),
  sslCertFile: str("KAFKA_SSL_CERT_FILE", "PEM client certificate for mutual TLS.", ""),
  sslKeyFile: str("KAFKA_SSL_KEY_FILE", "PEM client key for mutual TLS.", ""),
  sslRejectUnauthorized: bool(
    "KAFKA_SSL_REJECT_UNAUTHORIZED",
    "Verify the brokers' certificates. Turn off only for local testing.",
    true,
  ),
  saslMechanism: oneOf(
    "KAFKA_SASL_MECHANISM",
    "SASL mechanism; none disables SASL.",
    ["none", "plain", "scram-sha-256", "scram-sha-512"] as const,
    "none",
  ),
  saslUsername: str("KAFKA_SASL_USERNAME", "SASL user name.", ""),
  saslPassword: secret("KAFKA_SASL_PASSWORD", "SASL password."),
};

export type KafkaSettings = ConfigOf<typeof kafkaSettings>;

export function kafkaClientConfig(s: KafkaSettings, logger?: Logger): KafkaConfig {
  const config: KafkaConfig = {
    clientId: s.clientId,
    brokers: s.brokers,
    connectionTimeout: 5000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 200, retries: 8 },
  };
  if (s.ssl) {
    const tls: ConnectionOptions = { rejectUnauthorized: s.sslRejectUnauthorized };
    if (s.sslCaFile) tls.ca = [readFileSync(s.sslCaFile, "utf8")];
    if (s.sslCertFile) tls.cert = readFileSync(s.sslCertFile, "utf8");
    if (s.sslKeyFile) tls.key = readFileSync(s.sslKeyFile, "utf8");
    config.ssl = tls;
  }
  if (s.saslMechanism !== "none") {
    config.sasl = { mechanism: s.saslMechanism, username: s.saslUsername, password: s.saslPassword } as SASLOptions;
  }
  if (logger) {
    config.logLevel = logLevel.INFO;
    config.logCreator = () => (entry) => {
      const { message, ...rest } = entry.log;
      const child = { ns: entry.namespace, ...rest };
      const level = entry.level === logLevel.ERROR ? "error" : entry.level === logLevel.WARN ? "warn" : "debug";
      logger[kafkaLogLevel(level, entry.log)](child, message);
    };
  } else {
    config.logLevel = logLevel.NOTHING;
  }
  return config;
}

export function createKafka(s: KafkaSettings, logger?: Logger): Kafka {
  return new Kafka(kafkaClientConfig(s, logger));
}
