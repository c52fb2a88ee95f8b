import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, openSync } from "node:fs";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { hashPassword } from "@fraud/console";

/**
 * The analyst console (services/console/src/main.ts) as a child process of the demo,
 * with one analyst account whose password is generated for this run (printed once,
 * never written to a file). Like the scorer, it runs in its own process group and
 * logs to a file.
 */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface ConsoleProcess {
  readonly pid: number;
  readonly url: string;
  readonly user: string;
  readonly password: string;
  exitStatus(): string | undefined;
  release(): void;
  stop(timeoutMs: number): Promise<string>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.listen(0, "127.0.0.1", resolve).once("error", reject));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startConsole(
  env: Record<string, string>,
  logPath: string,
  readyTimeoutMs = 60_000,
): Promise<ConsoleProcess> {
  const port = await freePort();
  const user = "analyst";
  const password = randomBytes(9).toString("base64url");
  const logFd = openSync(logPath, "a");
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "services/console/src/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      CONSOLE_HOST: "127.0.0.1",
      CONSOLE_PORT: String(port),
      CONSOLE_USERS: `${user}:${await hashPassword(password)}`,
    },
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
  const url = `http://127.0.0.1:${port}/`;
  const p: ConsoleProcess = {
    pid: child.pid ?? -1,
    url,
    user,
    password,
    exitStatus: () => status,
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
    if (status) throw new Error(`the console exited before it was ready (${status}); see ${logPath}`);
    const ok = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return p;
    await sleep(250);
  }
  await p.stop(5000);
  throw new Error(`the console was not ready within ${readyTimeoutMs / 1000} s; see ${logPath}`);
}
