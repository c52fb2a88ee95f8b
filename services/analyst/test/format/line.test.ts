import type { Alert, Decision } from "@fraud/contracts";
import { describe, expect, it } from "vitest";
import { COLOURS, useColour } from "../../src/format/colour.js";
import { formatAlert, formatDecision, formatJson, formatTime } from "../../src/format/line.js";

const alert: Alert = {
  transaction_id: "tx_1",
  card_token: "tok_abc",
  terminal_id: "term_9",
  event_time: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
  amount_minor: 123456,
  currency: "EUR",
  score: 0.91234,
  threshold: 0.8,
  decision: "decline",
  model_version: "lgbm-7",
  feature_set_version: "fs-1",
  reasons: [
    {
      feature: "card_count_1h",
      value: 14,
      contribution: 0.21,
      detail: "14 payments on this card in the last hour",
      code: "R_CARD_VELOCITY_1H",
    },
    {
      feature: "amount_ratio",
      value: 6.39761234,
      contribution: -0.0125,
      detail: "amount is 6.4x the card's average",
      code: "R_CARD_AMOUNT_SPIKE_7D",
    },
  ],
  features: { card_count_1h: 14, amount_ratio: 6.39761234 },
  scored_at: Date.UTC(2026, 0, 2, 3, 4, 6),
  reasons_method: "treeshap",
  reasons_base: -4.2,
};

const decision = (d: string, score: number): Decision => ({
  transaction_id: "tx_2",
  card_token: "tok_def",
  terminal_id: "term_1",
  event_time: Date.UTC(2026, 0, 1),
  amount_minor: 500,
  currency: "JPY",
  score,
  decision: d,
  review_threshold: 0.5,
  decline_threshold: 0.9,
  model_version: "m1",
  feature_set_version: "fs-1",
  features: {},
  scored_at: Date.UTC(2026, 0, 1),
});

describe("formatAlert", () => {
  it("puts what an analyst needs on the first line", () => {
    const [head] = formatAlert(alert).split("\n");
    expect(head).toBe(
      "2026-01-02T03:04:05.678Z  DECLINE  score 0.912 >= 0.800  card tok_abc  terminal term_9  EUR 1,234.56  model lgbm-7  txn tx_1",
    );
  });

  it("lists the reasons in order, with code, value, contribution and detail", () => {
    const lines = formatAlert(alert).split("\n");
    expect(lines.slice(1)).toEqual([
      "    - R_CARD_VELOCITY_1H card_count_1h = 14 (+0.210): 14 payments on this card in the last hour",
      "    - R_CARD_AMOUNT_SPIKE_7D amount_ratio = 6.39761 (-0.013): amount is 6.4x the card's average",
    ]);
  });

  it("prints a v1 alert's reasons (no code) as before", () => {
    const v1 = { ...alert, reasons: alert.reasons.map((r) => ({ ...r, code: "" })) };
    expect(formatAlert(v1).split("\n")[1]).toBe(
      "    - card_count_1h = 14 (+0.210): 14 payments on this card in the last hour",
    );
  });

  it("never prints something shaped like a card number", () => {
    const leaky = {
      ...alert,
      card_token: "4111111111111111",
      reasons: [{ ...alert.reasons[0]!, detail: "pan 4111 1111 1111 1111" }],
    };
    const text = formatAlert(leaky);
    expect(text).not.toMatch(/4111/);
    expect(text).toContain("[pan-redacted]");
  });

  it("colours the decision only when asked", () => {
    expect(formatAlert(alert)).not.toContain("\u001b[");
    expect(formatAlert(alert, COLOURS)).toContain("\u001b[31mDECLINE");
  });
});

describe("formatDecision", () => {
  it("shows the threshold the decision crossed", () => {
    expect(formatDecision(decision("decline", 0.95))).toContain("DECLINE  score 0.950 >= 0.900");
    expect(formatDecision(decision("review", 0.6))).toContain("REVIEW   score 0.600 >= 0.500");
    expect(formatDecision(decision("approve", 0.1))).toContain("APPROVE  score 0.100 < 0.500");
  });

  it("is one line with the amount in the currency's units", () => {
    const text = formatDecision(decision("approve", 0.1));
    expect(text.split("\n")).toHaveLength(1);
    expect(text).toContain("JPY 500");
    expect(text.startsWith("2026-01-01T00:00:00.000Z")).toBe(true);
  });
});

describe("formatJson", () => {
  it("is the record itself, on one line", () => {
    const line = formatJson(alert);
    expect(line).not.toContain("\n");
    expect(JSON.parse(line)).toEqual(alert);
  });
});

describe("formatTime", () => {
  it("falls back to raw milliseconds outside the Date range", () => {
    expect(formatTime(9e15)).toBe("9000000000000000ms");
  });
});

describe("useColour", () => {
  it("needs a TTY and no NO_COLOR", () => {
    expect(useColour(true, {})).toBe(true);
    expect(useColour(false, {})).toBe(false);
    expect(useColour(undefined, {})).toBe(false);
    expect(useColour(true, { NO_COLOR: "1" })).toBe(false);
    expect(useColour(true, { NO_COLOR: "" })).toBe(true);
  });
});
