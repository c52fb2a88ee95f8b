import { freePort, type ServiceProcess, startService } from "./service-process.js";

/**
 * The real scorer (services/scorer/src/main.ts) as a child process. It runs at
 * LOG_LEVEL=warn, so its "listening" line (info) is not printed: we pick a free port
 * ourselves and pass it in, rather than parse the port from the log.
 */
export interface ScorerProcess extends ServiceProcess {
  readonly port: number;
  readonly logPath: string;
  /** Sum of a metric's samples (all label sets) whose labels contain `labelFilter`; NaN if unreachable. */
  metric(name: string, labelFilter?: string): Promise<number>;
}

export async function startScorer(
  env: Record<string, string>,
  logPath: string,
  readyTimeoutMs = 90_000,
): Promise<ScorerProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const service = await startService({
    name: "scorer",
    entry: "services/scorer/src/main.ts",
    env: { ...env, HTTP_HOST: "127.0.0.1", HTTP_PORT: String(port) },
    logPath,
    probeUrl: `${base}/readyz`,
    readyTimeoutMs,
  });
  return Object.assign(service, {
    port,
    logPath,
    async metric(name: string, labelFilter = ""): Promise<number> {
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
  });
}
