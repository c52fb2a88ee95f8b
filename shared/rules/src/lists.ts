/**
 * Block and allow lists in Redis, and their audit trail. Every key is built here. All
 * list keys share the hash tag `{lists}`, so they live in one Redis Cluster slot: a
 * change and its audit entry are written in one MULTI, and a batch's lookups are one
 * pipelined round trip. Values are tokens and ids, never PANs (refused).
 *
 *   <prefix>{lists}:m:<name>   SET of members
 *   <prefix>{lists}:audit      STREAM of changes: action, list, value, by, reason, at (ms)
 */
import { looksLikePan } from "@fraud/contracts";
import type { RedisClient } from "@fraud/platform";
import { FraudError } from "@fraud/platform";
import type { Membership } from "./ruleset.js";

const LIST_NAME = /^[a-z_][a-z0-9_]{0,63}$/;
const AUDIT_MAX = 100_000;

export function listKeys(prefix: string) {
  return {
    members: (list: string) => `${prefix}{lists}:m:${list}`,
    audit: `${prefix}{lists}:audit`,
  };
}

export interface AuditEntry {
  id: string;
  at: number;
  action: "add" | "remove";
  list: string;
  value: string;
  by: string;
  reason: string;
}

export interface ListStore {
  /** Which of each list's candidate values are members: one round trip for the whole batch. */
  lookup(queries: readonly { list: string; values: readonly string[] }[]): Promise<Membership>;
  /** Adds or removes a value and records who, when and why; returns whether the list changed. */
  change(
    action: "add" | "remove",
    list: string,
    value: string,
    who: { by: string; reason: string; at: number },
  ): Promise<boolean>;
  members(list: string): Promise<string[]>;
  /** Newest first. */
  audit(limit: number, list?: string): Promise<AuditEntry[]>;
}

export function checkListName(list: string): string {
  if (!LIST_NAME.test(list)) {
    throw new FraudError("LISTS_INVALID", `list name ${JSON.stringify(list)} must match ${LIST_NAME.source}`, {
      details: { list },
    });
  }
  return list;
}

export function createListStore(redis: RedisClient, prefix: string): ListStore {
  const keys = listKeys(prefix);
  const redisError = (what: string, cause: unknown) =>
    new FraudError("REDIS_UNAVAILABLE", `Redis failed while ${what}: ${(cause as Error).message}`, { cause });

  return {
    async lookup(queries) {
      const asked = queries.filter((q) => q.values.length > 0);
      const out = new Map<string, Set<string>>();
      if (asked.length === 0) return out;
      const pipe = redis.pipeline();
      for (const q of asked) pipe.smismember(keys.members(q.list), ...q.values);
      const replies = await pipe.exec().catch((cause) => {
        throw redisError("looking up lists", cause);
      });
      asked.forEach((q, i) => {
        const [err, flags] = replies?.[i] ?? [new Error("no reply"), null];
        if (err) throw redisError("looking up lists", err);
        const found = out.get(q.list) ?? new Set<string>();
        (flags as number[]).forEach((f, k) => {
          if (f === 1) found.add(q.values[k] as string);
        });
        out.set(q.list, found);
      });
      return out;
    },
    async change(action, list, value, who) {
      checkListName(list);
      if (value.trim() === "") throw new FraudError("LISTS_INVALID", "the value is empty");
      if (looksLikePan(value)) {
        throw new FraudError(
          "LISTS_INVALID",
          "the value looks like a PAN (13-19 digits passing Luhn); use the card token",
          {
            details: { containsPan: true },
          },
        );
      }
      const key = keys.members(list);
      const tx = redis.multi();
      if (action === "add") tx.sadd(key, value);
      else tx.srem(key, value);
      tx.xadd(
        keys.audit,
        "MAXLEN",
        "~",
        AUDIT_MAX,
        "*",
        "at",
        String(who.at),
        "action",
        action,
        "list",
        list,
        "value",
        value,
        "by",
        who.by,
        "reason",
        who.reason,
      );
      const r = await tx.exec().catch((cause) => {
        throw redisError(`changing list ${list}`, cause);
      });
      const err = r?.find(([e]) => e)?.[0];
      if (err) throw redisError(`changing list ${list}`, err);
      return (r?.[0]?.[1] as number) === 1;
    },
    async members(list) {
      checkListName(list);
      return (await redis.smembers(keys.members(list))).sort();
    },
    async audit(limit, list) {
      const entries = await redis.xrevrange(keys.audit, "+", "-", "COUNT", list ? limit * 20 : limit);
      const out: AuditEntry[] = [];
      for (const [id, flat] of entries) {
        const f: Record<string, string> = {};
        for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i] as string] = flat[i + 1] as string;
        if (list && f.list !== list) continue;
        out.push({
          id,
          at: Number(f.at),
          action: f.action as "add" | "remove",
          list: f.list ?? "",
          value: f.value ?? "",
          by: f.by ?? "",
          reason: f.reason ?? "",
        });
        if (out.length >= limit) break;
      }
      return out;
    },
  };
}
