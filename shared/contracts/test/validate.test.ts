import { looksLikePan, validateLabel, validateTransaction } from "@fraud/contracts";
import { isFraudError } from "@fraud/platform";
import { describe, expect, it } from "vitest";
import { label, transaction } from "./fixtures.js";

function fieldOf(
  fn: () => unknown,
  code: "VALIDATE_INVALID_RECORD" | "VALIDATE_CONTAINS_PAN" | "VALIDATE_LIMIT" = "VALIDATE_INVALID_RECORD",
): { field: unknown; message: string } {
  try {
    fn();
  } catch (err) {
    if (isFraudError(err, code)) return { field: err.details.field, message: err.message };
    throw err;
  }
  throw new Error(`expected ${code}`);
}

describe("validateTransaction", () => {
  it("returns a valid record unchanged", () => {
    const tx = transaction();
    expect(validateTransaction(tx)).toBe(tx);
  });

  it.each([
    ["transaction_id", { transaction_id: "" }],
    ["card_token", { card_token: "  " }],
    ["terminal_id", { terminal_id: "" }],
    ["currency", { currency: "eur" }],
    ["currency", { currency: "EURO" }],
    ["amount_minor", { amount_minor: -1 }],
    ["amount_minor", { amount_minor: 1.5 }],
    ["amount_minor", { amount_minor: 2 ** 53 }],
    ["event_time", { event_time: Date.UTC(1999, 11, 31) }],
    ["event_time", { event_time: Date.UTC(2100, 0, 1) }],
  ])("refuses a bad %s", (field, over) => {
    expect(fieldOf(() => validateTransaction(transaction(over))).field).toBe(field);
  });

  it("refuses a card_token that is a PAN and never echoes it", () => {
    for (const pan of ["4111111111111111", "4111 1111 1111 1111", "378282246310005", "6011000990139424"]) {
      const { field, message } = fieldOf(
        () => validateTransaction(transaction({ card_token: pan })),
        "VALIDATE_CONTAINS_PAN",
      );
      expect(field).toBe("card_token");
      expect(message).not.toContain("1111");
      expect(message).not.toContain("0005");
    }
  });

  it("accepts digit tokens that fail Luhn or have the wrong length", () => {
    expect(looksLikePan("4111111111111112")).toBe(false);
    expect(looksLikePan("411111111111")).toBe(false); // 12 digits
    expect(looksLikePan("4111111111111111")).toBe(true);
    expect(validateTransaction(transaction({ card_token: "4111111111111112" })).card_token).toBe("4111111111111112");
  });
});

describe("validateLabel", () => {
  it("accepts a valid label and refuses empty ids and out-of-range times", () => {
    expect(validateLabel(label())).toEqual(label());
    expect(fieldOf(() => validateLabel(label({ label_id: "" }))).field).toBe("label_id");
    expect(fieldOf(() => validateLabel(label({ transaction_id: "" }))).field).toBe("transaction_id");
    expect(fieldOf(() => validateLabel(label({ label_time: 0 }))).field).toBe("label_time");
  });
});
