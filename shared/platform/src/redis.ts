import { readFileSync } from "node:fs";
import { Cluster, type ClusterOptions, Redis, type RedisOptions } from "ioredis";
import { type ConfigOf, oneOf, secret, str } from "./config.js";
import { FraudError } from "./errors.js";

/**
 * The only place that builds an ioredis client; auth and TLS come from settings and
 * apply to every node. In cluster mode REDIS_URL lists seed nodes; the client learns
 * the rest of the cluster from them.
 */
export const redisSettings = {
  mode: oneOf(
    "REDIS_MODE",
    "standalone: one Redis node (or primary). cluster: a Redis Cluster; REDIS_URL lists its seed nodes.",
    ["standalone", "cluster"] as const,
    "standalone",
  ),
  url: str(
    "REDIS_URL",
    "Redis URL; rediss:// turns on TLS. With REDIS_MODE=cluster, seed node URLs, comma-separated, all redis:// or all rediss://.",
    "redis://127.0.0.1:16379",
  ),
  username: str("REDIS_USERNAME", "Redis ACL user name (Redis 6+), used on every node.", ""),
  password: secret("REDIS_PASSWORD", "Redis password (AUTH), used on every node."),
  tlsCaFile: str("REDIS_TLS_CA_FILE", "PEM CA file for rediss:// connections.", ""),
  keyPrefix: str(
    "REDIS_KEY_PREFIX",
    // A hash tag in the prefix would put every key of a cluster in one slot.
    "Prefix of every key this pipeline writes, so several pipelines can share one Redis. No { or } with REDIS_MODE=cluster.",
    "fraud:",
  ),
};

export type RedisSettings = ConfigOf<typeof redisSettings>;
export type RedisMode = RedisSettings["mode"];

/**
 * What our code holds: one node or a cluster. Single-key commands, scripts defined with
 * defineCommand, and pipelines work on both, with one cluster rule: every key of one
 * pipeline (or MULTI, or script call) must hash to the same slot, i.e. share a {hash tag}.
 * Anything that walks the key space goes through scanKeys, which visits every master.
 */
export type RedisClient = Redis | Cluster;

export interface RedisClientOverrides {
  /** ioredis prepends this to every key it sends (tests only; SCAN MATCH is not prefixed). */
  keyPrefix?: string;
}

/** Options of each connection (the one node, or every cluster node). */
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
  if (redisSeeds(s).some((seed) => seed.tls)) {
    options.tls = s.tlsCaFile ? { ca: [readFileSync(s.tlsCaFile, "utf8")] } : {};
  }
  return options;
}

export interface RedisSeed {
  host: string;
  port: number;
  tls: boolean;
  username: string;
  password: string;
}

/**
 * REDIS_URL as a list of nodes. Standalone: exactly one URL. Cluster: one or more,
 * comma-separated, all redis:// or all rediss://, database 0 only (Redis Cluster has
 * no other). Throws CONFIG_INVALID naming the variable and the fix.
 */
export function redisSeeds(s: Pick<RedisSettings, "mode" | "url">): RedisSeed[] {
  const raw = s.url
    .split(",")
    .map((u) => u.trim())
    .filter((u) => u !== "");
  const bad = (why: string) =>
    new FraudError("CONFIG_INVALID", `Invalid configuration. Fix:\n  - REDIS_URL=${JSON.stringify(s.url)}: ${why}`, {
      details: { problems: [`REDIS_URL: ${why}`] },
    });
  if (raw.length === 0) throw bad("must name at least one redis:// or rediss:// URL");
  if (s.mode === "standalone" && raw.length > 1) {
    throw bad("lists several nodes; set REDIS_MODE=cluster for a Redis Cluster, or give one URL");
  }
  const seeds = raw.map((u) => {
    let url: URL;
    try {
      url = new URL(u);
    } catch {
      throw bad(`"${u}" is not a URL such as redis://127.0.0.1:6379`);
    }
    if (url.protocol !== "redis:" && url.protocol !== "rediss:")
      throw bad(`"${u}" must start with redis:// or rediss://`);
    if (url.hostname === "") throw bad(`"${u}" names no host`);
    if (s.mode === "cluster" && !["", "/", "/0"].includes(url.pathname)) {
      throw bad(`"${u}" selects a database; Redis Cluster only has database 0`);
    }
    return {
      host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: url.port === "" ? 6379 : Number(url.port),
      tls: url.protocol === "rediss:",
      username: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    };
  });
  if (new Set(seeds.map((x) => x.tls)).size > 1) throw bad("mixes redis:// and rediss:// seeds; use one scheme");
  return seeds;
}

/** Not connected (lazyConnect): call connect() before the first command, quit() at the end. */
export function createRedis(s: RedisSettings, overrides: RedisClientOverrides = {}): RedisClient {
  const seeds = redisSeeds(s);
  if (s.mode === "standalone") return new Redis(s.url, { ...redisClientOptions(s), ...overrides });
  if (/[{}]/.test(s.keyPrefix)) {
    throw new FraudError(
      "CONFIG_INVALID",
      `Invalid configuration. Fix:\n  - REDIS_KEY_PREFIX=${JSON.stringify(s.keyPrefix)}: must not contain { or } with REDIS_MODE=cluster; a hash tag in the prefix puts every key in one slot`,
    );
  }
  const { lazyConnect, enableOfflineQueue, maxRetriesPerRequest, ...perNode } = redisClientOptions(s);
  // Credentials written into the seed URLs count when the settings give none.
  const first = seeds[0] as RedisSeed;
  if (!perNode.username && first.username) perNode.username = first.username;
  if (!perNode.password && first.password) perNode.password = first.password;
  const options: ClusterOptions = {
    lazyConnect,
    enableOfflineQueue,
    // Per node: commands fail fast after one reconnection, as in standalone mode.
    redisOptions: { ...perNode, maxRetriesPerRequest },
    // Concurrent commands are sent as one pipeline per node, which is what makes
    // "one round trip per batch" hold when a batch's keys are spread over the masters.
    enableAutoPipelining: true,
    // Only masters: a replica's reads may lag the writes the scorer just made.
    scaleReads: "master",
    ...overrides,
  };
  return new Cluster(
    seeds.map(({ host, port }) => ({ host, port })),
    options,
  );
}

export function isCluster(redis: RedisClient): redis is Cluster {
  return redis instanceof Cluster;
}

/** The nodes a key-space walk visits: the one node, or every master of a cluster. */
async function nodesOf(redis: RedisClient): Promise<Redis[]> {
  if (!isCluster(redis)) return [redis];
  // A cluster client learns its masters on connect; an empty list would walk nothing.
  if (redis.status === "wait") await redis.connect();
  const masters = redis.nodes("master");
  if (masters.length === 0) {
    throw new FraudError("REDIS_UNAVAILABLE", `the Redis Cluster client knows no master yet (status ${redis.status})`);
  }
  return masters;
}

/**
 * Every key matching a SCAN pattern, in batches. SCAN visits one node, so on a cluster
 * each master is scanned in turn (the client must be connected). Keys written during
 * the walk may or may not be seen, as with SCAN itself.
 */
export async function* scanKeys(redis: RedisClient, match: string, count = 1000): AsyncGenerator<string[]> {
  for (const node of await nodesOf(redis)) {
    let cursor = "0";
    do {
      const [next, keys] = await node.scan(cursor, "MATCH", match, "COUNT", count);
      cursor = next;
      if (keys.length > 0) yield keys;
    } while (cursor !== "0");
  }
}

/**
 * Deletes every key under `prefix` and returns how many. SCAN, not KEYS, so a shared
 * Redis is never blocked; UNLINK frees the memory in the background. On a cluster each
 * master deletes its own keys, one UNLINK per key in one pipeline (a multi-key UNLINK
 * would span slots). The client must not add a key prefix of its own (ioredis does not
 * apply it to SCAN's MATCH, but would to UNLINK).
 */
export async function deleteKeysWithPrefix(redis: RedisClient, prefix: string): Promise<number> {
  if (prefix === "") throw new Error("refusing to delete every key: the prefix is empty");
  if (redis.options.keyPrefix) throw new Error("deleteKeysWithPrefix needs a client without a keyPrefix");
  let deleted = 0;
  for (const node of await nodesOf(redis)) {
    for await (const keys of scanKeys(node, `${prefix}*`)) {
      if (!isCluster(redis)) {
        deleted += await node.unlink(...keys);
        continue;
      }
      const pipeline = node.pipeline();
      for (const key of keys) pipeline.unlink(key);
      for (const [err, n] of (await pipeline.exec()) ?? []) {
        if (err) throw err;
        deleted += n as number;
      }
    }
  }
  return deleted;
}
