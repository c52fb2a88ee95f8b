/**
 * Per-stage durations of one batch, so the next bottleneck is visible in /metrics and in
 * the benchmark. `lap(stage)` charges the time since the previous lap to `stage`.
 * The clock is monotonic and passed in (performance.now by default), never wall time.
 */
export const STAGES = ["decode", "align", "features", "score", "decide", "publish"] as const;
export type Stage = (typeof STAGES)[number];

export interface Stopwatch {
  lap(stage: Stage): void;
  /** Seconds per stage for this batch. */
  readonly laps: Partial<Record<Stage, number>>;
}

export function stopwatch(now: () => number = () => performance.now()): Stopwatch {
  let last = now();
  const laps: Partial<Record<Stage, number>> = {};
  return {
    laps,
    lap(stage) {
      const t = now();
      laps[stage] = (laps[stage] ?? 0) + (t - last) / 1000;
      last = t;
    },
  };
}
