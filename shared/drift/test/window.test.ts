import { describe, expect, it } from "vitest";
import { referenceOf } from "../src/psi.js";
import { parseReferences } from "../src/reference.js";
import { createDriftWindow, SCORE } from "../src/window.js";

const base = Array.from({ length: 1000 }, (_, i) => (i * 37) % 101);

function window(size: number) {
  const references = { score: referenceOf(base.map((x) => x / 101)), features: { a: referenceOf(base) } };
  return createDriftWindow({ references, features: ["a", "b"], size, chunks: 10, isDefault: (x) => x < 0 });
}

describe("drift window", () => {
  it("shows no drift on the reference's own traffic and counts alerts and defaults", () => {
    const w = window(1000);
    const rows = base.flatMap((x, i) => [x, i % 4 === 0 ? -1 : 1]);
    w.observe(
      rows,
      base.map((x) => x / 101),
      (i) => i % 10 === 0,
    );
    const s = w.snapshot();
    expect(s.count).toBe(1000);
    expect(s.psi.get("a")?.psi).toBeLessThan(0.01);
    expect(s.psi.get(SCORE)?.psi).toBeLessThan(0.01);
    expect(s.psi.has("b")).toBe(false); // no reference for b
    expect(s.alertRate).toBeCloseTo(0.1, 9);
    expect(s.defaultShare.get("b")).toBeCloseTo(0.25, 9);
  });

  it("slides: a shift fills the window, then old traffic leaves it entirely", () => {
    const w = window(500);
    const feed = (f: (x: number) => number) =>
      w.observe(
        base.flatMap((x) => [f(x), 1]),
        base.map(() => 0.5),
        () => false,
      );
    feed((x) => x);
    expect(w.snapshot().psi.get("a")?.psi).toBeLessThan(0.05);
    feed((x) => x * 3);
    const s = w.snapshot();
    expect(s.count).toBeLessThanOrEqual(500);
    expect(s.psi.get("a")?.psi).toBeGreaterThan(0.25);
    feed((x) => x);
    expect(w.snapshot().psi.get("a")?.psi).toBeLessThan(0.05);
  });

  it("reads the card section defensively", () => {
    expect(parseReferences(undefined)).toBeUndefined();
    expect(parseReferences({ features: { x: { edges: [2, 1], shares: [0.3, 0.3, 0.4] } } })).toBeUndefined();
    const r = parseReferences({
      window: "training",
      score: { edges: [0.5], shares: [0.5, 0.5], missing_share: 0 },
      features: { x: { edges: [1], shares: [1] }, y: { edges: [1], shares: [0.5, 0.5] } },
    });
    expect(Object.keys(r?.features ?? {})).toEqual(["y"]);
    expect(r?.score?.edges).toEqual([0.5]);
  });
});
