import type { ScoredRow } from "@fraud/traffic";
import { describe, expect, it } from "vitest";
import { formatSummary, summarise, summarisePhase, summaryJson } from "../src/summary.js";

const row = (id: number, score: number, flagged: boolean, isFraud: boolean): ScoredRow => ({
  transactionId: `t${id}`,
  cardToken: `c${id % 3}`,
  eventTime: 1_700_000_000_000 + id,
  score,
  flagged,
  isFraud,
});

describe("summarisePhase", () => {
  it("counts alerts against ground truth and the throughput over the phase", () => {
    // 2 frauds; 3 alerts of which 1 true: precision 1/3, recall 1/2.
    const rows = [
      row(1, 0.9, true, true),
      row(2, 0.8, true, false),
      row(3, 0.7, true, false),
      row(4, 0.2, false, true),
      row(5, 0.1, false, false),
    ];
    const s = summarisePhase({ produced: 6, rows, durationMs: 2500 });
    expect(s).toMatchObject({ produced: 6, scored: 5, frauds: 2, alerts: 3, truePositives: 1 });
    expect(s.precision).toBeCloseTo(1 / 3);
    expect(s.recall).toBeCloseTo(0.5);
    expect(s.alertRate).toBeCloseTo(0.6);
    expect(s.scoredPerSec).toBeCloseTo(2);
    // Frauds at ranks 5 and 2 of 5: (7 - 3) / (2 * 3).
    expect(s.aucRoc).toBeCloseTo(4 / 6);
  });

  it("leaves undefined ratios NaN, and the JSON writes them as null", () => {
    const s = summarise({
      history: { produced: 0, rows: [], durationMs: 0 },
      live: { produced: 1, rows: [row(1, 0.1, false, false)], durationMs: 1000 },
      latenciesMs: [],
      deadLetters: 2,
      scorerExit: "exit 0",
      interrupted: true,
    });
    expect(s.live.precision).toBeNaN();
    expect(s.live.recall).toBeNaN();
    expect(s.history.scoredPerSec).toBeNaN();
    const json = JSON.parse(summaryJson(s));
    expect(json.live.precision).toBeNull();
    expect(json.live.p50Ms).toBeNull();
    expect(json.deadLetters).toBe(2);
    const text = formatSummary(s).join("\n");
    expect(text).toContain("(interrupted)");
    expect(text).toContain("precision n/a");
    expect(text).toContain("dead letters 2");
  });

  it("reports end-to-end percentiles of the live latencies", () => {
    const s = summarise({
      history: { produced: 0, rows: [], durationMs: 0 },
      live: { produced: 0, rows: [], durationMs: 0 },
      latenciesMs: Array.from({ length: 100 }, (_, i) => 100 - i),
      deadLetters: 0,
      scorerExit: "exit 0",
      interrupted: false,
    });
    expect(s.live.p50Ms).toBe(50);
    expect(s.live.p99Ms).toBe(99);
  });
});
