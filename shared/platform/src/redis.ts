import { readFileSync } from "node:fs";
import { Redis, type RedisOptions } from "ioredis";
import { type ConfigOf, secret, str } from "./config.js";

/** The only place that builds an ioredis client; auth and TLS come from settings. */
export const redisSettings = {
  url: str("REDIS_URL", "Redis URL; rediss:// turns on TLS.", "redis://127.0.0.1:16379"),
  username: str("REDIS_USERNAME", "Redis ACL user name (Redis 6+).", ""),
  password: secret("REDIS_PASSWORD", "Redis password (AUTH)."),
  tlsCaFile: str("REDIS_TLS_CA_FILE", "PEM CA file for rediss:// connections.", ""),
  keyPrefix: str(
    "REDIS_KEY_PREFIX",
    "Prefix of every key this pipeline writes, so several pipelines can share one Redis.",
    "fraud:",
  ),
};

export type RedisSettings = ConfigOf<typeof redisSettings>;

export function redisClientOptions(s: RedisSettings): RedisOptions {
  const options: RedisOptions = {
    // A command fails after one reconnection attempt, or after commandTimeout when
    // Redis accepts the connection but stops answering, so callers see a transient
    // error and retry with their own backoff (heartbeating Kafka meanwhile) instead of
    // hanging. The offline queue only bridges that one reconnection.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    commandTimeout: 10_000,
    connectTimeout: 5000,
    lazyConnect: true,
  };
  if (s.username) options.username = s.username;
  if (s.password) options.password = s.password;
  if (s.url.startsWith("rediss://")) {
    options.tls = s.tlsCaFile ? { ca: [readFileSync(s.tlsCaFile, "utf8")] } : {};
  }
  return options;
}

export function createRedis(s: RedisSettings): Redis {
  return new Redis(s.url, redisClientOptions(s));
}

/**
 * Deletes every key under `prefix` and returns how many. SCAN, not KEYS, so a shared
 * Redis is never blocked; UNLINK frees the memory in the background. The client must not
 * add a key prefix of its own (ioredis does not apply it to SCAN's MATCH).
 */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  if (prefix === "") throw new Error("refusing to delete every key: the prefix is empty");
  let deleted = 0;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== "0");
  return deleted;
}
