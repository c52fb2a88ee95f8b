import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import { cleanupLater, withTimeout } from "../support/helpers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface TailRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The tail CLI as a child process pointed at the test broker and the given topics; killed at cleanup if still running. */
export function startTail(argv: string[], topics: { alerts: string; decisions: string }): TailRun {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_BROKERS: inject("kafkaBrokers"),
    KAFKA_CLIENT_ID: "analyst-tail-test",
    TOPIC_ALERTS: topics.alerts,
    TOPIC_DECISIONS: topics.decisions,
    KAFKAJS_NO_PARTITIONER_WARNING: "1",
  };
  delete env.SCHEMA_REGISTRY_URL;
  const child = spawn(process.execPath, ["--import", "tsx", "services/analyst/src/cli/tail.ts", ...argv], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (b) => {
    out += b;
  });
  child.stderr?.on("data", (b) => {
    err += b;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    // "close", not "exit": the process may be gone while the pipe still holds lines the
    // reader has not taken yet (a paused, slow reader).
    child.once("close", (code, signal) => resolve({ code, signal })),
  );
  cleanupLater("stop tail", async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Runs the CLI to its end (it must end by itself: --idle-exit or --limit). */
export async function runTail(argv: string[], topics: { alerts: string; decisions: string }, timeoutMs = 60_000) {
  const run = startTail(argv, topics);
  const { code, signal } = await withTimeout(run.exited, timeoutMs, `tail ${argv.join(" ")}`);
  return { code, signal, stdout: run.stdout(), stderr: run.stderr() };
}

/** Resolves once `text` appears on the run's stderr. */
export async function waitForStderr(run: TailRun, text: string, timeoutMs = 60_000): Promise<void> {
  await withTimeout(
    (async () => {
      while (!run.stderr().includes(text)) {
        if (run.child.exitCode !== null) throw new Error(`tail exited early:\n${run.stderr()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    })(),
    timeoutMs,
    `waiting for "${text}" from tail`,
  );
}
