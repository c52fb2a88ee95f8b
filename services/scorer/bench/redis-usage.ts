import type { Redis } from "ioredis";

/**
 * Sum of `usec` over the commands the feature store sends itself, from INFO commandstats
 * (server-wide). Redis also counts the commands a script runs under their own names, and
 * EVALSHA's time already includes them: only EVALSHA and the commands never called
 * from this store's scripts are summed (SET, GET, APPEND, which scripts call rarely or
 * never, count as top level: an upper bound; the card writes' PEXPIRE and the pending index ZADD/ZREM
 * of parked labels are left out, ~1 µs).
 */
const TOP_LEVEL = new Set(["evalsha", "eval", "set", "get", "append"]);
export async function commandUsec(redis: Redis): Promise<number> {
  const text = await redis.info("commandstats");
  let sum = 0;
  for (const m of text.matchAll(/^cmdstat_([^:]+):calls=\d+,usec=(\d+)/gm)) {
    if (TOP_LEVEL.has(m[1] as string)) sum += Number(m[2]);
  }
  return sum;
}

/** used_cpu_sys + used_cpu_user of the Redis server process, seconds. */
export async function redisCpuSeconds(redis: Redis): Promise<number> {
  const text = await redis.info("cpu");
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(text)?.[1] ?? 0);
  return field("used_cpu_sys") + field("used_cpu_user");
}

export async function memoryUsage(redis: Redis): Promise<number> {
  const text = await redis.info("memory");
  return Number(/^used_memory:(\d+)/m.exec(text)?.[1] ?? 0);
}

/** MEMORY USAGE averaged over up to 500 keys matching `pattern` (SCAN), and how many keys match. */
export async function sampleUsage(redis: Redis, pattern: string): Promise<{ avg: number; keys: number }> {
  let cursor = "0";
  let keys = 0;
  const sample: string[] = [];
  do {
    const [next, found] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    keys += found.length;
    for (const k of found) if (sample.length < 500) sample.push(k);
  } while (cursor !== "0");
  const sizes = await Promise.all(sample.map((k) => redis.memory("USAGE", k, "SAMPLES", 0)));
  const total = sizes.reduce<number>((s, n) => s + Number(n ?? 0), 0);
  return { avg: sample.length > 0 ? total / sample.length : 0, keys };
}
