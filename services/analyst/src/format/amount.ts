/**
 * Minor units → "EUR 1,234.56". Contract: `minor` is a whole number of the currency's
 * minor unit (as in every record); the result is the ISO code, a space, and the major
 * amount with comma thousands separators and the currency's own number of decimals.
 * A hard-coded exponent table (ISO 4217), not Intl, so output never depends on the
 * ICU build; unknown codes get 2 decimals, the common case.
 */
const BY_EXPONENT: ReadonlyArray<readonly [number, readonly string[]]> = [
  [
    0,
    [
      "BIF",
      "CLP",
      "DJF",
      "GNF",
      "ISK",
      "JPY",
      "KMF",
      "KRW",
      "PYG",
      "RWF",
      "UGX",
      "UYI",
      "VND",
      "VUV",
      "XAF",
      "XOF",
      "XPF",
    ],
  ],
  [3, ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]],
  [4, ["CLF", "UYW"]],
];
const EXPONENTS: ReadonlyMap<string, number> = new Map(
  BY_EXPONENT.flatMap(([exp, codes]) => codes.map((c) => [c, exp] as const)),
);

export function currencyExponent(currency: string): number {
  return EXPONENTS.get(currency.toUpperCase()) ?? 2;
}

export function formatAmount(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) return `${currency} ${minor} (minor units)`;
  const exp = currencyExponent(currency);
  // Integer arithmetic on the digits: dividing by 100 in floating point would print 0.1 + 0.2 errors.
  const digits = Math.abs(minor)
    .toString()
    .padStart(exp + 1, "0");
  const whole = digits.slice(0, digits.length - exp);
  const fraction = digits.slice(digits.length - exp);
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ",");
  const sign = minor < 0 ? "-" : "";
  return `${currency} ${sign}${grouped}${exp > 0 ? `.${fraction}` : ""}`;
}
