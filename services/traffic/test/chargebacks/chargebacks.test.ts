import { describe, expect, it } from "vitest";
import { chargebackDelay, DEFAULT_CHARGEBACKS } from "../../src/chargebacks/delay.js";
import { chargebackFor } from "../../src/chargebacks/feed.js";
import { interleaveLabels } from "../../src/chargebacks/interleave.js";
import type { SimEvent } from "../../src/simulate/model.js";
import { createRng } from "../../src/simulate/prng.js";
import { simulateDays } from "../../src/simulate/simulator.js";

const DAY = 86_400_000;

describe("chargeback delay", () => {
  const rng = createRng(42);
  const draws = Array.from({ length: 20_000 }, () => chargebackDelay(DEFAULT_CHARGEBACKS, rng));
  const reported = draws.filter((d): d is number => d !== undefined).map((d) => d / DAY);

  it("never reports the configured share", () => {
    const share = 1 - reported.length / draws.length;
    expect(share).toBeGreaterThan(0.18);
    expect(share).toBeLessThan(0.22);
    const none = createRng(1);
    for (let i = 0; i < 1000; i++) {
      expect(chargebackDelay({ ...DEFAULT_CHARGEBACKS, unreportedShare: 0 }, none)).toBeDefined();
    }
  });

  it("stays within 1-60 days, skewed: mostly within two weeks, median near 6 days", () => {
    expect(Math.min(...reported)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...reported)).toBeLessThanOrEqual(60);
    expect(reported.filter((d) => d <= 14).length / reported.length).toBeGreaterThan(0.8);
    expect(reported.filter((d) => d > 20).length).toBeGreaterThan(0);
    const sorted = [...reported].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]!).toBeGreaterThan(5.5);
    expect(sorted[Math.floor(sorted.length / 2)]!).toBeLessThan(6.5);
  });
});

describe("chargeback feed", { timeout: 30_000 }, () => {
  const { events } = simulateDays({ seed: 3, start: Date.UTC(2026, 0, 1), days: 10 });
  const all = [...events];

  it("labels only fraud, after the payment, with a deterministic id and the card as key", () => {
    const rng = createRng(9);
    for (const e of all) {
      const l = chargebackFor(e, { ...DEFAULT_CHARGEBACKS, unreportedShare: 0 }, rng);
      if (!e.truth.is_fraud) {
        expect(l).toBeUndefined();
        continue;
      }
      expect(l!.label).toMatchObject({ transaction_id: e.tx.transaction_id, is_fraud: true, source: "chargeback" });
      expect(l!.label.label_id).toBe(`cb_${e.tx.transaction_id}`);
      expect(l!.label.label_time - e.tx.event_time).toBeGreaterThanOrEqual(DAY);
      expect(l!.cardToken).toBe(e.tx.card_token);
    }
  });

  it("interleaves labels at their own time", () => {
    const rng = createRng(9);
    const merged = [...interleaveLabels(all, (e: SimEvent) => chargebackFor(e, DEFAULT_CHARGEBACKS, rng))];
    const time = (m: (typeof merged)[number]) =>
      m.kind === "transaction" ? m.event.tx.event_time : m.event.label.label_time;
    for (let i = 1; i < merged.length; i++) expect(time(merged[i]!)).toBeGreaterThanOrEqual(time(merged[i - 1]!));
    const labels = merged.filter((m) => m.kind === "label");
    const frauds = all.filter((e) => e.truth.is_fraud).length;
    expect(labels.length).toBeGreaterThan(0.6 * frauds);
    expect(labels.length).toBeLessThan(0.95 * frauds);
    // Some labels fall inside the simulated window, between transactions.
    const lastTx = all.at(-1)!.tx.event_time;
    expect(labels.some((m) => m.kind === "label" && m.event.label.label_time < lastTx)).toBe(true);
  });
});
