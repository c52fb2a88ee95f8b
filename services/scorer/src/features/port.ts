/**
 * The storage port of the feature store: data-structure primitives only, no feature logic.
 * Windows, delays, label visibility and derivation live once, in TypeScript (engine.ts),
 * and run unchanged against Redis (online, standalone or Cluster: redis-port.ts) and
 * against memory (offline backfill: memory-port.ts). Every write is idempotent, so a
 * batch retried after a crash at any point ends in the same state. Each method takes a
 * whole batch, so the Redis implementation costs one round trip per call.
 */
import type { TxnEntry } from "./txn-entry.js";

export interface CardWrite {
  token: string;
  /** Bytes the stored history must have for the write to apply (compare-and-set). */
  expectBytes: number;
  bytes: Uint8Array;
  /** Replace the whole history (after a trim) instead of appending. */
  replace: boolean;
}

export interface TerminalRecord {
  /** Terminal fingerprint (fingerprint.ts). */
  terminal: string;
  /** Txn fingerprint (member), and event time ms. */
  member: string;
  t: number;
  /** Events before this time are trimmed from the terminal (none when undefined). */
  trimBefore: number | undefined;
  /** Whether to refresh the terminal's TTL. */
  refreshTtl: boolean;
  /** Windows [lo, hi) to count, ms, flat: lo1, hi1, lo2, hi2, ... */
  spans: readonly number[];
  /** Frauds count only if reported at or before this time (the scored event's time). */
  reportedBy: number;
}

export interface FraudRecord {
  /** Terminal fingerprint (fingerprint.ts). */
  terminal: string;
  member: string;
  /** Event time of the fraudulent transaction, ms. */
  t: number;
  /** Report (label) time, ms; the earliest one is kept. */
  reported: number;
}

export interface FeaturePort {
  /** Txn index: stores each entry unless one exists; returns the existing one, if any. */
  claimTxns(claims: readonly { key: string; entry: TxnEntry }[], ttlMs: number): Promise<(TxnEntry | undefined)[]>;
  /** Replaces a parked-label entry by the known one, keeping the report time; returns what is stored after. */
  adoptParked(claims: readonly { key: string; entry: TxnEntry }[], ttlMs: number): Promise<TxnEntry[]>;
  /** Fraud labels: the known entry of each transaction, or undefined after parking the report time on it. */
  findOrPark(
    items: readonly { key: string; reported: number }[],
    pendingTtlMs: number,
  ): Promise<(TxnEntry | undefined)[]>;

  /** Card histories (packed records, card-history.ts); undefined when the card is unknown. */
  loadCards(tokens: readonly string[]): Promise<(Uint8Array | undefined)[]>;
  /**
   * Returns the new stored length per write, or -1 when the stored length was not
   * expectBytes (a replace then writes nothing; an append may have landed after another
   * writer's records: either way the caller reloads the card and redoes the batch).
   */
  writeCards(writes: readonly CardWrite[], ttlMs: number): Promise<number[]>;

  /** Records each transaction at its terminal and returns, per span, transactions then reported frauds (flat). */
  recordTerminals(items: readonly TerminalRecord[], ttlMs: number): Promise<number[][]>;
  recordFrauds(items: readonly FraudRecord[], ttlMs: number): Promise<void>;

  /** Label ids (fingerprints) marked seen; true where this call marked it first. */
  markLabels(keys: readonly string[], ttlMs: number): Promise<boolean[]>;
  /** The index of parked labels, for reporting those that never find their transaction. */
  addPending(keys: readonly string[], now: number): Promise<void>;
  removePending(keys: readonly string[]): Promise<void>;
  takeExpiredPending(parkedBefore: number, max: number): Promise<string[]>;
}
