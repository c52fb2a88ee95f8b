import { describe, expect, it } from "vitest";
import { lowWatermark, scan } from "../../src/consume/event-time.js";

const L = 10;
const t = (...times: (number | undefined)[]) => times.map((time) => ({ time }));

describe("event time of a partition", () => {
  it("marks records more than the lateness behind the partition's newest event as late", () => {
    const s = scan(Number.NEGATIVE_INFINITY, t(100, 95, 80, 90, 120, 109, 111), L);
    expect(s.late).toEqual([false, false, true, false, false, true, false]);
    expect(s.maxAfter).toEqual([100, 100, 100, 100, 120, 120, 120]);
    expect(s.maxEnd).toBe(120);
  });

  it("gives late records the partition's floor as effective time and leaves poison records without one", () => {
    const s = scan(50, t(45, undefined, 30, 60), L);
    expect(s.effective).toEqual([45, undefined, 40, 60]);
    expect(s.late).toEqual([false, false, true, false]);
  });

  it("resumes from the committed maximum: the same records are late after a restart", () => {
    const whole = scan(Number.NEGATIVE_INFINITY, t(100, 120, 105, 109), L);
    const resumed = scan(whole.maxAfter[1] as number, t(105, 109), L);
    expect(resumed.late).toEqual(whole.late.slice(2));
  });

  it("bounds what is still to come: pending records and anything after the batch", () => {
    const s = scan(Number.NEGATIVE_INFINITY, t(100, 103, 101, 130), L);
    expect(lowWatermark(s, 0, L)).toBe(100);
    expect(lowWatermark(s, 2, L)).toBe(101);
    // Nothing pending: whatever comes later counts at or above M − L.
    expect(lowWatermark(s, 4, L)).toBe(120);
    // A late record counts at its effective time, which is where it holds others back.
    const late = scan(200, t(150), L);
    expect(lowWatermark(late, 0, L)).toBe(190);
  });
});
