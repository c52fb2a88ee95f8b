import { registrySettings } from "@fraud/contracts";
import { duration, int, kafkaSettings, oneOf, type Schema, type Setting, str, topicSettings } from "@fraud/platform";
import { parseKeys } from "./auth.js";

const keys: Setting<ReturnType<typeof parseKeys>> = {
  env: "API_KEYS",
  doc: "Accepted API keys (sent as `Authorization: Bearer <key>` or `X-API-Key`), comma-separated; each either the key itself or `sha256:<hex of its SHA-256>` so the config holds no secret.",
  secret: true,
  parse: parseKeys,
};

/** Every setting of the inline API. */
export const apiSettings = {
  ...kafkaSettings,
  ...topicSettings,
  ...registrySettings,
  apiKeys: keys,
  host: str("API_HOST", "Address the API listens on.", "127.0.0.1"),
  port: int("API_PORT", "Port the API listens on (0 picks a free one).", 8080, 0, 65535),
  tlsCertFile: str("API_TLS_CERT_FILE", "PEM certificate; with API_TLS_KEY_FILE the API serves HTTPS only.", ""),
  tlsKeyFile: str("API_TLS_KEY_FILE", "PEM private key for API_TLS_CERT_FILE.", ""),
  bodyLimit: int("API_BODY_LIMIT", "Largest request body accepted, in bytes (HTTP 413 above).", 16_384, 256, 1_048_576),
  deadlineMs: duration(
    "API_DEFAULT_DEADLINE",
    "How long a request waits for its decision when it sends no X-Deadline-Ms header.",
    150,
    "150ms",
  ),
  maxDeadlineMs: duration("API_MAX_DEADLINE", "Largest X-Deadline-Ms honoured.", 10_000, "10s"),
  fallback: oneOf(
    "API_FALLBACK",
    "Verdict answered (with timed_out: true) when the decision misses the deadline; the transaction is still scored and published.",
    ["approve", "review"] as const,
    "review",
  ),
  lookbackMs: duration(
    "API_DECISION_LOOKBACK",
    "At start, decisions this far back are read, so a transaction decided before the API started is answered from them.",
    600_000,
    "10m",
    0,
  ),
  cacheSize: int("API_DECISION_CACHE", "Most recent decisions kept in memory to answer repeats.", 200_000, 1000),
  groupPrefix: str(
    "API_GROUP_PREFIX",
    "Consumer group prefix of the decision reader; each API instance adds a random suffix, since each must see every decision.",
    "fraud-api",
  ),
  logLevel: oneOf("LOG_LEVEL", "Log level.", ["fatal", "error", "warn", "info", "debug", "trace"] as const, "info"),
};

/** The settings only the API has (the README table); the rest are shared with the scorer. */
export function apiOwnSettings(): Schema {
  return Object.fromEntries(
    Object.entries(apiSettings).filter(([, s]) => s.env.startsWith("API_") || s.env === "LOG_LEVEL"),
  ) as Schema;
}
