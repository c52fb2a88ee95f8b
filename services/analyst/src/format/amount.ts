/**
 * Minor units → "EUR 1,234.56". Contract: `minor` is a whole number of the currency's
 * minor unit (as in every record); the result is the ISO code, a space, and the major
 * amount with comma thousands separators and the currency's own number of decimals.
 * A hard-coded exponent table (ISO 4217), not Intl, so output never depends on the
 * ICU build; unknown codes get 2 decimals, the common case.
 */
const EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
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
