import { Redis } from "ioredis";
import { inject } from "vitest";
import { consumeAll } from "./helpers.js";

/**
 * Where planted card numbers must never show up: every record of the given topics (keys,
 * values, headers; read_uncommitted, so aborted transactions count too), every Redis key
 * and value under a prefix, and a process's logs. Returns one line per hit.
 */
export async function scanTopicsForPans(topics: readonly string[], planted: readonly string[]): Promise<string[]> {
  const hits: string[] = [];
  for (const topic of topics) {
    const records = await consumeAll(topic, { isolation: "read_uncommitted", quietMs: 3000, timeoutMs: 60_000 });
    for (const r of records) {
      const parts: [string, string][] = [
        ["key", r.key?.toString("latin1") ?? ""],
        ["value", r.value?.toString("latin1") ?? ""],
        ...Object.entries(r.headers).map(([k, v]): [string, string] => [`header ${k}`, String(v)]),
      ];
      for (const [where, text] of parts) {
        for (const p of planted) if (text.includes(p)) hits.push(`${topic}@${r.partition}/${r.offset} ${where}: ${p}`);
      }
    }
  }
  return hits;
}

export async function scanRedisForPans(prefix: string, planted: readonly string[]): Promise<string[]> {
  const redis = new Redis(inject("redisUrl"), { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const hits: string[] = [];
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      for (const key of keys) {
        const text = `${key}\n${(await readAny(redis, key)).join("\n")}`;
        for (const p of planted) if (text.includes(p)) hits.push(`redis ${key}: ${p}`);
      }
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return hits;
}

async function readAny(redis: Redis, key: string): Promise<string[]> {
  switch (await redis.type(key)) {
    case "string":
      return [(await redis.getBuffer(key))?.toString("latin1") ?? ""];
    case "hash":
      return Object.entries(await redis.hgetall(key)).flat();
    case "zset":
      return redis.zrange(key, 0, -1, "WITHSCORES");
    case "set":
      return redis.smembers(key);
    case "list":
      return redis.lrange(key, 0, -1);
    case "stream":
      return (await redis.xrange(key, "-", "+")).flat(3).map(String);
    default:
      return [];
  }
}

export function scanTextForPans(what: string, text: string, planted: readonly string[]): string[] {
  return planted.filter((p) => text.includes(p)).map((p) => `${what}: ${p}`);
}
