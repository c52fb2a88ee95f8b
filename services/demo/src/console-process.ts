import { randomBytes } from "node:crypto";
import { hashPassword } from "@fraud/console";
import { freePort, type ServiceProcess, startService } from "./service-process.js";

/**
 * The analyst console (services/console/src/main.ts) as a child process of the demo,
 * with one analyst account whose password is generated for this run (printed once,
 * never written to a file). Like the scorer, it runs in its own process group and
 * logs to a file.
 */
export interface ConsoleProcess extends Omit<ServiceProcess, "exited"> {
  readonly url: string;
  readonly user: string;
  readonly password: string;
}

export async function startConsole(
  env: Record<string, string>,
  logPath: string,
  readyTimeoutMs = 60_000,
): Promise<ConsoleProcess> {
  const port = await freePort();
  const user = "analyst";
  const password = randomBytes(9).toString("base64url");
  const url = `http://127.0.0.1:${port}/`;
  const service = await startService({
    name: "console",
    entry: "services/console/src/main.ts",
    env: {
      ...env,
      CONSOLE_HOST: "127.0.0.1",
      CONSOLE_PORT: String(port),
      CONSOLE_USERS: `${user}:${await hashPassword(password)}`,
    },
    logPath,
    probeUrl: `${url}healthz`,
    readyTimeoutMs,
  });
  return Object.assign(service, { url, user, password });
}
