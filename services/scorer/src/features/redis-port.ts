import { readFileSync } from "node:fs";
import { FraudError } from "@fraud/platform";
import type { Cluster, Redis } from "ioredis";
import type { KeySpace } from "./keys.js";
import type { FeaturePort } from "./port.js";
import { decodeEntry, encodeEntry, type TxnEntry } from "./txn-entry.js";

export const LUA_DIR = new URL("./lua/", import.meta.url);

/** Terminal events are bucketed by day of event time; day counts live in a 64-slot ring (recordTerminal-10.lua). */
const DAY_MS = 86_400_000;
const RING_DAYS = 62;
/** recordTerminal-10.lua: 4 keys + 2 per terminal window (3 in the shipped feature set). */
const TERMINAL_KEYS = 10;

/** Every script: `<verbNoun>-<numKeys>.lua`, one slot each (keys.ts hash tags). */
export const SCRIPTS = [
  "replaceHistory-1.lua",
  "recordTerminal-10.lua",
  "recordFraud-2.lua",
  "findOrParkLabel-1.lua",
  "adoptParked-1.lua",
  "sweepPendingLabels-1.lua",
] as const;

export const scriptSource = (file: string): string => readFileSync(new URL(file, LUA_DIR), "utf8");

type Script = (...args: (string | number | Buffer)[]) => Promise<unknown>;
type Scripts = Record<
  "replaceHistory" | "recordTerminal" | "recordFraud" | "findOrParkLabel" | "adoptParked" | "sweepPendingLabels",
  Script
>;

/**
 * The FeaturePort on Redis, standalone or Cluster. Each call issues one command or script
 * per item concurrently: ioredis writes them back to back (one round trip per node), and
 * a Cluster client routes each to its slot's node, so nothing crosses a slot.
 */
export function createRedisPort(redis: Redis | Cluster, keys: KeySpace): FeaturePort {
  // Every script defined up front with its key count fixed: a Cluster client (auto-pipelining
  // included) must know which arguments are keys to route a call to their slot.
  for (const file of SCRIPTS) {
    const [name, n] = file.replace(/\.lua$/, "").split("-") as [string, string];
    if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: Number(n), lua: scriptSource(file) });
  }
  const s = redis as unknown as Scripts;

  async function all<T>(what: string, calls: Promise<T>[]): Promise<T[]> {
    try {
      return await Promise.all(calls);
    } catch (err) {
      throw classify(what, err);
    }
  }

  return {
    async claimTxns(claims, ttlMs) {
      const replies = await all(
        "claiming transaction ids",
        claims.map((c) => redis.set(keys.txn(c.key), encodeEntry(c.entry), "PX", ttlMs, "NX", "GET")),
      );
      return replies.map((r) => (r == null ? undefined : decodeEntry(r)));
    },

    async adoptParked(claims, ttlMs) {
      const replies = await all(
        "adopting parked labels",
        claims.map((c) => {
          const e = c.entry as TxnEntry & { kind: "known" };
          return s.adoptParked(
            keys.txn(c.key),
            `${e.content}|${e.t.toString(36)}|`,
            `|${e.terminal}`,
            ttlMs,
          ) as Promise<string>;
        }),
      );
      return replies.map(decodeEntry);
    },

    async findOrPark(items, pendingTtlMs) {
      const replies = await all(
        "looking up labelled transactions",
        items.map(
          (l) => s.findOrParkLabel(keys.txn(l.key), l.reported.toString(36), pendingTtlMs) as Promise<string | null>,
        ),
      );
      return replies.map((r) => (r == null ? undefined : decodeEntry(r)));
    },

    async loadCards(tokens) {
      const replies = await all(
        "loading card histories",
        tokens.map((t) => redis.getBuffer(keys.card(t))),
      );
      return replies.map((b) => b ?? undefined);
    },

    async writeCards(writes, ttlMs) {
      const replies = await all(
        "writing card histories",
        writes.map(async (w) => {
          const bytes = Buffer.from(w.bytes.buffer, w.bytes.byteOffset, w.bytes.byteLength);
          const key = keys.card(w.token);
          if (w.replace) return Number(await s.replaceHistory(key, w.expectBytes, bytes, ttlMs));
          // Sent back to back: one round trip. A length other than expected + appended means
          // another writer got in between; the caller reloads the card and redoes the batch.
          const [length] = await Promise.all([redis.append(key, bytes), redis.pexpire(key, ttlMs)]);
          return length === w.expectBytes + bytes.byteLength ? length : -1;
        }),
      );
      return replies;
    },

    async recordTerminals(items, ttlMs) {
      const replies = await all(
        "recording terminal activity",
        items.map((r) => {
          const reach = Math.max(...r.spans) - Math.min(...r.spans);
          if (reach > RING_DAYS * DAY_MS) {
            throw new FraudError(
              "REDIS_SCRIPT",
              `terminal windows reach ${reach} ms back; the day ring holds ${RING_DAYS} days`,
            );
          }
          const day = (ms: number) => keys.terminalDay(r.terminal, Math.floor(ms / DAY_MS));
          const spanKeys = r.spans.map(day);
          if (4 + spanKeys.length !== TERMINAL_KEYS) {
            throw new FraudError(
              "REDIS_SCRIPT",
              `recordTerminal-${TERMINAL_KEYS}.lua takes ${(TERMINAL_KEYS - 4) / 2} terminal windows; the feature set has ${spanKeys.length / 2}`,
            );
          }
          return s.recordTerminal(
            keys.terminalDayCounts(r.terminal),
            keys.terminalFrauds(r.terminal),
            keys.terminalReports(r.terminal),
            day(r.t),
            ...spanKeys,
            r.member,
            r.t,
            r.trimBefore ?? 0,
            r.reportedBy,
            r.refreshTtl ? ttlMs : 0,
            DAY_MS,
            ttlMs,
            ...r.spans,
          ) as Promise<number[]>;
        }),
      );
      return replies.map((flat) => flat.map(Number));
    },

    async recordFrauds(items, ttlMs) {
      await all(
        "recording frauds",
        items.map((f) =>
          s.recordFraud(
            keys.terminalFrauds(f.terminal),
            keys.terminalReports(f.terminal),
            f.member,
            f.t,
            f.reported,
            ttlMs,
          ),
        ),
      );
    },

    async markLabels(labelKeys, ttlMs) {
      const replies = await all(
        "marking labels seen",
        labelKeys.map((k) => redis.set(keys.labelSeen(k), "1", "PX", ttlMs, "NX")),
      );
      return replies.map((r) => r === "OK");
    },

    async addPending(pendingKeys, now) {
      await all("indexing parked labels", [
        redis.zadd(keys.pendingIndex(), "NX", ...pendingKeys.flatMap((k) => [now, k])),
      ]);
    },

    async removePending(pendingKeys) {
      await all("unindexing parked labels", [redis.zrem(keys.pendingIndex(), ...pendingKeys)]);
    },

    async takeExpiredPending(parkedBefore, max) {
      const [ids] = await all("sweeping parked labels", [
        s.sweepPendingLabels(keys.pendingIndex(), parkedBefore, max) as Promise<string[]>,
      ]);
      return ids ?? [];
    },
  };
}

function unavailable(what: string, cause: unknown): FraudError {
  return new FraudError("REDIS_UNAVAILABLE", `Redis unavailable while ${what}: ${(cause as Error).message}`, { cause });
}

/**
 * Redis states that pass (out of memory, a replica after failover, loading, busy, a
 * script cache emptied by a restart, a slot moving) are transient, even when raised inside
 * a script; any other error from a script is a bug (fatal); connection errors are transient.
 */
const PASSING = /^(OOM|READONLY|LOADING|BUSY|MASTERDOWN|NOSCRIPT|TRYAGAIN|CLUSTERDOWN|MOVED|ASK)\b/;
function classify(what: string, err: unknown): FraudError {
  if (err instanceof FraudError) return err;
  const message = (err as Error).message ?? String(err);
  if (!PASSING.test(message) && /user_script|ERR .*script/i.test(message)) {
    return new FraudError("REDIS_SCRIPT", `Lua script failed while ${what}: ${message}`, { cause: err });
  }
  return unavailable(what, err);
}
