import { describe, expect, it } from "vitest";
import { containsPan, maskPans } from "../src/index.js";

describe("containsPan", () => {
  it.each([
    "4111111111111111",
    "tok_4111111111111111",
    "4111 1111 1111 1111",
    "4111-1111-1111-1111",
    "card 3782-822463-10005 used",
    "x6011000990139424y",
    "4111 1111 1111 1111 2024",
    "1234 4111 1111 1111 1111",
  ])("finds a card number in %j", (text) => {
    expect(containsPan(text)).toBe(true);
  });

  it.each([
    "4111111111111112", // fails Luhn
    "411111111111", // 12 digits
    "41111111111111110", // 17 digits failing Luhn
    "550e8400-e29b-41d4-a716-446655440000", // a UUID: its groups are not a card's
    "tx_12345678_90123456",
    "1767225600000", // epoch ms, fails Luhn
  ])("leaves %j alone", (text) => {
    expect(containsPan(text)).toBe(false);
  });
});

describe("maskPans", () => {
  it("masks card numbers and nothing else: a 13-digit timestamp failing Luhn stays readable", () => {
    expect(maskPans("event_time 1767225600000 at tok_4111111111111111")).toBe(
      "event_time 1767225600000 at tok_[pan-redacted]",
    );
    expect(maskPans("4111-1111-1111-1111 2024")).toBe("[pan-redacted]");
  });
});
