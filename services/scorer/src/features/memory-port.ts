import type { FeaturePort } from "./port.js";
import type { TxnEntry } from "./txn-entry.js";

/**
 * The FeaturePort in memory, for the offline backfill (one process, one pass over a
 * history: no TTLs, nothing shared). Same contract as the Redis port, so the feature code
 * above it is the online code. Terminal events are a sorted array of times, counted by
 * binary search; a backfill appends in event-time order, so inserts are almost always at
 * the end.
 */
interface Terminal {
  times: number[];
  members: string[];
  /** Index of the first live event (trimmed ones before it are compacted lazily). */
  head: number;
  seen: Set<string>;
  frauds: Map<string, { t: number; reported: number }>;
  /** The frauds' values as an array, rebuilt when they change (read per event, changed rarely). */
  fraudList: { t: number; reported: number }[] | undefined;
}

export function createMemoryPort(): FeaturePort {
  const txns = new Map<string, TxnEntry>();
  const cards = new Map<string, { chunks: Uint8Array[]; bytes: number }>();
  const terminals = new Map<string, Terminal>();
  const labels = new Set<string>();
  const pending = new Map<string, number>();

  const terminal = (id: string): Terminal => {
    let t = terminals.get(id);
    if (!t) {
      t = { times: [], members: [], head: 0, seen: new Set(), frauds: new Map(), fraudList: [] };
      terminals.set(id, t);
    }
    return t;
  };

  return {
    async claimTxns(claims) {
      return claims.map(({ key, entry }) => {
        const prior = txns.get(key);
        if (!prior) txns.set(key, entry);
        return prior;
      });
    },

    async adoptParked(claims) {
      return claims.map(({ key, entry }) => {
        const prior = txns.get(key);
        if (prior?.kind === "known") return prior;
        const adopted = entry.kind === "known" && prior ? { ...entry, reported: prior.reported } : entry;
        txns.set(key, adopted);
        return adopted;
      });
    },

    async findOrPark(items) {
      return items.map(({ key, reported }) => {
        const e = txns.get(key);
        if (e?.kind === "known") return e;
        if (!e || reported < e.reported) txns.set(key, { kind: "parked", reported });
        return undefined;
      });
    },

    async loadCards(tokens) {
      return tokens.map((token) => {
        const c = cards.get(token);
        if (!c) return undefined;
        const all = new Uint8Array(c.bytes);
        let o = 0;
        for (const chunk of c.chunks) {
          all.set(chunk, o);
          o += chunk.byteLength;
        }
        return all;
      });
    },

    async writeCards(writes) {
      return writes.map((w) => {
        const c = cards.get(w.token) ?? { chunks: [], bytes: 0 };
        if (c.bytes !== w.expectBytes) return -1;
        if (w.replace) {
          c.chunks = [w.bytes];
          c.bytes = w.bytes.byteLength;
        } else {
          c.chunks.push(w.bytes);
          c.bytes += w.bytes.byteLength;
        }
        cards.set(w.token, c);
        return c.bytes;
      });
    },

    async recordTerminals(items) {
      return items.map((r) => {
        const x = terminal(r.terminal);
        if (!x.seen.has(r.member)) {
          x.seen.add(r.member);
          const at = upperBound(x.times, r.t, x.head);
          if (at === x.times.length) {
            x.times.push(r.t);
            x.members.push(r.member);
          } else {
            x.times.splice(at, 0, r.t);
            x.members.splice(at, 0, r.member);
          }
        }
        if (r.trimBefore !== undefined) trim(x, r.trimBefore);
        const out: number[] = [];
        x.fraudList ??= [...x.frauds.values()];
        const frauds = x.fraudList;
        for (let k = 0; k < r.spans.length; k += 2) {
          const lo = r.spans[k] as number;
          const hi = r.spans[k + 1] as number;
          let known = 0;
          for (const f of frauds) if (f.t >= lo && f.t < hi && f.reported <= r.reportedBy) known++;
          out.push(lowerBound(x.times, hi, x.head) - lowerBound(x.times, lo, x.head), known);
        }
        return out;
      });
    },

    async recordFrauds(items) {
      for (const f of items) {
        const x = terminal(f.terminal);
        const known = x.frauds.get(f.member);
        if (!known || f.reported < known.reported) {
          x.frauds.set(f.member, { t: f.t, reported: f.reported });
          x.fraudList = undefined;
        }
      }
    },

    async markLabels(keys) {
      return keys.map((k) => {
        if (labels.has(k)) return false;
        labels.add(k);
        return true;
      });
    },

    async addPending(keys, now) {
      for (const k of keys) if (!pending.has(k)) pending.set(k, now);
    },

    async removePending(keys) {
      for (const k of keys) pending.delete(k);
    },

    async takeExpiredPending(parkedBefore, max) {
      const out: string[] = [];
      for (const [k, at] of pending) {
        if (out.length >= max) break;
        if (at < parkedBefore) out.push(k);
      }
      for (const k of out) pending.delete(k);
      return out;
    },
  };
}

function trim(x: Terminal, before: number): void {
  while (x.head < x.times.length && (x.times[x.head] as number) < before) {
    x.seen.delete(x.members[x.head] as string);
    x.head++;
  }
  for (const [m, f] of x.frauds) {
    if (f.t < before) {
      x.frauds.delete(m);
      x.fraudList = undefined;
    }
  }
  if (x.head > 1024 && x.head * 2 > x.times.length) {
    x.times = x.times.slice(x.head);
    x.members = x.members.slice(x.head);
    x.head = 0;
  }
}

/** First index >= from whose time is >= t. */
function lowerBound(a: number[], t: number, from: number): number {
  let lo = from;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index >= from whose time is > t. */
function upperBound(a: number[], t: number, from: number): number {
  let lo = from;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
