import { describe, expect, it } from "vitest";
import { redisForTest } from "../support/helpers.js";

// A round trip against the real Redis, including a Lua script whose keys ioredis prefixes.
const BUMP = `
-- KEYS[1] counter; ARGV[1] increment; ARGV[2] ttl in ms. Returns {new value, ttl set}.
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {v, redis.call('PTTL', KEYS[1])}
`;

describe("Redis", () => {
  it("sets, gets and runs a Lua script with KEYS and ARGV under the test prefix", async () => {
    const { redis, prefix, raw } = await redisForTest();
    await redis.set("greeting", "hello");
    expect(await redis.get("greeting")).toBe("hello");

    expect(await redis.eval(BUMP, 1, "count", 5, 60_000)).toEqual([5, expect.any(Number)]);
    const [value, ttl] = (await redis.eval(BUMP, 1, "count", 3, 60_000)) as [number, number];
    expect(value).toBe(8);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);

    // The script's key really is the prefixed one, so cleanup finds it.
    expect(await raw.get(`${prefix}count`)).toBe("8");
  });
});
