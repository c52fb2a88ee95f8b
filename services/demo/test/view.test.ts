import { describe, expect, it } from "vitest";
import { money, redraw, renderFrame, type Snapshot, statusLine } from "../src/view.js";

const base: Snapshot = {
  phase: "live",
  phaseElapsedMs: 12_400,
  phaseLeftMs: 47_600,
  produced: 2500,
  scored: 2480,
  pending: 20,
  scoredPerSec: 199.6,
  alertsPerSec: 0.4,
  alerts: 7,
  p50Ms: 31.2,
  p99Ms: 180.7,
  lag: 3,
  latest: [
    {
      transactionId: "l1_tx",
      eventTime: Date.UTC(2026, 10, 22, 16, 45, 3),
      cardToken: "card_00000042",
      amountMinor: 123456,
      currency: "EUR",
      score: 0.9731,
      decision: "decline",
      reasons: [
        {
          feature: "card_amount_sum_1h",
          value: 240000,
          contribution: 0.41,
          detail: "spent 2,400 EUR in the last hour",
        },
        { feature: "terminal_fraud_rate_28d", value: 0.125, contribution: 0.083, detail: "terminal had 12 frauds" },
      ],
    },
  ],
};

describe("renderFrame", () => {
  it("shows the rates, latency, lag and each alert with its reasons", () => {
    const text = renderFrame(base, 200).join("\n");
    expect(text).toContain("live (12s, 48s left)");
    expect(text).toContain("scored/s 200");
    expect(text).toContain("alerts/s 0.4");
    expect(text).toContain("consumer lag 3");
    expect(text).toContain("pending 20");
    expect(text).toContain("p50 31 ms");
    expect(text).toContain("p99 181 ms");
    expect(text).toContain("11-22 16:45:03 card_00000042");
    expect(text).toContain("1234.56 EUR");
    expect(text).toContain("0.973");
    expect(text).toContain("card_amount_sum_1h=240000 (+0.41), terminal_fraud_rate_28d=0.125 (+0.08)");
    expect(text).toContain("↳ spent 2,400 EUR in the last hour");
    expect(text).not.toContain("terminal had 12 frauds");
  });

  it("never writes a line wider than the terminal", () => {
    for (const line of renderFrame(base, 40)) expect(line.length).toBeLessThanOrEqual(40);
  });

  it("prints n/a, not zero, for what is not known yet", () => {
    const text = renderFrame({ ...base, p50Ms: Number.NaN, lag: Number.NaN, latest: [] }, 200).join("\n");
    expect(text).toContain("p50 n/a");
    expect(text).toContain("consumer lag n/a");
    expect(text).toContain("latest alerts (0)");
  });
});

describe("statusLine and redraw", () => {
  it("is one line with the same figures", () => {
    const line = statusLine({ ...base, note: "simulated up to 2026-11-01" });
    expect(line).not.toContain("\n");
    expect(line).toContain("simulated up to 2026-11-01");
    expect(line).toContain("scored=2480");
    expect(line).toContain("p99=181 ms");
  });
  it("homes the cursor and clears each line's tail", () => {
    expect(redraw(["a", "b"])).toBe("\x1b[Ha\x1b[K\nb\x1b[K\n\x1b[J");
  });
  it("formats minor units with two decimals", () => {
    expect(money(5, "EUR")).toBe("0.05 EUR");
  });
});
