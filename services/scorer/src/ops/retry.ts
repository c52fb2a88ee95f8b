import { dispositionOf, type Logger } from "@fraud/platform";
import type { BatchControl } from "../consume/batch.js";

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/** Heartbeat errors that mean the group is rebalancing or has dropped this member. */
const LOST_PARTITION = new Set([
  "REBALANCE_IN_PROGRESS",
  "ILLEGAL_GENERATION",
  "UNKNOWN_MEMBER_ID",
  "FENCED_INSTANCE_ID",
]);

export type Attempt<T> = { done: true; value: T } | { done: false; reason: "stopping" | "stale" };

/**
 * Retries transient failures (Redis down, broker unavailable) with capped exponential
 * backoff, for as long as the partition is ours and the consumer runs; heartbeats while
 * waiting so the group does not evict us. Poison never reaches here (decode
 * dead-letters it); anything else is rethrown to the caller, which treats it as fatal.
 */
export async function retryTransient<T>(
  work: () => Promise<T>,
  control: BatchControl,
  backoff: Backoff,
  logger: Logger,
  onRetry: (err: unknown) => void = () => {},
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<Attempt<T>> {
  let delay = backoff.initialMs;
  for (let attempt = 1; ; attempt++) {
    if (!control.isRunning()) return { done: false, reason: "stopping" };
    if (control.isStale()) return { done: false, reason: "stale" };
    try {
      return { done: true, value: await work() };
    } catch (err) {
      if (dispositionOf(err) !== "transient") throw err;
      onRetry(err);
      logger.warn({ err, attempt, retryInMs: delay }, "transient failure; retrying the batch");
      await sleep(delay);
      // kafkajs' isStale() only turns true after a seek; a rebalance shows up here, as a
      // failed heartbeat, and the partition must be given up rather than held.
      const lost = await control.heartbeat().then(
        () => false,
        (e: { type?: string }) => LOST_PARTITION.has(e?.type ?? ""),
      );
      if (lost) return { done: false, reason: "stale" };
      delay = Math.min(delay * 2, backoff.maxMs);
    }
  }
}
