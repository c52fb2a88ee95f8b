import { atThreshold, evaluateRows, type ScoredRow } from "@fraud/traffic";
import { percentile } from "./stats.js";

/**
 * The end-of-run summary, pure: what the scorer decided, joined to the simulator's
 * ground truth, per phase. "Alert" means decision != approve, as in @fraud/traffic's
 * metrics. Undefined ratios stay NaN here and become null in the JSON.
 */
export interface PhaseInput {
  produced: number;
  /** One row per distinct scored transaction of this phase. */
  rows: readonly ScoredRow[];
  /** From the phase's first produce to its last decision read back, ms. */
  durationMs: number;
}

export interface PhaseSummary {
  produced: number;
  scored: number;
  frauds: number;
  alerts: number;
  truePositives: number;
  precision: number;
  recall: number;
  alertRate: number;
  aucRoc: number;
  scoredPerSec: number;
  seconds: number;
}

export interface RunSummary {
  history: PhaseSummary;
  live: PhaseSummary & { p50Ms: number; p99Ms: number };
  deadLetters: number;
  scorerExit: string;
  interrupted: boolean;
}

export function summarisePhase(p: PhaseInput): PhaseSummary {
  const t = atThreshold(p.rows);
  const seconds = p.durationMs / 1000;
  return {
    produced: p.produced,
    scored: p.rows.length,
    frauds: p.rows.filter((r) => r.isFraud).length,
    alerts: t.flagged,
    truePositives: t.truePositives,
    precision: t.precision,
    recall: t.recall,
    alertRate: t.alertRate,
    // k only matters for card precision, which the demo does not show.
    aucRoc: p.rows.length ? evaluateRows(p.rows, 1).aucRoc : Number.NaN,
    scoredPerSec: seconds > 0 ? p.rows.length / seconds : Number.NaN,
    seconds,
  };
}

export function summarise(o: {
  history: PhaseInput;
  live: PhaseInput;
  latenciesMs: readonly number[];
  deadLetters: number;
  scorerExit: string;
  interrupted: boolean;
}): RunSummary {
  return {
    history: summarisePhase(o.history),
    live: { ...summarisePhase(o.live), p50Ms: percentile(o.latenciesMs, 50), p99Ms: percentile(o.latenciesMs, 99) },
    deadLetters: o.deadLetters,
    scorerExit: o.scorerExit,
    interrupted: o.interrupted,
  };
}

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : "n/a");
const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : "n/a");
const fixed = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");

function phaseLines(name: string, p: PhaseSummary): string[] {
  return [
    `${name}: produced ${p.produced}, scored ${p.scored} in ${fixed(p.seconds)} s (${fixed(p.scoredPerSec, 0)} events/s)`,
    `  frauds ${p.frauds}, alerts ${p.alerts} (alert rate ${pct(p.alertRate)}), true positives ${p.truePositives}`,
    `  precision ${pct(p.precision)}   recall ${pct(p.recall)}   AUC ${fixed(p.aucRoc, 3)}`,
  ];
}

export function formatSummary(s: RunSummary): string[] {
  return [
    `=== summary${s.interrupted ? " (interrupted)" : ""} ===`,
    ...phaseLines("history (warm-up)", s.history),
    ...phaseLines("live", s.live),
    `  end-to-end p50 ${ms(s.live.p50Ms)}   p99 ${ms(s.live.p99Ms)}`,
    `dead letters ${s.deadLetters}   scorer ${s.scorerExit}`,
  ];
}

/** JSON with NaN as null (JSON.stringify would write null anyway, but silently; this says so). */
export function summaryJson(s: RunSummary): string {
  return JSON.stringify(s, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2);
}
