import type { Logger } from "@fraud/platform";
import type { Alignment } from "./alignment.js";
import type { BatchSource } from "./kafka-source.js";

/**
 * Marks the partitions this instance owns idle once they are caught up (committed offset
 * at the log end, nothing in flight), so that event-time alignment never holds live
 * traffic back for a partition that has nothing to say. kafkajs never calls the batch
 * handler for an empty partition, so without this an empty partition would hold every
 * other one back for ever. Errors are logged and retried at the next tick.
 */
export function watchIdle(o: {
  source: Pick<BatchSource, "isReady" | "assigned" | "positions">;
  align: Pick<Alignment, "idle" | "busy">;
  topics: readonly string[];
  /** With no committed offset, the group starts at the earliest record (else at the end). */
  fromBeginning: boolean;
  intervalMs: number;
  logger: Logger;
  /** Told after each check whether every assigned partition is caught up (the "caught up" signal). */
  onChecked?(allCaughtUp: boolean): void;
}): { stop(): void; tick(): Promise<void> } {
  let running = false;
  async function tick(): Promise<void> {
    if (running || !o.source.isReady()) return;
    running = true;
    try {
      const mine = new Set(o.source.assigned().map((a) => `${a.topic}:${a.partition}`));
      if (mine.size === 0) return;
      let all = true;
      for (const p of await o.source.positions(o.topics)) {
        if (!mine.has(`${p.topic}:${p.partition}`)) continue;
        const caughtUp = p.committed >= 0n ? p.committed >= p.high : !o.fromBeginning || p.low >= p.high;
        const busy = o.align.busy(p.topic, p.partition);
        all &&= caughtUp && !busy;
        if (caughtUp && !busy) await o.align.idle(p.topic, p.partition);
      }
      o.onChecked?.(all);
    } catch (err) {
      o.logger.debug({ err }, "idle check failed; will retry");
    } finally {
      running = false;
    }
  }
  const timer = setInterval(() => void tick(), o.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), tick };
}
