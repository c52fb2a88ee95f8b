import { dispositionOf, type Logger } from "@fraud/platform";
import type { BatchControl } from "../consume/batch.js";

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

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
      await control.heartbeat().catch(() => undefined); // a rebalance shows up as isStale() next turn
      delay = Math.min(delay * 2, backoff.maxMs);
    }
  }
}
