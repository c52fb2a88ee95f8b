import type { LogEntry } from "kafkajs";

/**
 * Which kafkajs log lines are news and which are its normal life. kafkajs logs at error
 * level every broker answer it is about to retry, and warns once per idempotent
 * producer whose retries are bounded; a normal start of the scorer printed ~15 such
 * warnings and a handful of "coordinator is loading" errors that an operator reads as
 * an outage. These go to debug; whatever kafkajs does NOT recover from still reaches
 * our code as a thrown error, which is logged where it is handled.
 */
export type KafkaLogLevel = "error" | "warn" | "info" | "debug";

/** Broker answers kafkajs retries by itself (protocol error messages from kafkajs/src/protocol/error.js). */
const RETRIED_BY_KAFKAJS: readonly RegExp[] = [
  /coordinator is loading/i, // COORDINATOR_LOAD_IN_PROGRESS: a fresh broker loads __consumer_offsets / __transaction_state
  /coordinator is not available/i, // COORDINATOR_NOT_AVAILABLE: same, before the internal topics exist
  /not the correct coordinator/i, // NOT_COORDINATOR: coordinator moved; kafkajs looks it up again
  /does not host this topic-partition/i, // UNKNOWN_TOPIC_OR_PARTITION right after topic creation
  /no leader for this topic-partition/i, // LEADER_NOT_AVAILABLE during leader election
  /group is rebalancing/i, // REBALANCE_IN_PROGRESS: a join is under way; kafkajs re-joins
  /producer attempted to update a transaction while another concurrent operation/i, // CONCURRENT_TRANSACTIONS
];

/**
 * The scorer bounds its transactional producers' retries on purpose: a batch that cannot
 * commit is aborted and retried whole by the scorer's own loop, so kafkajs' EoS warning
 * describes a trade-off we made, not a fault.
 */
const EXPECTED_WARNINGS: readonly RegExp[] = [/Limiting retries for the idempotent producer may invalidate EoS/];

export function kafkaLogLevel(level: "error" | "warn" | "info" | "debug", log: LogEntry["log"]): KafkaLogLevel {
  if (level === "error" || level === "warn") {
    const text = `${log.message} ${typeof log.error === "string" ? log.error : ""}`;
    if (RETRIED_BY_KAFKAJS.some((re) => re.test(text))) return "debug";
    if (EXPECTED_WARNINGS.some((re) => re.test(text))) return "debug";
  }
  return level;
}
