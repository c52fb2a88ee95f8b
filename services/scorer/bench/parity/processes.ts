import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import type { Cleanup } from "./cleanup.js";

/**
 * The parity run drives the project's own CLIs and the real scorer as child processes,
 * exactly as an operator would, so what is compared is what ships. Every child is
 * registered with the run's cleanup, which kills it if the run ends early.
 */
export const ROOT = new URL("../../../../", import.meta.url).pathname;

const tail = (s: string, n = 4000) => (s.length > n ? `...${s.slice(-n)}` : s);

function spawnTs(script: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs one CLI to completion; rejects with its output on a non-zero exit or after timeoutMs. */
export async function runCli(
  cleanup: Cleanup,
  script: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<string> {
  const child = spawnTs(script, args, env);
  let out = "";
  child.stdout?.on("data", (b) => {
    out += b;
  });
  child.stderr?.on("data", (b) => {
    out += b;
  });
  const forget = cleanup.add(`kill ${script}`, () => killNow(child));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (c, s) => resolve([c, s]));
    });
    if (code !== 0) {
      const why = signal === "SIGKILL" ? `did not finish within ${timeoutMs} ms` : `exited with ${code ?? signal}`;
      throw new Error(`${script} ${why}:\n${tail(out)}`);
    }
    return out;
  } finally {
    clearTimeout(timer);
    forget();
  }
}

export interface RunningScorer {
  port: number;
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within graceMs. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts services/scorer/src/main.ts and resolves once /readyz answers 200. */
export async function startScorer(
  cleanup: Cleanup,
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<RunningScorer> {
  const child = spawnTs("services/scorer/src/main.ts", [], env);
  let out = "";
  child.stdout?.on("data", (b) => {
    out += b;
  });
  child.stderr?.on("data", (b) => {
    out += b;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const stop = async (graceMs = 20_000) => {
    if (!alive()) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  };
  cleanup.add("stop scorer", () => stop());

  const deadline = Date.now() + timeoutMs;
  let port: number | undefined;
  while (true) {
    if (!alive()) throw new Error(`scorer exited before it was ready:\n${tail(out)}`);
    if (Date.now() > deadline) throw new Error(`scorer not ready within ${timeoutMs} ms:\n${tail(out)}`);
    // The ops server logs its chosen port (HTTP_PORT=0 picks a free one).
    port ??= Number(/"port":(\d+)/.exec(out)?.[1]) || undefined;
    if (port !== undefined) {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return { port, output: () => out, stop };
    }
    await sleep(200);
  }
}

async function killNow(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGKILL");
  await exited;
}
