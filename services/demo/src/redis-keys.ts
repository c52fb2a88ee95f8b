import { deleteKeysWithPrefix as deleteKeys, type RedisClient } from "@fraud/platform";

/**
 * Deletes every key under the run's prefix. SCAN, not KEYS, so a shared Redis is never
 * blocked; UNLINK frees memory in the background. The prefix is unique per run
 * (demo-<id>:), so nothing of another pipeline matches.
 */
export async function deleteKeysWithPrefix(redis: RedisClient, prefix: string): Promise<number> {
  if (!/^demo-[0-9a-f]+:$/.test(prefix)) throw new Error(`refusing to delete keys under "${prefix}"`);
  return deleteKeys(redis, prefix);
}
