import type { Alert, Decision } from "@fraud/contracts";
import { describe, expect, it } from "vitest";
import { Ledger } from "../src/watch.js";

const decision = (id: string, d: string, score = 0.5): Decision =>
  ({ transaction_id: id, card_token: "c", event_time: 1, decision: d, score }) as unknown as Decision;
const alert = (id: string): Alert =>
  ({
    transaction_id: id,
    card_token: "c",
    event_time: 1,
    amount_minor: 100,
    currency: "EUR",
    score: 0.9,
    decision: "review",
    reasons: [
      { feature: "a", value: 1, contribution: 0.3, detail: "da" },
      { feature: "b", value: 1, contribution: 0.2, detail: "db" },
      { feature: "c", value: 1, contribution: 0.1, detail: "dc" },
    ],
  }) as unknown as Alert;

describe("Ledger", () => {
  it("joins decisions to the phase and truth they were sent with, once per id", () => {
    const l = new Ledger();
    l.recordSent("h1", "history", true, 0);
    l.recordSent("l1", "live", false, 1000);
    l.recordSent("l2", "live", true, 1000);
    l.recordDecision(decision("h1", "decline"), 50);
    l.recordDecision(decision("l1", "approve"), 1040);
    l.recordDecision(decision("l1", "approve"), 1900); // redelivered: no second latency sample
    l.recordDecision(decision("other", "approve"), 1100);
    expect(l.rows.history.get("h1")).toMatchObject({ flagged: true, isFraud: true });
    expect(l.rows.live.get("l1")).toMatchObject({ flagged: false, isFraud: false });
    expect(l.latenciesMs).toEqual([40]);
    expect(l.scored).toBe(2);
    expect(l.pending()).toBe(1);
    expect(l.foreign).toBe(1);
  });

  it("keeps the latest alerts first, bounded, with their top two reasons", () => {
    const l = new Ledger(2);
    for (const id of ["a", "b", "c"]) l.recordSent(id, "live", false, 0);
    for (const id of ["a", "b", "b", "c", "zz"]) l.recordAlert(alert(id));
    expect(l.alerts).toBe(3);
    expect(l.latest.map((a) => a.transactionId)).toEqual(["c", "b"]);
    expect(l.latest[0]!.reasons).toEqual([
      { feature: "a", value: 1, contribution: 0.3, detail: "da" },
      { feature: "b", value: 1, contribution: 0.2, detail: "db" },
    ]);
  });
});
