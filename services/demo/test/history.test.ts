import { createLiveTraffic } from "@fraud/traffic";
import { describe, expect, it } from "vitest";
import { historyItems, historySimulator } from "../src/history.js";

const population = { cards: 50, terminals: 20 };

describe("history", () => {
  const end = Date.UTC(2026, 10, 22, 15, 30);
  const sim = historySimulator(3, population, 2, end);
  const items = [...historyItems(sim, 2, end, "hX", 3)];
  const txs = items.filter((i) => i.kind === "transaction");

  it("covers the days before `end`, in time order, and nothing at or after it", () => {
    const times = items.map((i) => (i.kind === "transaction" ? i.event.tx.event_time : i.event.label.label_time));
    expect(times.every((t, k) => k === 0 || t >= times[k - 1]!)).toBe(true);
    expect(Math.max(...times)).toBeLessThan(end);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.UTC(2026, 10, 20));
    // The partial last day is there too.
    expect(times.some((t) => t >= Date.UTC(2026, 10, 22))).toBe(true);
  });

  it("renames ids with the run's tag, in the truth and in chargebacks alike", () => {
    expect(txs.length).toBeGreaterThan(0);
    for (const i of items) {
      if (i.kind === "transaction") {
        expect(i.event.tx.transaction_id.startsWith("hX_tx_")).toBe(true);
        expect(i.event.truth.transaction_id).toBe(i.event.tx.transaction_id);
      } else expect(i.event.label.transaction_id.startsWith("hX_tx_")).toBe(true);
    }
  });

  it("draws the same population as the live traffic of the same seed", () => {
    const live = createLiveTraffic({ seed: 3, rate: 10, clock: { now: () => end }, population });
    expect(live.population.cards.map((c) => c.token)).toEqual(sim.population.cards.map((c) => c.token));
    expect(live.population.terminals.map((t) => t.id)).toEqual(sim.population.terminals.map((t) => t.id));
  });
});
