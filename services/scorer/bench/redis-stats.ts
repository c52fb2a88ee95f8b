import type { Redis } from "ioredis";

/**
 * Server-wide Redis counters. They include every other client of the shared dev Redis,
 * so a delta over a benchmark window is an upper bound of the scorer's share.
 */
export interface RedisStats {
  /** used_cpu_sys + used_cpu_user, seconds. */
  cpuSeconds: number;
  evalshaCalls: number;
  /** Total microseconds spent in EVALSHA, scripts' inner commands included. */
  evalshaUsec: number;
}

/** Parses `INFO cpu` + `INFO commandstats` text (lines `key:value`, stats `k=v,k=v`). */
export function parseRedisInfo(text: string): RedisStats {
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(text)?.[1] ?? 0);
  const evalsha = /^cmdstat_evalsha:calls=(\d+),usec=(\d+)/m.exec(text);
  return {
    cpuSeconds: field("used_cpu_sys") + field("used_cpu_user"),
    evalshaCalls: Number(evalsha?.[1] ?? 0),
    evalshaUsec: Number(evalsha?.[2] ?? 0),
  };
}

export async function redisStats(redis: Redis): Promise<RedisStats> {
  const [cpu, commands] = await Promise.all([redis.info("cpu"), redis.info("commandstats")]);
  return parseRedisInfo(`${cpu}\n${commands}`);
}

export function redisDelta(before: RedisStats, after: RedisStats): RedisStats {
  return {
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
    evalshaCalls: after.evalshaCalls - before.evalshaCalls,
    evalshaUsec: after.evalshaUsec - before.evalshaUsec,
  };
}
