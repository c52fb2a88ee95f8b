import { casesSettings } from "@fraud/cases";
import { bool, duration, int, type Setting, str } from "@fraud/platform";
import { type Accounts, parseAccounts } from "./auth/accounts.js";

const accounts: Setting<Accounts> = {
  env: "CONSOLE_USERS",
  doc: "Analyst accounts, comma-separated `name:scrypt$N$salt$hash` (make a hash with `npx tsx services/console/src/cli/hash-password.ts`).",
  secret: true,
  parse: parseAccounts,
};

const urls: Setting<string[]> = {
  env: "CONSOLE_METRICS_URLS",
  doc: "The scorers' Prometheus endpoints, comma-separated http(s) URLs, for the overview page.",
  default: [],
  shownDefault: "",
  parse: (raw) => {
    const items = raw
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    for (const u of items) {
      if (!/^https?:\/\/[^\s]+$/.test(u)) throw new Error(`"${u}" is not an http(s) URL`);
    }
    return items;
  },
};

/** The console's environment: the desk's (Kafka, topics, registry, Redis, index bounds) and its own. */
export const consoleSettings = {
  host: str("CONSOLE_HOST", "Address the console listens on; loopback unless a TLS proxy fronts it.", "127.0.0.1"),
  port: int("CONSOLE_PORT", "HTTP port of the console (0 picks a free one).", 8090, 0, 65535),
  accounts,
  cookieSecure: bool(
    "CONSOLE_COOKIE_SECURE",
    "Mark the session cookie Secure; turn on when the console is served over TLS.",
    false,
  ),
  sessionTtlMs: duration("CONSOLE_SESSION_TTL", "How long a login lasts.", 8 * 3_600_000, "8h", 60_000),
  metricsUrls: urls,
  logLevel: str("LOG_LEVEL", "pino log level.", "info"),
  ...casesSettings,
};

/** The console's own settings, for its README table; the shared KAFKA_*, TOPIC_*, SCHEMA_REGISTRY_* and REDIS_* ones are in the scorer's. */
export const consoleOwnSettings = Object.fromEntries(
  Object.entries(consoleSettings).filter(([, s]) => /^(CONSOLE_|CASES_|LOG_LEVEL$)/.test(s.env)),
);
