import { describe, expect, it } from "vitest";
import { band, binOf, compare, psi, referenceOf } from "../src/psi.js";

// Inputs and the expected numbers below come from training/fraudtrain/stability.py (the
// Python twin), run once on the same values: the two implementations must agree.
const train = Array.from({ length: 60 }, (_, i) => (i * 37) % 101);
const live = [...train.slice(0, 30).map((x) => x * 3), ...train.slice(30), Number.NaN, Number.NaN, Number.NaN];

describe("psi", () => {
  it("bins like numpy searchsorted(side='left'): edges[i-1] < x <= edges[i]; NaN is missing", () => {
    const edges = [1, 2, 5];
    expect([0, 1, 1.5, 2, 3, 5, 6].map((x) => binOf(edges, x))).toEqual([0, 0, 1, 1, 2, 2, 3]);
    expect(binOf(edges, Number.NaN)).toBe(-1);
    expect(binOf(edges, Number.POSITIVE_INFINITY)).toBe(3);
  });

  it("builds the reference deciles as training does", () => {
    const ref = referenceOf(train);
    expect(ref.edges).toHaveLength(9);
    for (const [i, e] of [9.9, 19.8, 29.7, 39.6, 49.5, 59.4, 69.3, 79.2, 89.1].entries()) {
      expect(ref.edges[i]).toBeCloseTo(e, 9);
    }
    expect(ref.shares).toEqual(Array.from({ length: 10 }, () => 0.1));
    expect(ref.missing_share).toBe(0);
  });

  it("gives the Python implementation's PSI for a shifted sample with missing values", () => {
    const ref = referenceOf(train);
    const counts = new Array(10).fill(0);
    let missing = 0;
    for (const x of live) {
      const b = binOf(ref.edges, x);
      if (b < 0) missing++;
      else counts[b]++;
    }
    const c = compare(ref, counts, missing);
    expect(c.psi).toBeCloseTo(0.8494176228426835, 12);
    expect(c.band).toBe("significant");
    expect(c.count).toBe(63);
    // The most shifted bin is the top one (x > 89.1), where the tripled amounts land.
    expect(c.shifts[0]?.bin).toBe("(89.10, +inf)");
  });

  it("is zero for identical distributions and floors empty bins", () => {
    expect(psi([0.5, 0.5, 0], [0.5, 0.5, 0])).toBe(0);
    expect(psi([0.5, 0.5], [1, 0])).toBeCloseTo(0.5 * Math.log(2) + (0.0001 - 0.5) * Math.log(0.0001 / 0.5), 12);
  });

  it("bands at 0.1 and 0.25", () => {
    expect([0.05, 0.1, 0.2, 0.25, 1].map(band)).toEqual([
      "stable",
      "moderate",
      "moderate",
      "significant",
      "significant",
    ]);
  });
});
