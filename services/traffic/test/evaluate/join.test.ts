import type { Decision } from "@fraud/contracts";
import { describe, expect, it } from "vitest";
import { joinDecisions } from "../../src/evaluate/join.js";
import { evaluateRows } from "../../src/evaluate/metrics.js";
import { formatReport, reportJson } from "../../src/evaluate/report.js";
import type { Truth } from "../../src/simulate/model.js";

const decision = (id: string, score: number, decision: string): Decision => ({
  transaction_id: id,
  card_token: `tok_${id}`,
  terminal_id: "term_1",
  event_time: 0,
  amount_minor: 100,
  currency: "EUR",
  score,
  decision,
  review_threshold: 0.5,
  decline_threshold: 0.9,
  model_version: "m",
  feature_set_version: "f",
  features: {},
  scored_at: 0,
});
const truth = new Map<string, Truth>(
  [
    ["a", true],
    ["b", false],
    ["c", false],
  ].map(([id, f]) => [
    id as string,
    { transaction_id: id as string, is_fraud: f as boolean, scenario: f ? "high_amount" : "genuine" },
  ]),
);

describe("joinDecisions", () => {
  it("joins on transaction id, flags non-approvals, counts what does not join", () => {
    const j = joinDecisions(
      [
        decision("a", 0.95, "decline"),
        decision("b", 0.6, "review"),
        decision("a", 0.1, "approve"),
        decision("zz", 0.2, "approve"),
      ],
      truth,
    );
    expect(j.rows.map((r) => [r.transactionId, r.flagged, r.isFraud, r.score])).toEqual([
      ["a", true, true, 0.95],
      ["b", true, false, 0.6],
    ]);
    expect(j).toMatchObject({ withoutTruth: 1, duplicates: 1, unscored: 1 });
  });

  it("reports undefined metrics as n/a and null", () => {
    const r = evaluateRows([], 100);
    expect(formatReport(r)).toContain("AUC-ROC");
    expect(formatReport(r)).toMatch(/AUC-ROC\s+n\/a/);
    expect(JSON.parse(reportJson(r)).aucRoc).toBeNull();
  });
});
