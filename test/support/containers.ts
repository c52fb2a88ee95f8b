import { createServer } from "node:net";
import { GenericContainer, Wait } from "testcontainers";

/**
 * Throwaway Kafka 3.9.1 (KRaft, one node) and Redis 7 for machines with a Docker
 * engine. Kafka must advertise an address the host can reach, so the container listens
 * on the same port number it is published on; that port is picked free beforehand.
 * Settings mirror infra/kafka/server.properties.template (single-broker transactions).
 */
export async function startContainers(): Promise<{ kafkaBrokers: string; redisUrl: string; stop(): Promise<void> }> {
  const port = await freePort();
  const kafka = await new GenericContainer("apache/kafka:3.9.1")
    .withExposedPorts({ container: port, host: port })
    .withEnvironment({
      KAFKA_NODE_ID: "1",
      KAFKA_PROCESS_ROLES: "broker,controller",
      KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${port},CONTROLLER://localhost:9093`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${port}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
      KAFKA_INTER_BROKER_LISTENER_NAME: "PLAINTEXT",
      KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9093",
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false",
      KAFKA_NUM_PARTITIONS: "3",
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "1",
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "1",
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(120_000)
    .start();
  const redis = await new GenericContainer("redis:7")
    .withCommand(["redis-server", "--appendonly", "yes"])
    .withExposedPorts(6379)
    .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/))
    .start();
  return {
    kafkaBrokers: `127.0.0.1:${port}`,
    redisUrl: `redis://127.0.0.1:${redis.getMappedPort(6379)}`,
    stop: async () => {
      await Promise.allSettled([kafka.stop(), redis.stop()]);
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? done(address.port) : fail(new Error("no port"))));
    });
  });
}
