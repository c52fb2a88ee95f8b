import { execFile } from "node:child_process";
import { Socket } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/**
 * Where integration tests find Kafka and Redis. Resolution order (first that applies):
 *   env        KAFKA_BROKERS and REDIS_URL are both set: use them as given;
 *   containers a Docker engine answers: start throwaway Kafka and Redis containers;
 *   local      something answers on 127.0.0.1:19092 and :16379 (the dev stack; STACK_KAFKA_PORT
 *              and STACK_REDIS_PORT move both) : use it;
 *   local-up   otherwise `infra/stack.sh up`, and `down` at the end (only then).
 */
export type StackKind = "env" | "containers" | "local" | "local-up";

export interface ResolvedStack {
  kind: StackKind;
  kafkaBrokers: string;
  redisUrl: string;
  /** Undoes only what the resolution itself started. */
  stop(): Promise<void>;
}

export const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const STACK_SCRIPT = resolve(REPO_DIR, "infra/stack.sh");
// The same variables move the stack script's ports, so both agree on where to look.
const KAFKA_PORT = Number(process.env.STACK_KAFKA_PORT ?? 19092);
const REDIS_PORT = Number(process.env.STACK_REDIS_PORT ?? 16379);
const LOCAL_KAFKA = `127.0.0.1:${KAFKA_PORT}`;
const LOCAL_REDIS = `redis://127.0.0.1:${REDIS_PORT}`;
const CLUSTER_PORTS = (process.env.STACK_REDIS_CLUSTER_PORTS ?? "17001,17002,17003").split(",").map(Number);
const LOCAL_CLUSTER = CLUSTER_PORTS.map((p) => `redis://127.0.0.1:${p}`).join(",");

const run = promisify(execFile);

export function portAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((done) => {
    const socket = new Socket();
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once("error", () => finish(false));
    socket.connect(port, host, () => finish(true));
  });
}

export async function resolveStack(env: NodeJS.ProcessEnv = process.env): Promise<ResolvedStack> {
  if (env.KAFKA_BROKERS && env.REDIS_URL) {
    return { kind: "env", kafkaBrokers: env.KAFKA_BROKERS, redisUrl: env.REDIS_URL, stop: async () => {} };
  }
  if (await dockerAnswers()) {
    // Imported lazily: testcontainers probes for Docker at import time on some versions.
    const { startContainers } = await import("./containers.js");
    return { kind: "containers", ...(await startContainers()) };
  }
  if ((await portAnswers("127.0.0.1", KAFKA_PORT)) && (await portAnswers("127.0.0.1", REDIS_PORT))) {
    return { kind: "local", kafkaBrokers: LOCAL_KAFKA, redisUrl: LOCAL_REDIS, stop: async () => {} };
  }
  try {
    await run(STACK_SCRIPT, ["up"], { cwd: REPO_DIR, timeout: 300_000 });
  } catch (err) {
    // Half a stack (Redis up, Kafka not) would make the next run pick "local" wrongly.
    await run(STACK_SCRIPT, ["down"], { cwd: REPO_DIR, timeout: 120_000 }).catch(() => {});
    throw err;
  }
  return {
    kind: "local-up",
    kafkaBrokers: LOCAL_KAFKA,
    redisUrl: LOCAL_REDIS,
    stop: async () => {
      await run(STACK_SCRIPT, ["down"], { cwd: REPO_DIR, timeout: 120_000 });
    },
  };
}

/** A docker CLI alone is not enough (this project's CI has one and no engine). */
async function dockerAnswers(): Promise<boolean> {
  if (process.env.TESTCONTAINERS_DISABLED === "1") return false;
  try {
    const { getContainerRuntimeClient } = await import("testcontainers");
    const probe = getContainerRuntimeClient().then(() => true);
    const timeout = new Promise<boolean>((done) => setTimeout(() => done(false), 10_000).unref());
    return await Promise.race([probe, timeout]);
  } catch {
    return false;
  }
}

export interface ResolvedRedisCluster {
  kind: Exclude<StackKind, "containers">;
  /** Comma-separated seed URLs, as REDIS_URL takes them with REDIS_MODE=cluster. */
  seeds: string;
  /** Undoes only what the resolution itself started. */
  stop(): Promise<void>;
}

/**
 * Where the cluster tier finds its Redis Cluster:
 *   env       REDIS_CLUSTER_URL is set (seed URLs, comma-separated): use it;
 *   local     every port of the stack's cluster answers (17001-17003; STACK_REDIS_CLUSTER_PORTS
 *             moves them): use it;
 *   local-up  otherwise `infra/stack.sh up cluster`, and `down cluster` at the end (only then).
 */
export async function resolveRedisCluster(env: NodeJS.ProcessEnv = process.env): Promise<ResolvedRedisCluster> {
  if (env.REDIS_CLUSTER_URL) return { kind: "env", seeds: env.REDIS_CLUSTER_URL, stop: async () => {} };
  const answering = await Promise.all(CLUSTER_PORTS.map((p) => portAnswers("127.0.0.1", p)));
  if (answering.every(Boolean)) return { kind: "local", seeds: LOCAL_CLUSTER, stop: async () => {} };
  await run(STACK_SCRIPT, ["up", "cluster"], { cwd: REPO_DIR, timeout: 120_000 });
  return {
    kind: "local-up",
    seeds: LOCAL_CLUSTER,
    stop: async () => {
      await run(STACK_SCRIPT, ["down", "cluster"], { cwd: REPO_DIR, timeout: 120_000 });
    },
  };
}
