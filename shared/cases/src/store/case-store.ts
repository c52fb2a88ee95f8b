import type { Clock, RedisClient } from "@fraud/platform";
import { FraudError } from "@fraud/platform";
import { caseKeys } from "./keys.js";

/**
 * Case state and history live in Redis (not a compacted topic): an action must be
 * visible to the next page load and to the CLI at once, needs a per-case atomic
 * update (state + history in one MULTI), and the history of a case is small. The
 * labels themselves go to Kafka (`labels`), which is the record the model learns from.
 * History is capped at MAX_HISTORY actions per case; a case's keys expire `ttlMs`
 * after its last action (default 180 days, the labels topic's retention).
 */
export type CaseStatus = "open" | "in_review" | "resolved";

export type ActionKind = "assign" | "resolve" | "label_fraud" | "label_legit" | "reopen";

export interface CaseAction {
  kind: ActionKind;
  by: string;
  at: number;
  note?: string;
  label_id?: string;
  /** For a label: false when it had already been published (a double click). */
  published?: boolean;
}

export interface CaseState {
  status: CaseStatus;
  assignee?: string;
  updatedAt?: number;
  updatedBy?: string;
}

const MAX_HISTORY = 200;
export const DEFAULT_CASE_TTL_MS = 180 * 86_400_000;

export interface CaseStore {
  state(txid: string): Promise<CaseState>;
  states(txids: readonly string[]): Promise<Map<string, CaseState>>;
  history(txid: string): Promise<CaseAction[]>;
  record(txid: string, action: CaseAction): Promise<CaseState>;
  /** True the first time a label id is claimed; false if someone already published it. */
  claimLabel(labelId: string): Promise<boolean>;
  releaseLabel(labelId: string): Promise<void>;
}

export function createCaseStore(redis: RedisClient, prefix: string, clock: Clock, ttlMs = DEFAULT_CASE_TTL_MS) {
  const keys = caseKeys(prefix);
  const wrap = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (cause) {
      throw new FraudError("REDIS_UNAVAILABLE", `case store: ${what} failed`, { cause });
    }
  };
  const toState = (h: Record<string, string>): CaseState => ({
    status: (h.status as CaseStatus | undefined) ?? "open",
    ...(h.assignee ? { assignee: h.assignee } : {}),
    ...(h.updated_at ? { updatedAt: Number(h.updated_at) } : {}),
    ...(h.updated_by ? { updatedBy: h.updated_by } : {}),
  });

  const store: CaseStore = {
    state: (txid) => wrap("read state", async () => toState(await redis.hgetall(keys.state(txid)))),
    async states(txids) {
      // One command per case (keys live in different slots); pipelined where the client can.
      const out = new Map<string, CaseState>();
      await wrap("read states", async () => {
        const all = await Promise.all(txids.map((id) => redis.hgetall(keys.state(id))));
        for (const [i, id] of txids.entries()) out.set(id, toState(all[i] ?? {}));
      });
      return out;
    },
    history: (txid) =>
      wrap("read history", async () =>
        (await redis.lrange(keys.history(txid), 0, -1)).map((s) => JSON.parse(s) as CaseAction),
      ),
    async record(txid, action) {
      const current = await store.state(txid);
      const next = transition(current, action);
      await wrap("record action", async () => {
        const fields: Record<string, string> = {
          status: next.status,
          updated_at: String(action.at),
          updated_by: action.by,
          assignee: next.assignee ?? "",
        };
        await redis
          .multi()
          .hset(keys.state(txid), fields)
          .rpush(keys.history(txid), JSON.stringify(action))
          .ltrim(keys.history(txid), -MAX_HISTORY, -1)
          .pexpire(keys.state(txid), ttlMs)
          .pexpire(keys.history(txid), ttlMs)
          .exec();
      });
      return next;
    },
    claimLabel: (labelId) =>
      wrap(
        "claim label",
        async () => (await redis.set(keys.labelSent(labelId), String(clock.now()), "PX", ttlMs, "NX")) === "OK",
      ),
    releaseLabel: (labelId) =>
      wrap("release label", async () => {
        await redis.del(keys.labelSent(labelId));
      }),
  };
  return store;
}

/** The case's state after an action: labels and assignment put it in review, resolve closes it. */
export function transition(s: CaseState, a: CaseAction): CaseState {
  switch (a.kind) {
    case "assign":
      return { ...s, status: s.status === "resolved" ? "resolved" : "in_review", assignee: a.by };
    case "label_fraud":
    case "label_legit":
      return { ...s, status: s.status === "resolved" ? "resolved" : "in_review", assignee: s.assignee ?? a.by };
    case "resolve":
      return { ...s, status: "resolved" };
    case "reopen":
      return { ...s, status: "open" };
  }
}
