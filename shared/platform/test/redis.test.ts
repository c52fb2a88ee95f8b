import { Cluster, Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { createRedis, isCluster, loadConfig, redisSeeds, redisSettings } from "../src/index.js";

const settings = (env: Record<string, string>) => loadConfig(redisSettings, env);

describe("Redis settings", () => {
  it("defaults to one standalone node on the local stack", () => {
    const s = settings({});
    expect([s.mode, s.url]).toEqual(["standalone", "redis://127.0.0.1:16379"]);
    expect(redisSeeds(s)).toEqual([{ host: "127.0.0.1", port: 16379, tls: false, username: "", password: "" }]);
  });

  it("reads comma-separated seed URLs in cluster mode, with credentials and default port", () => {
    const s = settings({
      REDIS_MODE: "cluster",
      REDIS_URL: " rediss://app:p%40ss@10.0.0.1:7000 , rediss://10.0.0.2,rediss://[::1]:7002/0",
    });
    expect(redisSeeds(s)).toEqual([
      { host: "10.0.0.1", port: 7000, tls: true, username: "app", password: "p@ss" },
      { host: "10.0.0.2", port: 6379, tls: true, username: "", password: "" },
      { host: "::1", port: 7002, tls: true, username: "", password: "" },
    ]);
  });

  it("refuses a bad mode, naming the variable and the choices", () => {
    expect(() => settings({ REDIS_MODE: "sentinel" })).toThrow(
      /REDIS_MODE="sentinel": must be one of standalone, cluster/,
    );
  });

  it.each([
    ["standalone", "redis://a:1,redis://b:2", /set REDIS_MODE=cluster/],
    ["cluster", "10.0.0.1:7000", /is not a URL such as redis:\/\//],
    ["cluster", "http://10.0.0.1:7000", /must start with redis:\/\/ or rediss:\/\//],
    ["cluster", "redis://a:7000,rediss://b:7000", /mixes redis:\/\/ and rediss:\/\//],
    ["cluster", "redis://a:7000/2", /only has database 0/],
    ["cluster", " , ", /at least one/],
    ["standalone", "not a url", /is not a URL/],
  ])("refuses REDIS_MODE=%s REDIS_URL=%j with a fix", (mode, url, why) => {
    const s = settings({ REDIS_MODE: mode, REDIS_URL: "redis://x" });
    try {
      redisSeeds({ ...s, url });
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe("FRAUD_ERR_CONFIG_INVALID");
      expect((e as Error).message).toMatch(/REDIS_URL=/);
      expect((e as Error).message).toMatch(why);
    }
  });
});

describe("createRedis", () => {
  it("builds one lazily connecting node in standalone mode", () => {
    const redis = createRedis(settings({ REDIS_PASSWORD: "pw" }));
    try {
      expect(redis).toBeInstanceOf(Redis);
      expect(isCluster(redis)).toBe(false);
      expect(redis.status).toBe("wait");
      expect((redis as Redis).options).toMatchObject({ port: 16379, password: "pw", lazyConnect: true });
    } finally {
      redis.disconnect();
    }
  });

  it("builds a lazily connecting cluster whose every node gets the same auth and TLS", () => {
    const redis = createRedis(
      settings({
        REDIS_MODE: "cluster",
        REDIS_URL: "rediss://u:frompath@10.0.0.1:7000,rediss://10.0.0.2:7001",
        REDIS_PASSWORD: "pw",
      }),
    );
    try {
      expect(redis).toBeInstanceOf(Cluster);
      expect(isCluster(redis)).toBe(true);
      expect(redis.status).toBe("wait");
      const cluster = redis as Cluster;
      // The settings' password wins over the URL's; the URL's user name fills the gap.
      expect(cluster.options.redisOptions).toMatchObject({
        username: "u",
        password: "pw",
        tls: {},
        maxRetriesPerRequest: 1,
        commandTimeout: 10_000,
      });
      expect(cluster.options).toMatchObject({ lazyConnect: true, enableAutoPipelining: true, scaleReads: "master" });
      expect((cluster as unknown as { startupNodes: unknown }).startupNodes).toEqual([
        { host: "10.0.0.1", port: 7000 },
        { host: "10.0.0.2", port: 7001 },
      ]);
    } finally {
      redis.disconnect();
    }
  });

  it("refuses a hash tag in the key prefix of a cluster", () => {
    const s = settings({ REDIS_MODE: "cluster", REDIS_URL: "redis://a:1", REDIS_KEY_PREFIX: "{fraud}:" });
    expect(() => createRedis(s)).toThrow(/REDIS_KEY_PREFIX="\{fraud\}:": must not contain \{ or \}/);
  });
});
