import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { REPO_DIR, STACK_SCRIPT } from "../support/stack.js";

// Only `status`: tests never start or stop the shared stack.
const run = promisify(execFile);
const portOf = (address: string) => address.split(":").pop()!;
const local = ["local", "local-up"].includes(inject("stackKind"));

async function status(
  kafkaPort: string,
  redisPort: string,
  { stateDir, clusterPorts, only = [] }: { stateDir?: string; clusterPorts?: string[]; only?: string[] } = {},
): Promise<{ code: number; out: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, STACK_KAFKA_PORT: kafkaPort, STACK_REDIS_PORT: redisPort };
  if (stateDir) env.STACK_DIR = stateDir;
  if (clusterPorts) env.STACK_REDIS_CLUSTER_PORTS = clusterPorts.join(",");
  try {
    const { stdout } = await run(STACK_SCRIPT, ["status", ...only], { cwd: REPO_DIR, env, timeout: 30_000 });
    return { code: 0, out: stdout };
  } catch (e) {
    const err = e as { code?: number; stdout?: string };
    return { code: err.code ?? -1, out: err.stdout ?? "" };
  }
}

function unusedPort(): Promise<string> {
  return new Promise((done) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(String(port)));
    });
  });
}

describe.runIf(local)("infra/stack.sh status", () => {
  it("exits 0 and reports Kafka and Redis up on the running stack", async () => {
    // The cluster has its own tier (and may not run); only the two this tier uses.
    const { code, out } = await status(portOf(inject("kafkaBrokers")), portOf(inject("redisUrl")), {
      only: ["kafka", "redis"],
    });
    expect(out).toMatch(/kafka: up/);
    expect(out).toMatch(/redis: up/);
    expect(code).toBe(0);
  });
});

describe("infra/stack.sh status, nothing running", () => {
  it("exits 1 when nothing listens on its ports", async () => {
    // An empty state dir: no pid files of ours can make it report a process.
    const stateDir = await mkdtemp(join(tmpdir(), "stack-status-"));
    const clusterPorts = [await unusedPort(), await unusedPort(), await unusedPort()];
    const { code, out } = await status(await unusedPort(), await unusedPort(), { stateDir, clusterPorts }).finally(() =>
      rm(stateDir, { recursive: true, force: true }),
    );
    expect(out).toMatch(/kafka: down/);
    expect(out).toMatch(/redis: down/);
    expect(out).toMatch(/cluster: down/);
    expect(code).toBe(1);
  });
});
