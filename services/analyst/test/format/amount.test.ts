import { describe, expect, it } from "vitest";
import { currencyExponent, formatAmount } from "../../src/format/amount.js";

describe("formatAmount", () => {
  it("turns minor units into major with thousands separators", () => {
    expect(formatAmount(123456, "EUR")).toBe("EUR 1,234.56");
    expect(formatAmount(123456789012, "USD")).toBe("USD 1,234,567,890.12");
    expect(formatAmount(100000, "GBP")).toBe("GBP 1,000.00");
  });

  it("pads small amounts with leading zeros", () => {
    expect(formatAmount(5, "EUR")).toBe("EUR 0.05");
    expect(formatAmount(0, "EUR")).toBe("EUR 0.00");
    expect(formatAmount(99, "EUR")).toBe("EUR 0.99");
  });

  it("uses the currency's own number of decimals", () => {
    expect(formatAmount(1234567, "JPY")).toBe("JPY 1,234,567");
    expect(formatAmount(1234567, "KWD")).toBe("KWD 1,234.567");
    expect(formatAmount(7, "BHD")).toBe("BHD 0.007");
    expect(currencyExponent("jpy")).toBe(0);
    expect(currencyExponent("XYZ")).toBe(2);
  });

  it("keeps the sign of refunds", () => {
    expect(formatAmount(-123456, "EUR")).toBe("EUR -1,234.56");
    expect(formatAmount(-5, "EUR")).toBe("EUR -0.05");
  });

  it("is exact where floating-point division would not be", () => {
    // 2^53 - 1 minor units: dividing by 100 as a double would round the cents.
    expect(formatAmount(9007199254740991, "EUR")).toBe("EUR 90,071,992,547,409.91");
  });

  it("does not pretend a non-integer is a sum of money", () => {
    expect(formatAmount(1.5, "EUR")).toBe("EUR 1.5 (minor units)");
  });
});
