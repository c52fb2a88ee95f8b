/**
 * Which kafkajs failures are transient, whatever kafkajs' own `retriable` flag says.
 * kafkajs marks "Failed to find group coordinator" non-retriable, and wraps the cause of
 * any error whose retries ran out in a non-retriable KafkaJSNumberOfRetriesExceeded. But
 * a broker that restarts produces exactly these for a while: connection errors, no
 * coordinator, no leader. Waiting helps, so they are retried with backoff, never fatal.
 */
const TRANSIENT_NAMES = new Set([
  "KafkaJSConnectionError",
  "KafkaJSConnectionClosedError",
  "KafkaJSRequestTimeoutError",
  "KafkaJSGroupCoordinatorNotFound",
  "KafkaJSBrokerNotFound",
  "KafkaJSNoBrokerAvailableError",
  "KafkaJSMetadataNotLoaded",
  "KafkaJSTopicMetadataNotLoaded",
  "KafkaJSStaleTopicMetadataAssignment",
  "KafkaJSLockTimeout",
]);

/** Broker error codes of coordinator, leadership and availability trouble. */
const TRANSIENT_TYPES = new Set([
  "COORDINATOR_NOT_AVAILABLE",
  "COORDINATOR_LOAD_IN_PROGRESS",
  "NOT_COORDINATOR",
  "GROUP_COORDINATOR_NOT_AVAILABLE",
  "NOT_COORDINATOR_FOR_GROUP",
  "GROUP_LOAD_IN_PROGRESS",
  "LEADER_NOT_AVAILABLE",
  "NOT_LEADER_FOR_PARTITION",
  "NOT_LEADER_OR_FOLLOWER",
  "FENCED_LEADER_EPOCH",
  "UNKNOWN_LEADER_EPOCH",
  "BROKER_NOT_AVAILABLE",
  "NOT_CONTROLLER",
  "NETWORK_EXCEPTION",
  "REQUEST_TIMED_OUT",
  "NOT_ENOUGH_REPLICAS",
  "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
  "KAFKA_STORAGE_ERROR",
  "CONCURRENT_TRANSACTIONS",
  "UNKNOWN_TOPIC_OR_PARTITION",
]);

interface ErrorLike {
  name?: string;
  type?: string;
  code?: string;
  cause?: unknown;
}

/** The error and its causes, outermost first (bounded: causes can be cyclic in theory). */
export function errorChain(err: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  for (
    let e = err as ErrorLike | undefined;
    e && typeof e === "object" && chain.length < 10;
    e = e.cause as ErrorLike
  ) {
    chain.push(e);
  }
  return chain;
}

/** True when waiting for the broker can fix this (connection, coordinator, leadership). */
export function isTransientKafkaError(err: unknown): boolean {
  return errorChain(err).some(
    (e) =>
      (e.name !== undefined && TRANSIENT_NAMES.has(e.name)) ||
      (e.type !== undefined && TRANSIENT_TYPES.has(e.type)) ||
      e.code === "ECONNREFUSED" ||
      e.code === "ECONNRESET" ||
      e.code === "ETIMEDOUT",
  );
}
