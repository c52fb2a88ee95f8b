import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { withTimeout } from "./helpers.js";

/** A child process whose stdout and stderr are kept together, for failure messages. */
export interface Captured {
  child: ChildProcess;
  /** Everything the process wrote so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnCaptured(command: string, args: readonly string[], options: SpawnOptions): Captured {
  const child = spawn(command, [...args], { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (b) => {
    out += b;
  });
  child.stderr?.on("data", (b) => {
    out += b;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}

/** The port a service logs once it listens (`"port":N,"host"`, as our services log it at info). */
export async function loggedPort(p: Captured, what: string, timeoutMs = 60_000): Promise<number> {
  return withTimeout(
    (async () => {
      while (true) {
        const m = /"port":(\d+),"host"/.exec(p.output());
        if (m) return Number(m[1]);
        if (p.child.exitCode !== null) throw new Error(`${what} exited early (${p.child.exitCode}):\n${p.output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    })(),
    timeoutMs,
    `${what} start`,
  ).catch((e) => {
    throw new Error(`${(e as Error).message}\n${p.output()}`);
  });
}
