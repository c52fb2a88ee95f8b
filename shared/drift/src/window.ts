import { binOf, type Comparison, compare, type ReferenceDistribution } from "./psi.js";
import type { DriftReferences } from "./reference.js";

/** The score's variable name in a window (no feature is called that). */
export const SCORE = "score";

export interface WindowOptions {
  references: DriftReferences;
  /** Feature names in row order (the model's). */
  features: readonly string[];
  /** Observations the window spans. */
  size: number;
  /** The window slides by size / chunks observations at a time. */
  chunks: number;
  /** A feature value that stands for "no data" (counted with the missing share). */
  isDefault?: (value: number) => boolean;
}

interface Chunk {
  n: number;
  alerts: number;
  /** Per variable: bin counts, then the missing count last. */
  counts: Uint32Array[];
  /** Per feature: missing or default values. */
  defaults: Uint32Array;
}

export interface WindowSnapshot {
  count: number;
  alertRate: number;
  /** PSI per variable with a reference (the score as "score"). */
  psi: Map<string, Comparison>;
  /** Share of missing or default values per feature. */
  defaultShare: Map<string, number>;
}

/**
 * Live histograms over a count-based sliding window: a ring of `chunks` chunks, the
 * oldest dropped when a new one starts, running totals kept so a snapshot is O(bins).
 * Memory is fixed: chunks × variables × bins counters.
 */
export function createDriftWindow(o: WindowOptions) {
  const vars: Array<{ name: string; column: number; ref: ReferenceDistribution }> = [];
  o.features.forEach((name, column) => {
    const ref = o.references.features[name];
    if (ref) vars.push({ name, column, ref });
  });
  if (o.references.score) vars.push({ name: SCORE, column: -1, ref: o.references.score });
  const chunkSize = Math.max(1, Math.ceil(o.size / o.chunks));
  const fresh = (): Chunk => ({
    n: 0,
    alerts: 0,
    counts: vars.map((v) => new Uint32Array(v.ref.edges.length + 2)),
    defaults: new Uint32Array(o.features.length),
  });
  const ring: Chunk[] = [fresh()];
  const total = fresh();
  const isDefault = o.isDefault ?? (() => false);

  function add(target: Chunk, from: Chunk, sign: 1 | -1): void {
    target.n += sign * from.n;
    target.alerts += sign * from.alerts;
    from.counts.forEach((c, v) => {
      const t = target.counts[v] as Uint32Array;
      for (let i = 0; i < c.length; i++) t[i] = (t[i] as number) + sign * (c[i] as number);
    });
    for (let i = 0; i < from.defaults.length; i++) {
      target.defaults[i] = (target.defaults[i] as number) + sign * (from.defaults[i] as number);
    }
  }

  function observeOne(rows: ArrayLike<number>, base: number, score: number, alerted: boolean): void {
    let cur = ring.at(-1) as Chunk;
    if (cur.n >= chunkSize) {
      cur = fresh();
      ring.push(cur);
      if (ring.length > o.chunks) add(total, ring.shift() as Chunk, -1);
    }
    const one = (chunk: Chunk) => {
      chunk.n++;
      if (alerted) chunk.alerts++;
      vars.forEach((v, k) => {
        const x = v.column < 0 ? score : (rows[base + v.column] as number);
        const b = binOf(v.ref.edges, x);
        const c = chunk.counts[k] as Uint32Array;
        const at = b < 0 ? c.length - 1 : b;
        c[at] = (c[at] as number) + 1;
      });
      for (let i = 0; i < o.features.length; i++) {
        const x = rows[base + i] as number;
        if (Number.isNaN(x) || isDefault(x)) chunk.defaults[i] = (chunk.defaults[i] as number) + 1;
      }
    };
    one(cur);
    one(total);
  }

  return {
    /** Whether any variable has a reference (else the window only counts alerts and defaults). */
    hasReferences: vars.length > 0,
    /** One batch: rows (row-major, the model's feature order), their scores, which alerted. */
    observe(rows: ArrayLike<number>, scores: ArrayLike<number>, alerted: (i: number) => boolean): void {
      const width = o.features.length;
      for (let i = 0; i < scores.length; i++) observeOne(rows, i * width, scores[i] as number, alerted(i));
    },
    snapshot(): WindowSnapshot {
      const psi = new Map<string, Comparison>();
      vars.forEach((v, k) => {
        const c = total.counts[k] as Uint32Array;
        if (total.n > 0) psi.set(v.name, compare(v.ref, c.subarray(0, c.length - 1), c[c.length - 1] as number));
      });
      const defaultShare = new Map(
        o.features.map((f, i) => [f, total.n > 0 ? (total.defaults[i] as number) / total.n : 0] as const),
      );
      return { count: total.n, alertRate: total.n > 0 ? total.alerts / total.n : 0, psi, defaultShare };
    },
  };
}

export type DriftWindow = ReturnType<typeof createDriftWindow>;
