import type { Redis } from "ioredis";

/**
 * Deletes every key under the run's prefix. SCAN, not KEYS, so a shared Redis is never
 * blocked; UNLINK frees memory in the background. The prefix is unique per run
 * (demo-<id>:), so nothing of another pipeline matches.
 */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  if (!/^demo-[0-9a-f]+:$/.test(prefix)) throw new Error(`refusing to delete keys under "${prefix}"`);
  let deleted = 0;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== "0");
  return deleted;
}
