import { describe, expect, it } from "vitest";
import { scoredBeforeTerminalPast, scoredBeforeTheirPast } from "../../services/scorer/bench/parity/arrival.js";
import {
  compareFeatures,
  confinedToLabelRace,
  parityHolds,
  shareEqual,
  shareEqualInOrder,
} from "../../services/scorer/bench/parity/compare.js";

// The comparison itself (pure; no servers), so a parity verdict can be trusted.
const names = ["card_amount_count_1h", "terminal_fraud_risk_7d"];

describe("compareFeatures", () => {
  it("counts exact equality, per-feature mismatches, missing and duplicate decisions", () => {
    const offline = new Map([
      ["a", [1, 0]],
      ["b", [2, 0.5]],
      ["c", [3, Number.NaN]],
      ["d", [4, 0]],
    ]);
    const r = compareFeatures(
      names,
      offline,
      [
        { transaction_id: "a", features: { card_amount_count_1h: 1, terminal_fraud_risk_7d: 0 } },
        { transaction_id: "b", features: { card_amount_count_1h: 2, terminal_fraud_risk_7d: 0.25 } },
        { transaction_id: "b", features: { card_amount_count_1h: 9, terminal_fraud_risk_7d: 9 } },
        { transaction_id: "c", features: { card_amount_count_1h: 3, terminal_fraud_risk_7d: Number.NaN } },
        { transaction_id: "z", features: { card_amount_count_1h: 1, terminal_fraud_risk_7d: 0 } },
      ],
      new Set(["b"]),
    );
    expect(r.rowsCompared).toBe(3);
    expect(r.missingOnline).toBe(1);
    expect(r.extraOnline).toBe(1);
    expect(r.duplicateDecisions).toBe(1);
    expect(r.valuesCompared).toBe(6);
    expect(r.valuesEqual).toBe(5);
    expect(r.maxAbsDiff).toBe(0.25);
    expect(r.mismatches).toEqual([
      {
        feature: "terminal_fraud_risk_7d",
        count: 1,
        maxAbsDiff: 0.25,
        examples: [{ transaction_id: "b", offline: 0.5, online: 0.25 }],
      },
    ]);
    expect(confinedToLabelRace(r)).toBe(true);
    expect(r.earlyRowsMismatched).toBe(1);
    expect(shareEqualInOrder(r)).toBe(1);
    expect(parityHolds(r)).toBe(false); // a transaction without a decision
  });

  it("treats a missing feature as an infinite mismatch outside the labels race", () => {
    const r = compareFeatures(names, new Map([["a", [1, 0]]]), [
      { transaction_id: "a", features: { terminal_fraud_risk_7d: 0 } },
    ]);
    expect(r.maxAbsDiff).toBe(Number.POSITIVE_INFINITY);
    expect(r.rowsWithNonLabelMismatch).toBe(1);
    expect(confinedToLabelRace(r)).toBe(false);
    expect(shareEqual(r)).toBe(0.5);
  });
});

describe("scoredBeforeTheirPast", () => {
  it("finds the transactions that arrived before an earlier one of the same card", () => {
    const a = (transaction_id: string, card_token: string, event_time: number) => ({
      transaction_id,
      card_token,
      event_time,
    });
    const early = scoredBeforeTheirPast([
      a("x1", "x", 10),
      a("x3", "x", 30), // overtook x2
      a("y1", "y", 5),
      a("x4", "x", 40), // overtook x2
      a("x2", "x", 20),
      a("y2", "y", 6),
    ]);
    expect([...early].sort()).toEqual(["x3", "x4"]);
  });
});

describe("scoredBeforeTerminalPast", () => {
  it("finds the transactions scored before a transaction of their terminal's delayed window", () => {
    const DAY = 86_400_000;
    const s = (transaction_id: string, terminal_id: string, day: number, scored_at: number) => ({
      transaction_id,
      terminal_id,
      event_time: day * DAY,
      scored_at,
    });
    const early = scoredBeforeTerminalPast(
      [
        s("late", "t1", 10, 1), // its window [10-7-30, 10-7) holds "old", scored later
        s("fine", "t1", 10.5, 3),
        s("old", "t1", 2, 2),
        s("recent", "t1", 9, 4), // scored after "late", but inside the 7-day delay: no effect
        s("other", "t2", 20, 0), // another terminal
      ],
      7 * DAY,
      30 * DAY,
    );
    expect([...early]).toEqual(["late"]);
  });
});
