import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { cleanupLater } from "./helpers.js";
import { freePort } from "./private-redis.js";
import { REPO_DIR, STACK_SCRIPT } from "./stack.js";

const run = promisify(execFile);

/**
 * A Kafka broker and Redis of the test's own (infra/stack.sh on free ports and a temporary
 * state folder), for tests that kill the broker. The shared stack is never touched. It
 * reuses the Kafka jars a stack already fetched, when there are any.
 */
export interface PrivateStack {
  kafkaBrokers: string;
  redisUrl: string;
  /** kill -9 of the broker process. */
  killKafka(): Promise<void>;
  /** `stack.sh up` again: starts what is not running. */
  up(): Promise<void>;
}

export async function startPrivateStack(): Promise<PrivateStack> {
  const dir = await mkdtemp(join(tmpdir(), "fraud-private-stack-"));
  const libs = [join(REPO_DIR, ".stack/kafka-libs"), "/work/main/.stack/kafka-libs"].find((d) =>
    existsSync(join(d, "kafka-clients-3.9.1.jar")),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STACK_DIR: dir,
    STACK_KAFKA_PORT: String(await freePort()),
    STACK_KAFKA_CONTROLLER_PORT: String(await freePort()),
    STACK_REDIS_PORT: String(await freePort()),
    // Newer stack scripts also manage a Redis Cluster: give it ports of its own too (never started here).
    STACK_REDIS_CLUSTER_PORTS: [await freePort(), await freePort(), await freePort()].join(","),
    STACK_KAFKA_HEAP: "512m",
    STACK_KAFKA_TIMEOUT: "120",
    ...(libs ? { STACK_KAFKA_LIBS: libs } : {}),
  };
  const stack = (...args: string[]) => run(STACK_SCRIPT, args, { cwd: REPO_DIR, env, timeout: 240_000 });
  cleanupLater("stop the private stack", async () => {
    await stack("down", "--purge").catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  // Components named: a stack script that knows them starts only Kafka and Redis.
  await stack("up", "kafka", "redis");
  return {
    kafkaBrokers: `127.0.0.1:${env.STACK_KAFKA_PORT}`,
    redisUrl: `redis://127.0.0.1:${env.STACK_REDIS_PORT}`,
    async killKafka() {
      const pid = Number((await readFile(join(dir, "kafka/kafka.pid"), "utf8")).trim());
      process.kill(pid, "SIGKILL");
      while (existsSync(`/proc/${pid}`)) await new Promise((r) => setTimeout(r, 100));
    },
    async up() {
      await stack("up", "kafka", "redis");
    },
  };
}
