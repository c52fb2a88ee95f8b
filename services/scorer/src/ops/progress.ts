/**
 * What the probes know about the batches, recorded by the consumer loop and read without
 * waiting on anything:
 *   - stalled: a partition whose batch has failed (transient) continuously for longer than
 *     `stallMs`, e.g. an output topic that is missing or a broker that refuses writes:
 *     /readyz fails, so an orchestrator stops routing to and alerts on this instance;
 *   - wedged: one attempt at a batch has been running longer than `wedgeMs` (every call
 *     inside it has its own timeout, so this is a hang): /healthz fails, so the process
 *     is restarted.
 */
export interface Progress {
  attemptStarted(partition: string): void;
  attemptFailed(partition: string): void;
  /** Succeeded, or given up (stopping, partition lost): the partition is not stalled. */
  attemptSettled(partition: string): void;
  stalled(): string[];
  wedged(): string[];
}

export function createProgress(now: () => number, bounds: { stallMs: number; wedgeMs: number }): Progress {
  const failingSince = new Map<string, number>();
  const running = new Map<string, number>();
  return {
    attemptStarted(p) {
      running.set(p, now());
    },
    attemptFailed(p) {
      running.delete(p);
      if (!failingSince.has(p)) failingSince.set(p, now());
    },
    attemptSettled(p) {
      running.delete(p);
      failingSince.delete(p);
    },
    stalled: () => [...failingSince].filter(([, since]) => now() - since > bounds.stallMs).map(([p]) => p),
    wedged: () => [...running].filter(([, since]) => now() - since > bounds.wedgeMs).map(([p]) => p),
  };
}
