import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { deleteKeysWithPrefix, topicEnv } from "@fraud/platform";
import { inject } from "vitest";
import { hashPassword } from "../../services/console/src/auth/password.js";
import { cleanupLater, randomId, redisClientForTest } from "./helpers.js";
import { loggedPort, spawnCaptured } from "./process.js";
import type { ScorerTopics } from "./scorer.js";

/**
 * Runs the real console (services/console/src/main.ts) as a child process on the
 * scorer's topics, a random Redis prefix and a free port, with one analyst account.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface ConsoleProcess {
  url: string;
  user: string;
  password: string;
  redisPrefix: string;
  child: ChildProcess;
  output(): string;
}

export async function startConsole(topics: ScorerTopics, extra: Record<string, string> = {}): Promise<ConsoleProcess> {
  const user = "alice";
  const password = randomId("pw");
  const redisPrefix = `${randomId("test-console")}:`;
  const raw = await redisClientForTest();
  cleanupLater("delete console keys", () => deleteKeysWithPrefix(raw, redisPrefix));
  const p = spawnCaptured(process.execPath, ["--import", "tsx", "services/console/src/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      KAFKA_BROKERS: inject("kafkaBrokers"),
      REDIS_URL: inject("redisUrl"),
      REDIS_MODE: inject("redisMode"),
      REDIS_KEY_PREFIX: redisPrefix,
      ...topicEnv(topics),
      CONSOLE_PORT: "0",
      CONSOLE_USERS: `${user}:${await hashPassword(password)}`,
      LOG_LEVEL: "info",
      KAFKAJS_NO_PARTITIONER_WARNING: "1",
      ...extra,
    },
  });
  const { child, exited } = p;
  cleanupLater("stop console", async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(t);
    }
  });
  const port = await loggedPort(p, "console");
  return { url: `http://127.0.0.1:${port}`, user, password, redisPrefix, child, output: p.output };
}
