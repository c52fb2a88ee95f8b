import { describe, expect, it } from "vitest";
import { CaseIndex, isFraud } from "../../src/index/case-index.js";
import type { AlertView, DecisionView } from "../../src/index/records.js";

const decision = (id: string, card: string, t: number, terminal = "term_1"): DecisionView => ({
  transaction_id: id,
  card_token: card,
  terminal_id: terminal,
  event_time: t,
  amount_minor: 100,
  currency: "EUR",
  score: 0.1,
  decision: "approve",
  review_threshold: 0.5,
  decline_threshold: 0.9,
  model_version: "m",
  feature_set_version: "fs",
  features: {},
  scored_at: t,
});

const alert = (id: string): AlertView => ({
  ...decision(id, "tok", 0),
  threshold: 0.5,
  decision: "review",
  reasons: [],
});

const label = (txid: string, is_fraud: boolean, at: number, id = `${txid}-${at}`) => ({
  label_id: id,
  transaction_id: txid,
  label_time: at,
  is_fraud,
  source: "analyst",
});

describe("CaseIndex", () => {
  it("keeps at most maxAlerts alerts and maxDecisions decisions, oldest evicted first", () => {
    const index = new CaseIndex({ maxAlerts: 2, maxDecisions: 3, perCard: 10 });
    for (const id of ["a1", "a2", "a3"]) index.addAlert(alert(id));
    expect(index.allAlerts().map((a) => a.transaction_id)).toEqual(["a2", "a3"]);
    for (let i = 1; i <= 5; i++) index.addDecision(decision(`d${i}`, "tok_x", i));
    expect(index.size().decisions).toBe(3);
    expect(index.decision("d2")).toBeUndefined();
    expect(index.cardHistory("tok_x").map((d) => d.transaction_id)).toEqual(["d5", "d4", "d3"]);
  });

  it("keeps each card's last perCard decisions, newest event first", () => {
    const index = new CaseIndex({ maxAlerts: 10, maxDecisions: 100, perCard: 2 });
    index.addDecision(decision("d1", "tok_a", 30));
    index.addDecision(decision("d2", "tok_a", 10));
    index.addDecision(decision("d3", "tok_a", 20));
    expect(index.cardHistory("tok_a").map((d) => d.transaction_id)).toEqual(["d3", "d2"]);
  });

  it("tells listeners of new alerts only, once each", () => {
    const index = new CaseIndex();
    const seen: string[] = [];
    const off = index.onAlert((a) => seen.push(a.transaction_id));
    index.addAlert(alert("a1"));
    index.addAlert(alert("a1")); // a redelivery
    off();
    index.addAlert(alert("a2"));
    expect(seen).toEqual(["a1"]);
  });

  it("computes the terminal's fraud rate from labels, the latest label deciding", () => {
    const index = new CaseIndex();
    index.addDecision(decision("d1", "tok_a", 100));
    index.addDecision(decision("d2", "tok_b", 200));
    index.addDecision(decision("d3", "tok_b", 300, "term_2"));
    index.addLabel(label("d1", true, 1000));
    index.addLabel(label("d2", true, 1000));
    index.addLabel(label("d2", false, 2000)); // an analyst overturned it
    index.addLabel(label("d2", false, 2000)); // duplicate id: ignored
    expect(index.labelsOf("d2")).toHaveLength(2);
    expect(index.terminalRate("term_1", 0, 1000)).toEqual({ transactions: 2, frauds: 1, rate: 0.5 });
    expect(index.terminalRate("term_1", 150, 1000)).toEqual({ transactions: 1, frauds: 0, rate: 0 });
    expect(index.terminalRate("term_9", 0, 1000).rate).toBeNaN();
    expect(isFraud([])).toBe(false);
  });
});
