import type { Decision } from "@fraud/contracts";
import { describe, expect, it } from "vitest";
import { compareShadow, pearson, recallAt } from "../../src/cli/models/compare.js";

const decision = (
  id: string,
  score: number,
  verdict: string,
  shadowScore: number,
  shadowVerdict: string,
): Decision => ({
  transaction_id: id,
  card_token: "tok",
  terminal_id: "t",
  event_time: 0,
  amount_minor: 1,
  currency: "EUR",
  score,
  decision: verdict,
  review_threshold: 0.5,
  decline_threshold: 0.9,
  model_version: "champ",
  feature_set_version: "fs",
  features: {},
  scored_at: 0,
  shadow: { model_version: "shad", score: shadowScore, decision: shadowVerdict },
});

describe("shadow comparison", () => {
  it("recall at a rate flags the top share of scores", () => {
    const rows = [0.9, 0.8, 0.7, 0.1].map((score, i) => ({ score, isFraud: i === 0 || i === 3 }));
    expect(recallAt(rows, 0.25)).toBe(0.5);
    expect(recallAt(rows, 1)).toBe(1);
    expect(recallAt(rows, 0)).toBe(0);
  });

  it("pearson is 1 for a linear relation and -1 reversed", () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it("reports agreement, alert rates and ranking quality of both on the labelled subset", () => {
    const ds = [
      decision("a", 0.95, "decline", 0.2, "approve"),
      decision("b", 0.6, "review", 0.9, "decline"),
      decision("c", 0.1, "approve", 0.1, "approve"),
      decision("d", 0.2, "approve", 0.3, "approve"),
    ];
    const labels = new Map([
      ["a", false],
      ["b", true],
      ["c", false],
    ]);
    const c = compareShadow(ds, labels);
    expect(c?.shadow).toBe("shad");
    expect(c?.agreement).toBe(0.5);
    expect(c?.alertRate).toEqual({ champion: 0.5, shadow: 0.25, difference: -0.25 });
    expect(c?.labelled.transactions).toBe(3);
    // Champion ranks the genuine "a" above the fraud "b"; the shadow ranks "b" first.
    expect(c?.labelled.champion.auc).toBe(0.5);
    expect(c?.labelled.shadow.auc).toBe(1);
    expect(c?.labelled.shadow.recallAtAlertRate).toBe(1);
    expect(
      compareShadow(
        ds.map((d) => ({ ...d, shadow: null })),
        labels,
      ),
    ).toBeUndefined();
  });
});
