import { createRedis, loadConfig, redisSettings } from "@fraud/platform";
import type { TestProject } from "vitest/node";
import { resolveRedisCluster, resolveStack } from "./stack.js";

/**
 * vitest globalSetup of the integration-cluster project: the same Kafka as the
 * integration project (stack.ts), and a Redis Cluster instead of the standalone Redis.
 * Test files see it through inject("redisUrl") (the seeds) and inject("redisMode");
 * code under test, scorer processes included, through REDIS_URL and REDIS_MODE=cluster.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await resolveStack();
  const cluster = await resolveRedisCluster().catch(async (e) => {
    await stack.stop();
    throw e;
  });
  console.log(
    `[integration-cluster] kafka ${stack.kafkaBrokers} (${stack.kind}), redis cluster ${cluster.seeds} (${cluster.kind})`,
  );
  const stop = async () => {
    await cluster.stop();
    await stack.stop();
  };
  await assertClusterOk(cluster.seeds).catch(async (e) => {
    await stop();
    throw e;
  });
  process.env.KAFKA_BROKERS = stack.kafkaBrokers;
  process.env.REDIS_URL = cluster.seeds;
  process.env.REDIS_MODE = "cluster";
  project.provide("kafkaBrokers", stack.kafkaBrokers);
  project.provide("redisUrl", cluster.seeds);
  project.provide("redisMode", "cluster");
  project.provide("stackKind", stack.kind);
  return stop;
}

/** Fails the tier at once, naming the seeds, when they are not a healthy cluster. */
async function assertClusterOk(seeds: string): Promise<void> {
  const redis = createRedis(loadConfig(redisSettings, { REDIS_URL: seeds, REDIS_MODE: "cluster" }));
  try {
    // ioredis retries a cluster it cannot reach forever; give up after a while instead.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`the Redis Cluster at ${seeds} did not answer within 30 s`)), 30_000);
    });
    await Promise.race([redis.connect(), late]).finally(() => clearTimeout(timer));
    const info = String(await redis.cluster("INFO"));
    if (!/cluster_state:ok/.test(info)) throw new Error(`the Redis Cluster at ${seeds} is not ok:\n${info}`);
  } finally {
    redis.disconnect();
  }
}
