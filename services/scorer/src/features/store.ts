import { FraudError } from "@fraud/platform";
import { CardHistory } from "./card-history.js";
import type { RawAggregates } from "./derive.js";
import type { FeatureSet } from "./feature-set.js";
import { contentFingerprint, labelFingerprint, terminalFingerprint, txnFingerprint } from "./fingerprint.js";
import type { FeaturePort, FraudRecord, TerminalRecord } from "./port.js";
import type { TxnEntry } from "./txn-entry.js";

/**
 * The feature store: every feature rule, once, over a FeaturePort (Redis online, memory
 * offline). Card state is cached here, in the scorer that owns the card's partition, and
 * written through once per batch; terminal state stays in the port (shared by partitions).
 */
export interface StoreTransaction {
  transaction_id: string;
  event_time: number;
  /**
   * When the transaction counts in its terminal's windows: its event time, or for a late one
   * (consume/event-time.ts) the time its stream reached it. Default: event_time.
   */
  terminal_time?: number;
  amount_minor: number;
  card_token: string;
  terminal_id: string;
}

export interface StoreLabel {
  label_id: string;
  transaction_id: string;
  label_time: number;
  is_fraud: boolean;
}

export type LabelOutcome = "applied" | "duplicate" | "parked" | "not_fraud";

export type Recorded =
  | { raw: RawAggregates; redelivered: boolean; conflict?: undefined }
  /** The id was seen with other content: never scored, never recorded (dead-letter it). */
  | { conflict: FraudError };

export interface FeatureStore {
  recordBatch(txs: readonly StoreTransaction[]): Promise<Recorded[]>;
  /** `now` is wall-clock ms, used only to index parked labels for expiry reporting. */
  applyLabels(labels: readonly StoreLabel[], now: number): Promise<LabelOutcome[]>;
  /** Removes and returns fingerprints of transaction ids whose parked labels waited past the pending TTL. */
  sweepExpiredPending(now: number, max?: number): Promise<string[]>;
  /** Forgets cached card state (call on every partition assignment). */
  resetCache(): void;
}

export interface StoreLimits {
  /** Wall-clock TTL of a transaction's index entry (redelivery, conflicts, labels). */
  txnTtlMs: number;
  /** Wall-clock TTL of an idle card's or terminal's state. */
  entityTtlMs: number;
  labelSeenTtlMs: number;
  pendingTtlMs: number;
  maxEventsPerCard: number;
  /** Card events this much older than the widest card window still count for late events. */
  latenessMs: number;
  /** Terminal events are kept this long past the widest (window + delay); default latenessMs + 7d. */
  terminalSlackMs?: number;
  /** Cards whose history this scorer caches (least recently used are dropped). */
  maxCachedCards?: number;
}

const DAY = 86_400_000;
const WEEK = 7 * DAY;

export function createFeatureStore(port: FeaturePort, set: FeatureSet, limits: StoreLimits): FeatureStore {
  const cardHorizon = Math.max(...set.cardWindows) + limits.latenessMs;
  const terminalHorizon =
    Math.max(...set.terminalWindows.map((w) => w.window + w.delay)) +
    (limits.terminalSlackMs ?? limits.latenessMs + WEEK);
  const maxCached = limits.maxCachedCards ?? 200_000;
  const cache = new Map<string, CardHistory>();
  /** Terminal id -> fingerprint (terminals are few and hashing is not free). */
  const terminalFps = new Map<string, string>();
  const terminalOf = (id: string): string => {
    let fp = terminalFps.get(id);
    if (fp === undefined) {
      if (terminalFps.size >= maxCached) terminalFps.clear();
      fp = terminalFingerprint(id);
      terminalFps.set(id, fp);
    }
    return fp;
  };
  /** Per terminal, the latest event day this instance trimmed it and refreshed its TTL at. */
  const terminalDays = new Map<string, number>();

  async function cards(tokens: readonly string[]): Promise<void> {
    const unseen = [...new Set(tokens)].filter((t) => !cache.has(t));
    if (unseen.length === 0) return;
    const loaded = await port.loadCards(unseen);
    for (const [i, token] of unseen.entries()) cache.set(token, CardHistory.decode(loaded[i]));
    if (cache.size > maxCached) {
      // Map order is insertion order; touched cards are re-inserted below, so this drops the coldest.
      for (const token of cache.keys()) {
        if (cache.size <= maxCached) break;
        if (!tokens.includes(token)) cache.delete(token);
      }
    }
  }

  async function recordBatch(txs: readonly StoreTransaction[]): Promise<Recorded[]> {
    const fps = txs.map((tx) => txnFingerprint(tx.transaction_id));
    const mine = txs.map(
      (tx): TxnEntry => ({
        kind: "known",
        content: contentFingerprint(tx),
        t: tx.terminal_time ?? tx.event_time,
        terminal: terminalOf(tx.terminal_id),
      }),
    );
    const prior = await port.claimTxns(
      txs.map((_, i) => ({ key: fps[i]?.key as string, entry: mine[i] as TxnEntry })),
      limits.txnTtlMs,
    );
    // A fraud label that came first was parked on the index entry: take it over (rare).
    const parked = prior.flatMap((p, i) => (p?.kind === "parked" ? [i] : []));
    if (parked.length > 0) {
      const adopted = await port.adoptParked(
        parked.map((i) => ({ key: fps[i]?.key as string, entry: mine[i] as TxnEntry })),
        limits.txnTtlMs,
      );
      parked.forEach((i, j) => {
        prior[i] = adopted[j];
      });
      await port.removePending(parked.map((i) => fps[i]?.key as string));
    }

    const out: Recorded[] = new Array(txs.length);
    const frauds: FraudRecord[] = [];
    const terminals: TerminalRecord[] = [];
    const scored: number[] = [];
    txs.forEach((tx, i) => {
      const p = prior[i];
      const m = mine[i] as TxnEntry & { kind: "known" };
      if (p?.kind === "known" && p.content !== m.content) {
        out[i] = { conflict: conflictError(tx, fps[i]?.key as string) };
        return;
      }
      scored.push(i);
      // Known before with the same content: a redelivery, or a retry after a crash.
      if (p?.kind === "known" && p.reported !== undefined) {
        frauds.push({
          terminal: terminalOf(tx.terminal_id),
          member: fps[i]?.member as string,
          t: tx.terminal_time ?? tx.event_time,
          reported: p.reported,
        });
      }
    });

    const touched = scored.map((i) => (txs[i] as StoreTransaction).card_token);
    try {
      await cards(touched);
      for (const i of scored) {
        const tx = txs[i] as StoreTransaction;
        const fp = fps[i] as ReturnType<typeof txnFingerprint>;
        const h = cache.get(tx.card_token) as CardHistory;
        cache.delete(tx.card_token);
        cache.set(tx.card_token, h); // most recently used
        let pos = prior[i] ? h.find(fp.record, tx.event_time, tx.amount_minor) : -1;
        const redelivered = pos >= 0;
        if (!redelivered) {
          h.push(tx.event_time, tx.amount_minor, fp.record);
          pos = h.length - 1;
        }
        const raw: number[] = [];
        h.aggregatesInto(raw, pos, set.cardWindows, limits.maxEventsPerCard, cardHorizon);
        if (!redelivered) h.trimIfDue(limits.maxEventsPerCard, cardHorizon);
        out[i] = { raw, redelivered };
        // Trim and TTL refresh when the terminal's event day moves on (as this instance sees
        // it), not per event: trimming touches only events no window reaches any more.
        const day = Math.floor(tx.event_time / DAY);
        const firstAtTerminal = (terminalDays.get(tx.terminal_id) ?? Number.NEGATIVE_INFINITY) < day;
        if (firstAtTerminal) {
          if (terminalDays.size >= maxCached) terminalDays.clear(); // bounded; forgetting only costs a trim
          terminalDays.set(tx.terminal_id, day);
        }
        terminals.push({
          terminal: terminalOf(tx.terminal_id),
          member: fp.member,
          t: tx.terminal_time ?? tx.event_time,
          trimBefore: firstAtTerminal ? tx.event_time - terminalHorizon : undefined,
          refreshTtl: firstAtTerminal,
          spans: set.terminalWindows.flatMap((w) => [tx.event_time - w.delay - w.window, tx.event_time - w.delay]),
          reportedBy: tx.event_time,
        });
      }
      await writeThrough(frauds, terminals, [...new Set(touched)], scored, out);
    } catch (err) {
      // Whatever this batch did to cached cards may not be stored: reload them next time.
      for (const token of touched) cache.delete(token);
      throw err;
    }
    return out;
  }

  async function writeThrough(
    frauds: FraudRecord[],
    terminals: TerminalRecord[],
    tokens: string[],
    scored: number[],
    out: Recorded[],
  ): Promise<void> {
    const dirty = tokens.filter((t) => {
      const h = cache.get(t) as CardHistory;
      return h.rewrite || h.unwritten > 0;
    });
    const writes = dirty.map((token) => {
      const h = cache.get(token) as CardHistory;
      return { token, expectBytes: h.storedBytes, bytes: h.pendingBytes(), replace: h.rewrite };
    });
    // Frauds before terminal counts, so a fraud adopted in this batch counts for later events in it.
    const fraudsDone = frauds.length > 0 ? port.recordFrauds(frauds, limits.entityTtlMs) : Promise.resolve();
    const [, written, counts] = await Promise.all([
      fraudsDone,
      port.writeCards(writes, limits.entityTtlMs),
      port.recordTerminals(terminals, limits.entityTtlMs),
    ]);
    const stale = dirty.filter((_, j) => (written[j] as number) < 0);
    dirty.forEach((token, j) => {
      if ((written[j] as number) >= 0) (cache.get(token) as CardHistory).written(written[j] as number);
    });
    if (stale.length > 0) {
      throw new FraudError(
        "FEATURES_STALE_CARD",
        `${stale.length} card histories changed in Redis since this scorer loaded them (a previous owner wrote late); reloading and retrying the batch`,
      );
    }
    scored.forEach((i, j) => {
      const raw = (out[i] as unknown as { raw: number[] }).raw;
      for (const v of counts[j] as number[]) raw.push(v);
    });
  }

  return {
    recordBatch: (txs) => (txs.length === 0 ? Promise.resolve([]) : recordBatch(txs)),

    async applyLabels(labels, now) {
      if (labels.length === 0) return [];
      const fraud = labels.flatMap((l, i) => (l.is_fraud ? [i] : []));
      const keys = labels.map((l) => txnFingerprint(l.transaction_id));
      const found = await port.findOrPark(
        fraud.map((i) => ({ key: keys[i]?.key as string, reported: (labels[i] as StoreLabel).label_time })),
        limits.pendingTtlMs,
      );
      const records: FraudRecord[] = [];
      const parked: string[] = [];
      const wasParked = new Set<number>();
      fraud.forEach((i, j) => {
        const e = found[j];
        const key = keys[i] as ReturnType<typeof txnFingerprint>;
        if (e?.kind === "known") {
          records.push({
            terminal: e.terminal,
            member: key.member,
            t: e.t,
            reported: (labels[i] as StoreLabel).label_time,
          });
        } else {
          parked.push(key.key);
          wasParked.add(i);
        }
      });
      // Applied before the label is marked seen: a crash in between re-applies (idempotent), never loses it.
      await Promise.all([
        records.length > 0 ? port.recordFrauds(records, limits.entityTtlMs) : undefined,
        parked.length > 0 ? port.addPending(parked, now) : undefined,
      ]);
      const first = await port.markLabels(
        labels.map((l) => labelFingerprint(l.label_id)),
        limits.labelSeenTtlMs,
      );
      return labels.map((l, i) =>
        !first[i] ? "duplicate" : !l.is_fraud ? "not_fraud" : wasParked.has(i) ? "parked" : "applied",
      );
    },

    sweepExpiredPending: (now, max = 1000) => port.takeExpiredPending(now - limits.pendingTtlMs, max),

    resetCache: () => {
      cache.clear();
      terminalDays.clear();
    },
  };
}

function conflictError(tx: StoreTransaction, fingerprint: string): FraudError {
  return new FraudError(
    "VALIDATE_TXN_ID_CONFLICT",
    "transaction_id was already seen with a different card, terminal, amount or event time; not scored",
    { details: { transaction_id_fingerprint: fingerprint, event_time: tx.event_time } },
  );
}
