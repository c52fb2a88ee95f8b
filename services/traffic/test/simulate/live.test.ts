import { ManualClock } from "@fraud/platform";
import { describe, expect, it } from "vitest";
import { createLiveTraffic } from "../../src/simulate/live.js";

describe("live traffic", { timeout: 30_000 }, () => {
  it("emits at the configured rate with event times from the clock, and labels later", () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 1, 12));
    const live = createLiveTraffic({ seed: 5, rate: 200, clock, fraudRate: 0.02 });
    const txs = [];
    const labels = [];
    for (let s = 0; s < 600; s++) {
      clock.advance(100);
      const b = live.poll();
      txs.push(...b.transactions);
      labels.push(...b.labels);
      for (const t of b.transactions) expect(t.tx.event_time).toBeLessThanOrEqual(clock.now());
      for (const l of b.labels) expect(l.label.label_time).toBeLessThanOrEqual(clock.now());
    }
    // 60 s at 200/s.
    expect(txs.length).toBe(12_000);
    for (let i = 1; i < txs.length; i++)
      expect(txs[i]!.tx.event_time).toBeGreaterThanOrEqual(txs[i - 1]!.tx.event_time);
    expect(labels.length).toBeGreaterThan(0);
    const when = new Map(txs.map((t) => [t.tx.transaction_id, t.tx.event_time]));
    for (const l of labels) expect(l.label.label_time).toBeGreaterThan(when.get(l.label.transaction_id)!);
    // Same seed, same clock steps: same stream.
    const clock2 = new ManualClock(Date.UTC(2026, 2, 1, 12));
    const again = createLiveTraffic({ seed: 5, rate: 200, clock: clock2, fraudRate: 0.02 });
    clock2.advance(5000);
    expect(again.poll().transactions).toEqual(txs.slice(0, 1000));
  });

  it("brings labels sooner with a smaller label delay scale", () => {
    const count = (scale: number) => {
      const clock = new ManualClock(Date.UTC(2026, 2, 1, 12));
      const live = createLiveTraffic({ seed: 5, rate: 200, clock, fraudRate: 0.02, labelDelayScale: scale });
      let labels = 0;
      for (let s = 0; s < 300; s++) {
        clock.advance(100);
        labels += live.poll().labels.length;
      }
      return labels;
    };
    // 30 s at 200/s is about one simulated day (speedup ~3,400): ~60 frauds, ~48 reported.
    // Unscaled, a chargeback needs >= 1 simulated day (~25 s), so almost none arrive;
    // at 0.05 the median delay is ~7.6 s.
    const normal = count(1);
    const fast = count(0.05);
    expect(normal).toBeLessThan(5);
    expect(fast).toBeGreaterThan(normal + 15);
  });
});
