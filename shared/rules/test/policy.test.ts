import { combine } from "@fraud/rules";
import { describe, expect, it } from "vitest";

const model = (verdict: "approve" | "review" | "decline") => ({ verdict, score: 0.5, threshold: 0.4 });

describe("combine", () => {
  it.each([
    ["approve", [], "approve", "below the review threshold"],
    ["review", [], "review", "review threshold"],
    ["decline", [], "decline", "decline threshold"],
    ["approve", [{ id: "b", action: "decline" }], "decline", "decline rule b matched"],
    ["decline", [{ id: "a", action: "allow" }], "decline", "decline threshold"],
    ["review", [{ id: "a", action: "allow" }], "approve", "overrides the model's review"],
    [
      "approve",
      [
        { id: "a", action: "allow" },
        { id: "r", action: "review" },
      ],
      "approve",
      "overrides review rule r",
    ],
    [
      "approve",
      [
        { id: "a", action: "allow" },
        { id: "b", action: "decline" },
      ],
      "decline",
      "decline rule b",
    ],
    ["approve", [{ id: "r", action: "review" }], "review", "review rule r matched"],
  ] as const)("model %s with %j → %s", (m, matched, verdict, reason) => {
    const f = combine(model(m), matched);
    expect(f.verdict).toBe(verdict);
    expect(f.reason).toContain(reason);
  });
});
