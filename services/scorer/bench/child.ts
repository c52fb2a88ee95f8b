import { type ChildProcess, spawn } from "node:child_process";

const ROOT = new URL("../../../", import.meta.url).pathname;
const KEEP_OUTPUT = 32_000;

// Last resort for a crash that skips the orderly cleanup: no child outlives the benchmark.
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of live) c.kill("SIGKILL");
});

/**
 * A node child process running a TypeScript entry point through tsx, in-process
 * (`node --import tsx`), so the pid we hold is the process whose CPU we read.
 */
export interface Child {
  readonly pid: number;
  readonly process: ChildProcess;
  /** The tail of what it wrote, for error messages. */
  output(): string;
  exited(): boolean;
  /** Rejects when the process exits, with its output; race a wait against it so a crash fails fast. */
  readonly death: Promise<never>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnTs(entry: string, env: Record<string, string>): Child {
  // BENCH_CPU_PROF=DIR: each child writes a V8 CPU profile there on exit (open it in Chrome DevTools).
  const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, "--import", "tsx", entry], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-KEEP_OUTPUT);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  live.add(child);
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      live.delete(child);
      resolve();
    }),
  );
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const death = exit.then((): never => {
    throw new Error(`${entry} exited (${child.exitCode ?? child.signalCode}):\n${out}`);
  });
  // Handled here: only a race against it should observe the rejection.
  death.catch(() => undefined);
  if (child.pid === undefined) throw new Error(`could not start ${entry}`);
  return {
    pid: child.pid,
    process: child,
    output: () => out,
    exited,
    death,
    async stop(graceMs = 15_000) {
      if (exited()) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Waits until `ready()` holds, failing early if the child dies. */
export async function waitUntil(c: Child, what: string, ready: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (c.exited())
      throw new Error(`${what}: process exited (${c.process.exitCode ?? c.process.signalCode}):\n${c.output()}`);
    if (Date.now() > deadline) throw new Error(`${what}: not ready within ${timeoutMs} ms:\n${c.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
