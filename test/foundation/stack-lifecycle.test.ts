import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createRedis, loadConfig, redisSettings } from "@fraud/platform";
import { describe, expect, it } from "vitest";
import { cleanupLater } from "../support/helpers.js";
import { REPO_DIR, STACK_SCRIPT } from "../support/stack.js";

// The stack command from nothing: up, up again (harmless), status, down, down again,
// on ports and a state folder of its own so the stack the other tests use is untouched.
// The Redis Cluster is also restarted alone, keeping its data, and purged.
// It reuses the jars the running stack fetched, when there are any (no second download).
const run = promisify(execFile);

async function freePort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", () => done()));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return String(port);
}

async function stack(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(STACK_SCRIPT, args, { cwd: REPO_DIR, env, timeout: 240_000 });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, out: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}

describe("infra/stack.sh lifecycle", () => {
  it("brings Kafka, Redis and a Redis Cluster up from nothing, twice harmlessly, and takes them down again", async () => {
    const dir = await mkdtemp(join(tmpdir(), "stack-lifecycle-"));
    const libs = join(REPO_DIR, ".stack/kafka-libs");
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      STACK_DIR: dir,
      STACK_KAFKA_PORT: await freePort(),
      STACK_KAFKA_CONTROLLER_PORT: await freePort(),
      STACK_REDIS_PORT: await freePort(),
      STACK_REDIS_CLUSTER_PORTS: [await freePort(), await freePort(), await freePort()].join(","),
      ...(existsSync(join(libs, "kafka-clients-3.9.1.jar")) ? { STACK_KAFKA_LIBS: libs } : {}),
    };
    cleanupLater("stop the lifecycle stack", async () => {
      await stack(env, "down", "--purge");
      await rm(dir, { recursive: true, force: true });
    });

    const first = await stack(env, "up");
    expect(first.out).toMatch(/stack up/);
    expect(first.code).toBe(0);
    const seeds = (env.STACK_REDIS_CLUSTER_PORTS as string)
      .split(",")
      .map((p) => `redis://127.0.0.1:${p}`)
      .join(",");
    expect(first.out).toContain(`REDIS_CLUSTER_URL=${seeds}`);
    const again = await stack(env, "up");
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/already running|unchanged/);

    const up = await stack(env, "status");
    expect([up.code, /kafka: up/.test(up.out), /redis: up/.test(up.out), /cluster: up/.test(up.out)]).toEqual([
      0,
      true,
      true,
      true,
    ]);

    // The cluster stops and starts on its own, and comes back with its slots and data.
    await onCluster(seeds, (redis) => redis.set("{lifecycle}:kept", "yes"));
    expect((await stack(env, "down", "cluster")).code).toBe(0);
    const partial = await stack(env, "status");
    expect([partial.code, /kafka: up/.test(partial.out), /cluster: down/.test(partial.out)]).toEqual([1, true, true]);
    expect((await stack(env, "status", "kafka", "redis")).code).toBe(0);
    const restarted = await stack(env, "up", "cluster");
    expect(restarted.code).toBe(0);
    expect(restarted.out).not.toMatch(/creating the redis cluster/);
    expect(await onCluster(seeds, (redis) => redis.get("{lifecycle}:kept"))).toBe("yes");

    expect((await stack(env, "down")).code).toBe(0);
    expect((await stack(env, "down")).code).toBe(0);
    const down = await stack(env, "status");
    expect([
      down.code,
      /kafka: down/.test(down.out),
      /redis: down/.test(down.out),
      /cluster: down/.test(down.out),
    ]).toEqual([1, true, true, true]);

    expect(existsSync(join(dir, "redis-cluster"))).toBe(true);
    expect((await stack(env, "down", "--purge")).code).toBe(0);
    expect([existsSync(join(dir, "redis-cluster")), existsSync(join(dir, "redis"))]).toEqual([false, false]);
  }, 300_000);
});

/** Runs `fn` with the pipeline's cluster client on `seeds`, then closes it. */
async function onCluster<T>(seeds: string, fn: (redis: ReturnType<typeof createRedis>) => Promise<T>): Promise<T> {
  const redis = createRedis(loadConfig(redisSettings, { REDIS_URL: seeds, REDIS_MODE: "cluster" }));
  try {
    await redis.connect();
    return await fn(redis);
  } finally {
    redis.disconnect();
  }
}
