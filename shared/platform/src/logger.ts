import { destination, type Logger, type LoggerOptions, pino } from "pino";

export type { Logger } from "pino";

/**
 * Redaction is configured here, once. Card identity on the stream is a token, so
 * card_token may be logged; anything that could be a PAN or a secret may not.
 */
export const REDACT_PATHS = [
  "password",
  "*.password",
  "*.*.password",
  "sasl",
  "*.sasl",
  "secret",
  "*.secret",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "pan",
  "*.pan",
  "card_number",
  "*.card_number",
  "cardNumber",
  "*.cardNumber",
  "key",
  "*.key",
  "cert",
  "*.cert",
  "ca",
  "*.ca",
];

export interface LoggerSettings {
  level: string;
  service: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to read what was logged. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: { service: settings.service },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  // Synchronous writes: lines logged just before an exit (a crash, a re-raised signal)
  // are not lost. The pipeline logs per batch at most, so the cost does not show.
  return pino(options, settings.destination ?? destination({ dest: 1, sync: true }));
}

export { maskPans } from "./pan.js";
