import { createRedis, loadConfig, redisSettings } from "@fraud/platform";

/** The Redis the environment names, through the one client factory (standalone or, where the factory offers it, Cluster). */
export async function testRedis() {
  const redis = createRedis(loadConfig(redisSettings));
  await redis.connect();
  return redis;
}

interface KeysClient {
  keys(pattern: string): Promise<string[]>;
}

/** KEYS on every master of a cluster, or on the one server: test-sized key spaces only. */
export async function keysMatching(
  client: KeysClient & Partial<{ nodes(role: "master"): KeysClient[] }>,
  pattern: string,
): Promise<string[]> {
  const nodes = typeof client.nodes === "function" ? client.nodes("master") : [client];
  return (await Promise.all(nodes.map((n) => n.keys(pattern)))).flat();
}
