import { describe, expect, it } from "vitest";
import { parseId, parseNote, parseQueueFilter } from "../../src/desk/filter.js";

describe("queue filter", () => {
  it("parses every criterion and defaults the rest", () => {
    const r = parseQueueFilter({
      verdict: "decline",
      minScore: "0.8",
      minAmount: "1000",
      terminal: "term_1",
      reason: "R_CARD_AMOUNT_X",
      age: "2h",
      sort: "riskiest",
      status: "open",
    });
    expect(r).toEqual({
      ok: {
        verdict: "decline",
        minScore: 0.8,
        minAmount: 1000,
        terminal: "term_1",
        reason: "R_CARD_AMOUNT_X",
        maxAgeMs: 7_200_000,
        sort: "riskiest",
        status: "open",
        limit: 200,
      },
    });
    expect(parseQueueFilter({ verdict: "", minScore: " " })).toEqual({
      ok: { status: "active", sort: "newest", limit: 200 },
    });
  });

  it("names the field that is wrong", () => {
    expect(parseQueueFilter({ minScore: "1.5" })).toEqual({ error: "minScore must be a number between 0 and 1" });
    expect(parseQueueFilter({ verdict: "approve" })).toEqual({ error: "verdict must be review or decline" });
    expect(parseQueueFilter({ terminal: "a b" })).toMatchObject({ error: expect.stringMatching(/^terminal/) });
    expect(parseQueueFilter({ age: "yesterday" })).toMatchObject({ error: expect.stringMatching(/^age/) });
    expect(parseQueueFilter({ status: "closed" })).toMatchObject({ error: expect.stringMatching(/^status/) });
  });

  it("ids and notes", () => {
    expect(parseId(" tx_1 ", "id")).toEqual({ ok: "tx_1" });
    expect(parseId("../etc", "id")).toMatchObject({ error: expect.any(String) });
    expect(parseNote("  ")).toEqual({ ok: undefined });
    expect(parseNote("checked with the cardholder")).toEqual({ ok: "checked with the cardholder" });
    expect(parseNote("pan 4111-1111-1111-1111")).toMatchObject({ error: expect.stringMatching(/card number/) });
    expect(parseNote("a\u0007b")).toMatchObject({ error: expect.stringMatching(/control/) });
  });
});
