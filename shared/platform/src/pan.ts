/**
 * The one PAN detector, used by input validation (refuse) and by every place that prints
 * text which may quote input (mask). A PAN is 13-19 digits passing Luhn, written either
 * as one run of digits or in the groupings card numbers are printed in (4-4-4-4[-1..3],
 * 4-6-5, 4-6-4), separated by spaces or dashes. It may sit inside a longer string
 * (`tok_4111111111111111`). Digit runs longer than 19 are not PANs by this definition,
 * and arbitrary groupings are not joined: a UUID's `a716-446655440000` is not a card
 * number, which keeps the false-positive rate of ids near zero.
 */

/** Luhn checksum over a digit string. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

// Printed groupings of card numbers (digits per group); a lone run of 13-19 digits also counts.
const GROUPINGS: readonly (readonly number[])[] = [
  [4, 4, 4, 4],
  [4, 4, 4, 4, 1],
  [4, 4, 4, 4, 2],
  [4, 4, 4, 4, 3],
  [4, 6, 5],
  [4, 6, 4],
];

/** [start, end) of every PAN in `text`. */
function panSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  // Cheap exit (the hot path: every string field of every record): fewer than 13 digits.
  let digits = 0;
  for (let i = 0; i < text.length && digits < 13; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (digits < 13) return spans;
  for (const run of text.matchAll(/\d+(?:[ -]\d+)*/g)) {
    const groups: { start: number; end: number }[] = [];
    for (const g of run[0].matchAll(/\d+/g)) {
      const start = (run.index ?? 0) + (g.index ?? 0);
      groups.push({ start, end: start + g[0].length });
    }
    const len = (k: number) =>
      (groups[k] as { start: number; end: number }).end - (groups[k] as { start: number }).start;
    const digitsOf = (from: number, to: number) => text.slice(from, to).replace(/[ -]/g, "");
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] as { start: number; end: number };
      if (len(i) >= 13 && len(i) <= 19 && passesLuhn(digitsOf(g.start, g.end))) spans.push([g.start, g.end]);
      for (const shape of GROUPINGS) {
        if (i + shape.length > groups.length) continue;
        if (!shape.every((n, k) => len(i + k) === n)) continue;
        const end = (groups[i + shape.length - 1] as { end: number }).end;
        if (passesLuhn(digitsOf(g.start, end))) spans.push([g.start, end]);
      }
    }
  }
  return spans;
}

/** True when `text` contains a PAN anywhere (alone, grouped, or embedded). */
export function containsPan(text: string): boolean {
  return panSpans(text).length > 0;
}

/**
 * Replaces every PAN in free text (error messages that quote input, analyst output) with
 * `[pan-redacted]`. Requires Luhn, so timestamps and other long numbers stay readable.
 */
export function maskPans(text: string): string {
  const spans = panSpans(text).sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  if (spans.length === 0) return text;
  let out = "";
  let at = 0;
  for (const [start, end] of spans) {
    // Overlapping finds (a grouping inside a longer one) become one mask.
    if (start < at) {
      at = Math.max(at, end);
      continue;
    }
    out += `${text.slice(at, start)}[pan-redacted]`;
    at = end;
  }
  return out + text.slice(at);
}
