/**
 * Composition root of the console: the only place that reads the environment. Builds
 * the desk (index fed from the topics, case store, label sink), serves the pages on
 * CONSOLE_HOST:CONSOLE_PORT, and shuts down in order on SIGTERM/SIGINT: stop serving →
 * stop the feed → flush the label producer → close Redis.
 */
import { opened } from "@fraud/cases";
import { createLogger, FraudError, loadConfig, systemClock } from "@fraud/platform";
import { consoleSettings } from "./config.js";
import { createApp } from "./web/app.js";

let config: ReturnType<typeof loadConfig<typeof consoleSettings>>;
try {
  config = loadConfig(consoleSettings);
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(2);
}
const logger = createLogger({ level: config.logLevel, service: "console" });

try {
  const desk = await opened(config, systemClock, logger);
  desk.feed.failed.catch((err) => {
    logger.fatal({ code: (err as FraudError).code }, (err as Error).message);
    process.exit(1);
  });
  const app = createApp({
    desk: desk.desk,
    accounts: config.accounts,
    clock: systemClock,
    sessionTtlMs: config.sessionTtlMs,
    cookieSecure: config.cookieSecure,
    metricsUrls: config.metricsUrls,
    logger,
  });
  await app.listen({ port: config.port, host: config.host });
  const port = (app.server.address() as { port: number }).port;
  logger.info({ port, host: config.host, url: `http://${config.host}:${port}/` }, "console listening");
  let stopping = false;
  const stop = async (sig: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    // Open event streams would hold close() forever: end every connection.
    app.server.closeAllConnections();
    await app.close();
    await desk.close();
    logger.info({ signal: sig }, "console stopped");
    process.removeAllListeners(sig);
    process.kill(process.pid, sig);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} catch (e) {
  const code = e instanceof FraudError ? e.code : undefined;
  logger.fatal({ code }, (e as Error).message);
  process.exit(1);
}
