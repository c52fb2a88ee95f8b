/** The API's composition root: the only place that reads the environment. */
import { createLogger, FraudError, loadConfig } from "@fraud/platform";
import { apiSettings } from "./config.js";
import { startApi } from "./service.js";

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig<typeof apiSettings>>;
  try {
    config = loadConfig(apiSettings);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  if (config.apiKeys.length === 0) {
    process.stderr.write("FRAUD_ERR_CONFIG_INVALID: API_KEYS is empty; set at least one key (or sha256:<hex>).\n");
    process.exit(2);
  }
  if (Boolean(config.tlsCertFile) !== Boolean(config.tlsKeyFile)) {
    process.stderr.write("FRAUD_ERR_CONFIG_INVALID: set both API_TLS_CERT_FILE and API_TLS_KEY_FILE, or neither.\n");
    process.exit(2);
  }
  const logger = createLogger({ level: config.logLevel, service: "api" });
  const api = await startApi(config, logger);
  const stop = async (signal: NodeJS.Signals) => {
    logger.info({ signal }, "shutting down");
    await api.close().catch((err) => logger.error({ err }, "close failed"));
    logger.flush();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((err) => {
  const code = err instanceof FraudError ? err.code : "FRAUD_ERR_UNEXPECTED";
  process.stderr.write(`${code}: ${(err as Error).message}\n`);
  process.exit(err instanceof FraudError && err.is("CONFIG_INVALID") ? 2 : 1);
});
