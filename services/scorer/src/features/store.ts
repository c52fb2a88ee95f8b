import { readFileSync } from "node:fs";
import { FraudError, type RedisClient } from "@fraud/platform";
import type { RawAggregates } from "./derive.js";
import { type FeatureSet, LUA_DIR } from "./feature-set.js";
import type { KeySpace } from "./keys.js";

/**
 * The features' Redis port. One pipelined round trip per batch: each transaction is one
 * EVALSHA of scoreTransaction-7.lua, in stream order, so a card's events in one batch
 * see each other exactly as they would one batch apart.
 */
export interface StoreTransaction {
  transaction_id: string;
  event_time: number;
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
const LABEL_OUTCOMES: LabelOutcome[] = ["applied", "duplicate", "parked", "not_fraud"];

export interface Recorded {
  raw: RawAggregates;
  /** True when the transaction id was recorded before: raw is what the first time returned. */
  redelivered: boolean;
}

export interface FeatureStore {
  recordBatch(txs: readonly StoreTransaction[]): Promise<Recorded[]>;
  /** `now` is wall-clock ms, used only to index parked labels for expiry reporting. */
  applyLabels(labels: readonly StoreLabel[], now: number): Promise<LabelOutcome[]>;
  /** Removes and returns transaction ids whose parked labels waited longer than the pending TTL. */
  sweepExpiredPending(now: number, max?: number): Promise<string[]>;
}

export interface StoreLimits {
  /** Wall-clock TTL of a transaction's record (redelivery and labels need it). */
  txnTtlMs: number;
  /** Wall-clock TTL of an idle card's or terminal's state. */
  entityTtlMs: number;
  labelSeenTtlMs: number;
  pendingTtlMs: number;
  maxEventsPerCard: number;
  /** Events this much older than the widest window are trimmed (tolerates late events). */
  latenessMs: number;
}

type Pipelined = {
  scoreTransaction(...args: (string | number)[]): Pipelined;
  applyLabel(...args: (string | number)[]): Pipelined;
  exec(): Promise<[Error | null, unknown][] | null>;
};

const lua = (name: string) => readFileSync(new URL(name, LUA_DIR), "utf8");

export function createFeatureStore(
  redis: RedisClient,
  keys: KeySpace,
  set: FeatureSet,
  limits: StoreLimits,
): FeatureStore {
  redis.defineCommand("scoreTransaction", { numberOfKeys: 7, lua: lua("scoreTransaction-7.lua") });
  redis.defineCommand("applyLabel", { numberOfKeys: 3, lua: lua("applyLabel-3.lua") });
  redis.defineCommand("sweepPendingLabels", { numberOfKeys: 1, lua: lua("sweepPendingLabels-1.lua") });

  const cardWindows = set.cardWindows.join(",");
  const terminalWindows = set.terminalWindows.map((w) => `${w.window}:${w.delay}`).join(",");
  const cardHorizon = Math.max(...set.cardWindows) + limits.latenessMs;
  const terminalHorizon = Math.max(...set.terminalWindows.map((w) => w.window + w.delay)) + limits.latenessMs;

  async function exec(pipeline: Pipelined, what: string): Promise<unknown[]> {
    let replies: [Error | null, unknown][] | null;
    try {
      replies = await pipeline.exec();
    } catch (cause) {
      throw unavailable(what, cause);
    }
    if (!replies) throw unavailable(what, new Error("pipeline returned no replies"));
    return replies.map(([err, value]) => {
      if (err) throw classify(what, err);
      return value;
    });
  }

  return {
    async recordBatch(txs) {
      if (txs.length === 0) return [];
      const p = redis.pipeline() as unknown as Pipelined;
      for (const tx of txs) {
        p.scoreTransaction(
          keys.txn(tx.transaction_id),
          keys.cardEvents(tx.card_token),
          keys.terminalEvents(tx.terminal_id),
          keys.terminalFrauds(tx.terminal_id),
          keys.terminalReports(tx.terminal_id),
          keys.pendingLabels(tx.transaction_id),
          keys.pendingIndex(),
          tx.transaction_id,
          tx.event_time,
          tx.amount_minor,
          tx.card_token,
          tx.terminal_id,
          cardWindows,
          terminalWindows,
          cardHorizon,
          terminalHorizon,
          limits.maxEventsPerCard,
          limits.txnTtlMs,
          limits.entityTtlMs,
        );
      }
      const replies = await exec(p, "recording transactions");
      return replies.map((r) => {
        const values = (r as (number | string)[]).map(Number);
        return { redelivered: values[0] === 1, raw: values.slice(1) };
      });
    },

    async applyLabels(labels, now) {
      if (labels.length === 0) return [];
      const p = redis.pipeline() as unknown as Pipelined;
      for (const l of labels) {
        p.applyLabel(
          keys.labelSeen(l.label_id),
          keys.txn(l.transaction_id),
          keys.pendingLabels(l.transaction_id),
          l.label_id,
          l.label_time,
          l.is_fraud ? 1 : 0,
          l.transaction_id,
          keys.terminalFraudsTemplate(),
          keys.terminalReportsTemplate(),
          limits.labelSeenTtlMs,
          limits.pendingTtlMs,
          keys.pendingIndex(),
          now,
          limits.entityTtlMs,
        );
      }
      const replies = await exec(p, "applying labels");
      return replies.map((r) => {
        const outcome = LABEL_OUTCOMES[Number(r)];
        if (!outcome) throw new FraudError("REDIS_SCRIPT", `applyLabel returned ${String(r)}, which no outcome means`);
        return outcome;
      });
    },

    async sweepExpiredPending(now, max = 1000) {
      try {
        const ids = await (
          redis as unknown as { sweepPendingLabels(...a: (string | number)[]): Promise<string[]> }
        ).sweepPendingLabels(keys.pendingIndex(), now - limits.pendingTtlMs, max);
        return ids;
      } catch (err) {
        throw classify("sweeping parked labels", err);
      }
    },
  };
}

function unavailable(what: string, cause: unknown): FraudError {
  return new FraudError("REDIS_UNAVAILABLE", `Redis unavailable while ${what}: ${(cause as Error).message}`, { cause });
}

/**
 * Redis states that pass (out of memory, a replica after failover, loading, busy, a
 * script cache emptied by a restart) are transient, even when raised inside a script;
 * any other error from a script is a bug (fatal); connection errors are transient.
 */
const PASSING = /^(OOM|READONLY|LOADING|BUSY|MASTERDOWN|NOSCRIPT|TRYAGAIN|CLUSTERDOWN)\b/;
function classify(what: string, err: unknown): FraudError {
  const message = (err as Error).message ?? String(err);
  if (!PASSING.test(message) && /user_script|ERR .*script/i.test(message)) {
    return new FraudError("REDIS_SCRIPT", `Lua script failed while ${what}: ${message}`, { cause: err });
  }
  return unavailable(what, err);
}
