/**
 * One card's events in processing order, as the scorer that owns the card's partition
 * caches it and as Redis stores it: one string of packed 16-byte records, little-endian:
 * event time ms (u48: years 2000-2100 fit), txid fingerprint (u16: with the time and the
 * amount it finds a redelivery's place), amount minor units (float64: every safe integer);
 * appended once per batch.
 *
 * Card aggregates of the event at position p use the events before it in processing order
 * (at most `maxEvents` of them) with time in (t - w, t], and itself. Recomputing position p
 * later (a redelivery) gives the same values, because trimming only drops events no later
 * position can use (see `trimIfDue`).
 */
export const RECORD_BYTES = 16;
const U32 = 2 ** 32;

export interface CardAggregates {
  /** Latest event time strictly before t within the horizon, or -1. */
  prev: number;
  /** Per card window: count, sum, max. */
  windows: [number, number, number][];
}

export class CardHistory {
  times: number[] = [];
  amounts: number[] = [];
  fps: number[] = [];
  /** Bytes of this history in the store (compare-and-set base), and whether it must be rewritten. */
  storedBytes = 0;
  rewrite = false;
  /** Records appended since the last write. */
  unwritten = 0;
  private maxTime = Number.NEGATIVE_INFINITY;

  static decode(bytes: Uint8Array | undefined): CardHistory {
    const h = new CardHistory();
    if (!bytes) return h;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = Math.floor(bytes.byteLength / RECORD_BYTES);
    for (let i = 0; i < n; i++) {
      const o = i * RECORD_BYTES;
      h.push(
        view.getUint32(o, true) + view.getUint16(o + 4, true) * U32,
        view.getFloat64(o + 8, true),
        view.getUint16(o + 6, true),
      );
    }
    h.storedBytes = bytes.byteLength;
    h.unwritten = 0;
    return h;
  }

  get length(): number {
    return this.times.length;
  }

  push(t: number, amount: number, fp: number): void {
    this.times.push(t);
    this.amounts.push(amount);
    this.fps.push(fp);
    if (t > this.maxTime) this.maxTime = t;
    this.unwritten++;
  }

  /** Position of a transaction, searching from the newest (redeliveries are recent). */
  find(fp: number, t: number, amount: number): number {
    for (let i = this.fps.length - 1; i >= 0; i--) {
      if (this.fps[i] === fp && this.times[i] === t && this.amounts[i] === amount) return i;
    }
    return -1;
  }

  /**
   * Appends the card part of the raw aggregates of position p to `raw`: the latest event
   * time strictly before t within the horizon (or -1), then count, sum, max per window.
   * Writes into the caller's array: this runs once per transaction on the hot path.
   */
  aggregatesInto(raw: number[], p: number, windows: readonly number[], maxEvents: number, horizon: number): void {
    const t = this.times[p] as number;
    const amount = this.amounts[p] as number;
    const base = raw.length + 1;
    raw.push(-1);
    for (let k = 0; k < windows.length; k++) raw.push(1, amount, amount);
    let prev = -1;
    const lower = t - horizon;
    const first = Math.max(0, p - maxEvents);
    for (let j = p - 1; j >= first; j--) {
      const tj = this.times[j] as number;
      if (tj > t || tj <= lower) continue;
      if (tj < t && tj > prev) prev = tj;
      const a = this.amounts[j] as number;
      for (let k = 0; k < windows.length; k++) {
        if (tj > t - (windows[k] as number)) {
          const i = base + 3 * k;
          raw[i] = (raw[i] as number) + 1;
          raw[i + 1] = (raw[i + 1] as number) + a;
          if (a > (raw[i + 2] as number)) raw[i + 2] = a;
        }
      }
    }
    raw[base - 1] = prev;
  }

  /** The card aggregates of position p (tests, tools): `aggregatesInto` as a structure. */
  aggregates(p: number, windows: readonly number[], maxEvents: number, horizon: number): CardAggregates {
    const raw: number[] = [];
    this.aggregatesInto(raw, p, windows, maxEvents, horizon);
    return {
      prev: raw[0] as number,
      windows: windows.map((_, k) => raw.slice(1 + 3 * k, 4 + 3 * k) as [number, number, number]),
    };
  }

  /**
   * Drops what no later position can use, at points fixed by the event sequence alone (so
   * every store, batching and crash history trims identically): beyond 2x `maxEvents` keep
   * the newest 1.5x (a redelivery of any of the newest 0.5x still sees its full history),
   * and once the oldest record is a day past the horizon drop every record past it.
   */
  trimIfDue(maxEvents: number, horizon: number): void {
    const n = this.times.length;
    const overCount = n > 2 * maxEvents;
    const overAge = n > 0 && (this.times[0] as number) < this.maxTime - horizon - DAY_MS;
    if (!overCount && !overAge) return;
    const from = overCount ? n - Math.floor(1.5 * maxEvents) : 0;
    const cutoff = this.maxTime - horizon;
    const keep: number[] = [];
    for (let i = from; i < n; i++) if ((this.times[i] as number) >= cutoff) keep.push(i);
    this.times = keep.map((i) => this.times[i] as number);
    this.amounts = keep.map((i) => this.amounts[i] as number);
    this.fps = keep.map((i) => this.fps[i] as number);
    this.rewrite = true;
  }

  /** The bytes to write: the whole history when rewriting, else the unwritten tail. */
  pendingBytes(): Uint8Array {
    const from = this.rewrite ? 0 : this.times.length - this.unwritten;
    const n = this.times.length - from;
    // allocUnsafe slices Node's shared pool for small sizes: one per card per batch, so cheap matters.
    const bytes = Buffer.allocUnsafe(n * RECORD_BYTES);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < n; i++) {
      const o = i * RECORD_BYTES;
      const t = this.times[from + i] as number;
      view.setUint32(o, t % U32, true);
      view.setUint16(o + 4, Math.floor(t / U32), true);
      view.setUint16(o + 6, this.fps[from + i] as number, true);
      view.setFloat64(o + 8, this.amounts[from + i] as number, true);
    }
    return bytes;
  }

  /** After a successful write of `pendingBytes()`. */
  written(newStoredBytes: number): void {
    this.storedBytes = newStoredBytes;
    this.rewrite = false;
    this.unwritten = 0;
  }
}

const DAY_MS = 86_400_000;
