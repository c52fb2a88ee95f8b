/**
 * Population stability index, the one TypeScript implementation (training/fraudtrain/
 * stability.py is the Python twin; both follow the same conventions, so a PSI computed
 * offline at training time and one computed live are the same number):
 *   - a reference distribution has interior `edges` (ascending) and `shares`, one more
 *     than edges: bin i holds edges[i-1] < x <= edges[i] (numpy searchsorted "left");
 *   - a non-finite value (NaN, the model's "missing") counts in `missing_share`, not a bin;
 *   - PSI = sum over bins and missing of (a - e) * ln(a / e), both shares floored at
 *     PSI_FLOOR, so an empty bin gives a large but finite value;
 *   - bands as risk teams use them: < 0.1 stable, < 0.25 moderate, else significant.
 */

export interface ReferenceDistribution {
  readonly edges: readonly number[];
  readonly shares: readonly number[];
  readonly missing_share: number;
}

export const PSI_FLOOR = 1e-4;
export const PSI_BANDS = { moderate: 0.1, significant: 0.25 } as const;
export type PsiBand = "stable" | "moderate" | "significant";

/** The bin of x: the number of edges strictly below x (binary search); -1 for a missing value. */
export function binOf(edges: readonly number[], x: number): number {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? -1 : x > 0 ? edges.length : 0;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((edges[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Shares of counts per bin plus the missing share, over `total` (bins + missing). */
export function sharesOf(counts: ArrayLike<number>, missing: number): { shares: number[]; missing_share: number } {
  let total = missing;
  for (let i = 0; i < counts.length; i++) total += counts[i] as number;
  if (total === 0) return { shares: Array.from({ length: counts.length }, () => 0), missing_share: 0 };
  return { shares: Array.from(counts, (c) => c / total), missing_share: missing / total };
}

export function psi(expected: readonly number[], actual: readonly number[]): number {
  if (expected.length !== actual.length) throw new Error(`PSI of ${expected.length} vs ${actual.length} bins`);
  let sum = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i] as number, PSI_FLOOR);
    const a = Math.max(actual[i] as number, PSI_FLOOR);
    sum += (a - e) * Math.log(a / e);
  }
  return sum;
}

export function band(value: number): PsiBand {
  return value < PSI_BANDS.moderate ? "stable" : value < PSI_BANDS.significant ? "moderate" : "significant";
}

export interface BinShift {
  /** Human label of the bin: "(-inf, 12]", "(12, 40]", "(40, +inf)" or "missing". */
  bin: string;
  expected: number;
  actual: number;
  /** This bin's term of the PSI sum. */
  term: number;
}

export interface Comparison {
  psi: number;
  band: PsiBand;
  /** Observations compared. */
  count: number;
  /** Bins by their contribution to the PSI, largest first. */
  shifts: BinShift[];
}

/** PSI of live counts (per bin, plus missing) against a reference distribution. */
export function compare(ref: ReferenceDistribution, counts: ArrayLike<number>, missing: number): Comparison {
  const live = sharesOf(counts, missing);
  const expected = [...ref.shares, ref.missing_share];
  const actual = [...live.shares, live.missing_share];
  const value = psi(expected, actual);
  let count = missing;
  for (let i = 0; i < counts.length; i++) count += counts[i] as number;
  const shifts = expected
    .map((e, i) => {
      const a = actual[i] as number;
      const ef = Math.max(e, PSI_FLOOR);
      const af = Math.max(a, PSI_FLOOR);
      return { bin: binLabel(ref.edges, i), expected: e, actual: a, term: (af - ef) * Math.log(af / ef) };
    })
    .sort((x, y) => y.term - x.term);
  return { psi: value, band: band(value), count, shifts };
}

export function binLabel(edges: readonly number[], i: number): string {
  if (i === edges.length + 1) return "missing";
  const lo = i === 0 ? "-inf" : fmt(edges[i - 1] as number);
  const hi = i === edges.length ? "+inf)" : `${fmt(edges[i] as number)}]`;
  return `(${lo}, ${hi}`;
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(4));

/** A reference distribution of `values` by deciles, as training builds it (for tests and tools). */
export function referenceOf(values: readonly number[]): ReferenceDistribution {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  const edges: number[] = [];
  if (finite.length > 0) {
    for (let q = 1; q <= 9; q++) {
      // numpy's default (linear) quantile.
      const pos = (q / 10) * (finite.length - 1);
      const lo = Math.floor(pos);
      const v =
        (finite[lo] as number) +
        ((finite[Math.min(lo + 1, finite.length - 1)] as number) - (finite[lo] as number)) * (pos - lo);
      if (edges.length === 0 || v > (edges.at(-1) as number)) edges.push(v);
    }
  }
  const counts = new Array<number>(edges.length + 1).fill(0);
  let missing = 0;
  for (const v of values) {
    const b = binOf(edges, v);
    if (b < 0) missing++;
    else counts[b] = (counts[b] as number) + 1;
  }
  const s = sharesOf(counts, missing);
  return { edges, shares: s.shares, missing_share: s.missing_share };
}
