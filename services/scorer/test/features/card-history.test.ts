import { describe, expect, it } from "vitest";
import { CardHistory, RECORD_BYTES } from "../../src/features/card-history.js";

const H = 3_600_000;
const W = [H, 24 * H];

function history(events: [number, number][]): CardHistory {
  const h = new CardHistory();
  events.forEach(([t, a], i) => {
    h.push(t, a, i + 1);
  });
  return h;
}

describe("CardHistory", () => {
  it("round-trips through its packed form, appended in pieces", () => {
    const h = history([
      [Date.parse("2099-12-31T23:59:59.999Z"), 2 ** 53 - 1], // the widest time and amount
      [2000, 7],
    ]);
    const first = h.pendingBytes();
    expect(first.byteLength).toBe(2 * RECORD_BYTES);
    h.written(first.byteLength);
    h.push(1500, 9, 99);
    const tail = h.pendingBytes();
    expect(tail.byteLength).toBe(RECORD_BYTES);
    const stored = new Uint8Array([...first, ...tail]);
    const back = CardHistory.decode(stored);
    expect(back.times).toEqual([Date.parse("2099-12-31T23:59:59.999Z"), 2000, 1500]);
    expect(back.amounts).toEqual([2 ** 53 - 1, 7, 9]);
    expect(back.fps).toEqual([1, 2, 99]);
    expect(back.storedBytes).toBe(3 * RECORD_BYTES);
    expect(back.find(99, 1500, 9)).toBe(2);
    expect(back.find(99, 1500, 10)).toBe(-1); // the fingerprint alone is not enough
    expect(back.find(12345, 1500, 9)).toBe(-1);
  });

  it("aggregates (t - w, t] over earlier positions only, out-of-order events included", () => {
    const t = 10 * H;
    const h = history([
      [t - H, 100], // exactly t - 1h: outside the 1h window
      [t - 30 * 60_000, 200],
      [t + 60_000, 999], // processed earlier but in the future of t: never counts
      [t, 50],
    ]);
    const a = h.aggregates(3, W, 1000, 40 * 24 * H);
    expect(a.windows[0]).toEqual([2, 250, 200]);
    expect(a.windows[1]).toEqual([3, 350, 200]);
    expect(a.prev).toBe(t - 30 * 60_000);
    // Position 1 as of itself (a redelivery) ignores position 3.
    expect(h.aggregates(1, W, 1000, 40 * 24 * H).windows[1]).toEqual([2, 300, 200]);
  });

  it("counts at most maxEvents earlier events (card-testing bursts)", () => {
    const h = history(Array.from({ length: 50 }, (_, i) => [i * 1000, 1] as [number, number]));
    expect(h.aggregates(49, W, 10, 40 * 24 * H).windows[0]).toEqual([11, 11, 1]);
  });

  it("trims at points fixed by the sequence, keeping what later positions can use", () => {
    const a = history([]);
    const b = history([]);
    for (let i = 0; i < 100; i++) {
      a.push(i * 1000, i, i);
      a.trimIfDue(10, 40 * 24 * H);
      b.push(i * 1000, i, i);
      if (i % 7 === 0) b.written(0); // different write points (batches) do not matter
      b.trimIfDue(10, 40 * 24 * H);
    }
    expect(a.times).toEqual(b.times);
    expect(a.length).toBeLessThanOrEqual(20);
    expect(a.length).toBeGreaterThanOrEqual(15);
    expect(a.rewrite).toBe(true);
  });

  it("drops events a day past the horizon", () => {
    const h = history([
      [0, 1],
      [5 * H, 1],
    ]);
    h.push(0 + 3 * 24 * H, 1, 7);
    h.trimIfDue(1000, 24 * H);
    expect(h.times).toEqual([3 * 24 * H]);
  });
});
