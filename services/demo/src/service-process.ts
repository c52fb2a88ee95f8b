import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

/**
 * A service of the repo (scorer, console) as a child process of the demo: logging to a
 * file, in its own process group, stopped in order, ready when an HTTP probe answers.
 */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface ServiceProcess {
  readonly pid: number;
  /** Set once the process has exited: "exit 0", "exit 1", "stopped by SIGTERM". */
  exitStatus(): string | undefined;
  exited: Promise<string>;
  /** Lets the demo exit while the service keeps running (--keep). */
  release(): void;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves with the exit status. */
  stop(timeoutMs: number): Promise<string>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.listen(0, "127.0.0.1", resolve).once("error", reject));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts `entry` and resolves once `probeUrl` answers 2xx. The log file itself is the
 * child's stdout/stderr (no pipe through us), so a service kept running with --keep does
 * not lose its output when the demo exits; its own process group means a Ctrl-C in the
 * terminal reaches the demo, which stops it in order, instead of both racing to shut down.
 */
export async function startService(o: {
  name: string;
  entry: string;
  env: Record<string, string>;
  logPath: string;
  probeUrl: string;
  readyTimeoutMs: number;
}): Promise<ServiceProcess> {
  const logFd = openSync(o.logPath, "a");
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", o.entry], {
    cwd: ROOT,
    env: { ...process.env, ...o.env },
    detached: true,
    stdio: ["ignore", logFd, logFd],
  });
  closeSync(logFd);
  let status: string | undefined;
  const exited = new Promise<string>((resolve) =>
    child.once("exit", (code, signal) => {
      status = signal ? `stopped by ${signal}` : `exit ${code}`;
      resolve(status);
    }),
  );
  const p: ServiceProcess = {
    pid: child.pid ?? -1,
    exitStatus: () => status,
    exited,
    release: () => child.unref(),
    async stop(timeoutMs) {
      if (status) return status;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  const deadline = Date.now() + o.readyTimeoutMs;
  while (Date.now() < deadline) {
    if (status) throw new Error(`the ${o.name} exited before it was ready (${status}); see ${o.logPath}`);
    const ok = await fetch(o.probeUrl, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return p;
    await sleep(250);
  }
  await p.stop(5000);
  throw new Error(`the ${o.name} was not ready within ${o.readyTimeoutMs / 1000} s; see ${o.logPath}`);
}
