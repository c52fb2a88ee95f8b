import { describe, expect, it } from "vitest";
import { percentile, RateMeter } from "../src/stats.js";

describe("percentile (nearest rank)", () => {
  it("picks the smallest value with at least p % at or below it, whatever the input order", () => {
    const xs = [50, 10, 40, 20, 30, 100, 90, 80, 70, 60];
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(100);
    expect(percentile(xs, 90)).toBe(90);
    expect(percentile(xs, 0)).toBe(10);
    expect(xs[0]).toBe(50); // input untouched
  });
  it("is NaN without samples", () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe("RateMeter", () => {
  it("divides the count over the trailing window by its duration", () => {
    const m = new RateMeter(2000);
    expect(m.sample(0, 0)).toBeNaN();
    expect(m.sample(1000, 100)).toBe(100);
    expect(m.sample(2000, 300)).toBe(150);
    // The sample at t=0 has left the 2 s window: (700 - 100) / 2 s.
    expect(m.sample(3000, 700)).toBe(300);
  });
});
