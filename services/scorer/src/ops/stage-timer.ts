import type { Histogram } from "prom-client";

/** The scorer's stages, as they appear in fraud_stage_duration_seconds{stage}. */
export type Stage = "decode" | "features" | "score" | "explain" | "publish";
export const STAGES: readonly Stage[] = ["decode", "features", "score", "explain", "publish"];

/**
 * Times one stage of a batch into the stage histogram: `await t.time("score", () => …)`.
 * Works for sync and async stages; a stage that throws is still timed.
 */
export interface StageTimer {
  time<T>(stage: Stage, fn: () => T | Promise<T>): Promise<T>;
}

export function createStageTimer(histogram: Histogram<"stage">, now: () => number = performance.now.bind(performance)) {
  return {
    async time<T>(stage: Stage, fn: () => T | Promise<T>): Promise<T> {
      const start = now();
      try {
        return await fn();
      } finally {
        histogram.observe({ stage }, (now() - start) / 1000);
      }
    },
  } satisfies StageTimer;
}

/** For callers that take no timer (tests, tools): runs the stage untimed. */
export const untimed: StageTimer = { time: async (_stage, fn) => fn() };
