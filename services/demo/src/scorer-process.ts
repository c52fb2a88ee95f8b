import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

/**
 * The real scorer (services/scorer/src/main.ts) as a child process. It runs at
 * LOG_LEVEL=warn, so its "listening" line (info) is not printed: we pick a free port
 * ourselves and pass it in, rather than parse the port from the log.
 */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface ScorerProcess {
  readonly pid: number;
  readonly port: number;
  readonly logPath: string;
  /** Set once the process has exited: "exit 0", "exit 1", "stopped by SIGTERM" (the scorer re-raises the signal after a clean shutdown). */
  exitStatus(): string | undefined;
  exited: Promise<string>;
  /** Sum of a metric's samples (all label sets) whose labels contain `labelFilter`; NaN if unreachable. */
  metric(name: string, labelFilter?: string): Promise<number>;
  /** Lets the demo exit while the scorer keeps running (--keep). */
  release(): void;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves with the exit status. */
  stop(timeoutMs: number): Promise<string>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.listen(0, "127.0.0.1", resolve).once("error", reject));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startScorer(env: Record<string, string>, logPath: string, readyTimeoutMs = 90_000) {
  const port = await freePort();
  // The log file itself is the child's stdout/stderr (no pipe through us), so a scorer
  // kept running with --keep does not lose its output when the demo exits.
  const logFd = openSync(logPath, "a");
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "services/scorer/src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env, HTTP_HOST: "127.0.0.1", HTTP_PORT: String(port) },
    // Its own process group: a Ctrl-C in the terminal reaches the demo, which stops the
    // scorer in order, instead of both racing to shut down.
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
  const base = `http://127.0.0.1:${port}`;

  const p: ScorerProcess = {
    pid: child.pid ?? -1,
    port,
    logPath,
    exitStatus: () => status,
    exited,
    async metric(name, labelFilter = "") {
      try {
        const text = await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(2000) })).text();
        let sum = 0;
        for (const line of text.split("\n")) {
          if (line.startsWith("#")) continue;
          const metricName = line.split(/[{ ]/, 1)[0];
          if (metricName !== name || !line.includes(labelFilter)) continue;
          sum += Number(line.split(" ").at(-1));
        }
        return sum;
      } catch {
        return Number.NaN;
      }
    },
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

  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (status) throw new Error(`the scorer exited before it was ready (${status}); see ${logPath}`);
    const ok = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return p;
    await sleep(250);
  }
  await p.stop(5000);
  throw new Error(`the scorer was not ready within ${readyTimeoutMs / 1000} s; see ${logPath}`);
}
