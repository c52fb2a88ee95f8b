import { describe, expect, it } from "vitest";
import { matches } from "../../src/filter/filter.js";

const rec = (card_token: string, terminal_id: string, score: number) => ({ card_token, terminal_id, score });

describe("matches", () => {
  const records = [rec("tok_a", "t1", 0.2), rec("tok_a", "t2", 0.9), rec("tok_b", "t1", 0.95), rec("tok_b", "t2", 0.5)];
  const pick = (f: Parameters<typeof matches>[1]) =>
    records.filter((r) => matches(r, f)).map((r) => `${r.card_token}/${r.terminal_id}`);

  it("keeps everything with no criteria", () => {
    expect(pick({})).toHaveLength(4);
  });

  it("selects by card, terminal and minimum score", () => {
    expect(pick({ card: "tok_a" })).toEqual(["tok_a/t1", "tok_a/t2"]);
    expect(pick({ terminal: "t1" })).toEqual(["tok_a/t1", "tok_b/t1"]);
    expect(pick({ minScore: 0.9 })).toEqual(["tok_a/t2", "tok_b/t1"]);
  });

  it("requires every criterion given (AND)", () => {
    expect(pick({ card: "tok_b", terminal: "t1" })).toEqual(["tok_b/t1"]);
    expect(pick({ card: "tok_a", minScore: 0.5 })).toEqual(["tok_a/t2"]);
    expect(pick({ card: "tok_a", terminal: "t1", minScore: 0.5 })).toEqual([]);
  });

  it("treats the minimum score as inclusive and never matches NaN", () => {
    expect(matches(rec("c", "t", 0.5), { minScore: 0.5 })).toBe(true);
    expect(matches(rec("c", "t", Number.NaN), { minScore: 0 })).toBe(false);
  });

  it("compares ids exactly, not as prefixes", () => {
    expect(pick({ card: "tok" })).toEqual([]);
  });
});
