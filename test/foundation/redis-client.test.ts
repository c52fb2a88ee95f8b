import { createRedis, deleteKeysWithPrefix, isCluster, type RedisClient, scanKeys } from "@fraud/platform";
import { describe, expect, inject, it } from "vitest";
import { randomId, redisClientForTest, redisForTest, redisSettingsForTest } from "../support/helpers.js";

// The pipeline's Redis client (createRedis) on the test stack's Redis: standalone in the
// integration project, a real 3-master Redis Cluster in integration-cluster. What the
// feature store relies on must work in both; what a cluster forbids must fail there.
const cluster = inject("redisMode") === "cluster";

// KEYS[1], KEYS[2]: counters; ARGV[1]: increment. Returns both new values.
const BUMP_BOTH = `
return {redis.call('INCRBY', KEYS[1], ARGV[1]), redis.call('INCRBY', KEYS[2], ARGV[1])}
`;

type Bumping = RedisClient & { bumpBoth(k1: string, k2: string, by: number): Promise<[number, number]> };

/** How many keys under `prefix` each master holds (one entry in standalone mode). */
async function keysPerMaster(raw: RedisClient, prefix: string): Promise<number[]> {
  const counts: number[] = [];
  for (const node of isCluster(raw) ? raw.nodes("master") : [raw]) {
    let n = 0;
    for await (const keys of scanKeys(node, `${prefix}*`)) n += keys.length;
    counts.push(n);
  }
  return counts;
}

describe(`Redis client (${inject("redisMode")})`, () => {
  it("is the kind of client the mode asks for", async () => {
    const raw = await redisClientForTest();
    expect(isCluster(raw)).toBe(cluster);
    if (isCluster(raw)) {
      expect(String(await raw.cluster("INFO"))).toMatch(/cluster_state:ok/);
      expect(raw.nodes("master").length).toBeGreaterThanOrEqual(3);
    }
  });

  it("reads and writes keys in many slots, concurrently (auto-pipelined per node on a cluster)", async () => {
    const { redis, prefix, raw } = await redisForTest();
    const ids = Array.from({ length: 60 }, (_, i) => `card-${i}`);
    expect(await Promise.all(ids.map((id, i) => redis.incrby(id, i)))).toEqual(ids.map((_, i) => i));
    expect(await Promise.all(ids.map((id) => redis.get(id)))).toEqual(ids.map((_, i) => String(i)));
    const spread = await keysPerMaster(raw, prefix);
    expect(spread.reduce((a, b) => a + b, 0)).toBe(60);
    // 60 random slots over 3 masters: every master holds some (a miss has odds ~1e-10).
    if (cluster) expect(spread.every((n) => n > 0)).toBe(true);
  });

  it("runs a pipeline and a MULTI whose keys share a hash tag", async () => {
    const { redis } = await redisForTest();
    const piped = await redis.pipeline().set("{card-7}:last", "a").incr("{card-7}:count").get("{card-7}:last").exec();
    expect(piped).toEqual([
      [null, "OK"],
      [null, 1],
      [null, "a"],
    ]);
    const multi = await redis.multi().incr("{card-7}:count").zadd("{card-7}:times", 5, "t1").exec();
    expect(multi).toEqual([
      [null, 2],
      [null, 1],
    ]);
  });

  it("runs a defined Lua command on two keys of one hash tag, with the client's key prefix", async () => {
    const { redis, prefix, raw } = await redisForTest();
    redis.defineCommand("bumpBoth", { numberOfKeys: 2, lua: BUMP_BOTH });
    const bumping = redis as Bumping;
    expect(await bumping.bumpBoth("{term-1}:a", "{term-1}:b", 3)).toEqual([3, 3]);
    expect(await bumping.bumpBoth("{term-1}:a", "{term-1}:b", 4)).toEqual([7, 7]);
    expect(await raw.get(`${prefix}{term-1}:b`)).toBe("7");
  });

  it(`${cluster ? "refuses" : "runs"} a script whose keys are in different slots`, async () => {
    const { redis } = await redisForTest();
    redis.defineCommand("bumpBoth", { numberOfKeys: 2, lua: BUMP_BOTH });
    const call = (redis as Bumping).bumpBoth("{card-1}:n", "{card-2}:n", 1);
    // This is what the cluster tier is for: a cross-slot script passes on one node only.
    // ioredis refuses it before sending (auto-pipelining), or Redis does (CROSSSLOT).
    if (cluster) await expect(call).rejects.toThrow(/CROSSSLOT|same slot/);
    else await expect(call).resolves.toEqual([1, 1]);
  });

  it("deletes every key under a prefix on every node, and nothing else", async () => {
    const raw = await redisClientForTest();
    const doomed = `${randomId("test-sweep")}:`;
    const kept = `${randomId("test-keep")}:`;
    const write = (prefix: string, n: number) =>
      Promise.all(Array.from({ length: n }, (_, i) => raw.set(`${prefix}k${i}`, "v", "EX", 600)));
    await Promise.all([write(doomed, 250), write(kept, 5)]);
    try {
      expect(await deleteKeysWithPrefix(raw, doomed)).toBe(250);
      expect(await keysPerMaster(raw, doomed)).toSatisfy((counts: number[]) => counts.every((n) => n === 0));
      expect((await keysPerMaster(raw, kept)).reduce((a, b) => a + b, 0)).toBe(5);
      expect(await deleteKeysWithPrefix(raw, doomed)).toBe(0);
    } finally {
      await deleteKeysWithPrefix(raw, kept);
    }
  });

  it("sweeps with a client that has not connected yet (a cluster learns its masters on connect)", async () => {
    const raw = await redisClientForTest();
    const prefix = `${randomId("test-lazy")}:`;
    await Promise.all(Array.from({ length: 20 }, (_, i) => raw.set(`${prefix}k${i}`, "v", "EX", 600)));
    const lazy = createRedis(redisSettingsForTest());
    try {
      expect(await deleteKeysWithPrefix(lazy, prefix)).toBe(20);
    } finally {
      await lazy.quit();
    }
  });

  it("refuses to sweep with a client that adds its own key prefix", async () => {
    const { redis, prefix } = await redisForTest();
    await expect(deleteKeysWithPrefix(redis, prefix)).rejects.toThrow(/without a keyPrefix/);
  });
});
