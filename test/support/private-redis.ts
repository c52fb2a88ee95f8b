import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanupLater, withTimeout } from "./helpers.js";

/**
 * A redis-server of the test's own, on a free port and a temporary folder, for tests that
 * freeze (SIGSTOP) or protect it: the shared Redis is never touched. Stopped at cleanup
 * (SIGCONT first, in case the test left it frozen).
 */
export interface PrivateRedis {
  port: number;
  url: string;
  child: ChildProcess;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

export async function startPrivateRedis(extraArgs: string[] = []): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "fraud-private-redis-"));
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", ...extraArgs],
    { stdio: "ignore" },
  );
  const exited = new Promise((r) => child.once("exit", r));
  cleanupLater(`stop private redis ${port}`, async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGCONT");
      child.kill("SIGKILL");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  });
  await withTimeout(
    (async () => {
      while (!(await answers(port))) await new Promise((r) => setTimeout(r, 100));
    })(),
    10_000,
    "private redis start",
  );
  return { port, url: `redis://127.0.0.1:${port}`, child };
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    s.once("error", () => resolve(false));
    s.connect(port, "127.0.0.1", () => {
      s.destroy();
      resolve(true);
    });
  });
}
