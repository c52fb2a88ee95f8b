/**
 * Small pure statistics for the live view and the summary. Latency samples are kept
 * whole (a demo run has at most tens of thousands), so percentiles are exact.
 */

/**
 * Nearest-rank percentile (p in 0..100) of unsorted samples: the smallest value with at
 * least p % of the samples at or below it. NaN when there are no samples, so a view
 * shows "n/a" rather than a made-up 0.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)]!;
}

/**
 * Events per second over a trailing window, from a running total sampled at each
 * frame: rate = (count now - count at the oldest sample inside the window) / elapsed.
 * Sampling a monotonic counter keeps the hot path (one decision) to a single increment.
 */
export class RateMeter {
  private samples: { at: number; count: number }[] = [];
  constructor(private readonly windowMs = 5000) {}

  /** Records the running total at time `at` (ms) and returns the rate over the window. */
  sample(at: number, count: number): number {
    this.samples.push({ at, count });
    while (this.samples.length > 2 && this.samples[1]!.at <= at - this.windowMs) this.samples.shift();
    const first = this.samples[0]!;
    const elapsed = (at - first.at) / 1000;
    return elapsed > 0 ? (count - first.count) / elapsed : Number.NaN;
  }
}
