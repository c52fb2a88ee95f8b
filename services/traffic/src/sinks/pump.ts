import type { Timed } from "../chargebacks/interleave.js";
import type { TimedSink } from "./file-sink.js";

export interface PumpCounts {
  transactions: number;
  labels: number;
}

/**
 * Writes each item to every sink, waiting only when a sink asks for backpressure.
 * `onItem` sees the running count (progress bars).
 */
export async function pump(
  items: Iterable<Timed>,
  sinks: readonly TimedSink[],
  onItem?: (count: number) => void,
): Promise<PumpCounts> {
  const counts = { transactions: 0, labels: 0 };
  let n = 0;
  for (const item of items) {
    for (const sink of sinks) {
      const wait = sink.write(item);
      if (wait) await wait;
    }
    if (item.kind === "transaction") counts.transactions++;
    else counts.labels++;
    n++;
    if (onItem && (n & 1023) === 0) onItem(n);
  }
  return counts;
}
