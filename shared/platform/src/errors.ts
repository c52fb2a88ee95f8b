/**
 * The one error catalogue. Every error the pipeline raises on purpose has a stable
 * code `FRAUD_ERR_<AREA>_<WHAT>` and a disposition, and the consumer loop branches on
 * the disposition, never on message text:
 *   - transient: retry with backoff; never dead-letter (Redis down, broker unavailable);
 *   - poison:    this record can never succeed; dead-letter it and move on;
 *   - fatal:     the process cannot go on correctly; exit non-zero.
 */
export type Disposition = "transient" | "poison" | "fatal";

export const ERRORS = {
  // Configuration: always fatal, raised at start.
  CONFIG_INVALID: { disposition: "fatal", doc: "A setting is missing or malformed." },

  // Decoding Kafka record values (Confluent wire format + Avro).
  DECODE_EMPTY: { disposition: "poison", doc: "Record value is empty or null." },
  DECODE_BAD_MAGIC: { disposition: "poison", doc: "First byte is not the wire-format magic 0." },
  DECODE_UNKNOWN_SCHEMA: {
    disposition: "poison",
    doc: "Schema id is in neither the registry nor the catalogue.",
  },
  DECODE_TRUNCATED: { disposition: "poison", doc: "Value ends before the Avro record does." },
  DECODE_CORRUPT: { disposition: "poison", doc: "Bytes do not decode as the writer schema." },
  DECODE_TRAILING: { disposition: "poison", doc: "Bytes remain after the Avro record." },
  DECODE_UNEXPECTED: {
    disposition: "poison",
    doc: "Decoding or validating this record raised an unexpected error (a bug to report); the record is dead-lettered so its partition goes on.",
  },
  ENCODE_INVALID: { disposition: "poison", doc: "A value does not fit the schema it is encoded with." },

  // Semantic validation of decoded records.
  VALIDATE_INVALID_RECORD: { disposition: "poison", doc: "A decoded record breaks a business rule." },
  VALIDATE_TXN_ID_CONFLICT: {
    disposition: "poison",
    doc: "A transaction reuses an already-seen transaction_id with a different card, terminal, amount or time.",
  },
  VALIDATE_CONTAINS_PAN: {
    disposition: "poison",
    doc: "A field or the Kafka key holds a card number (13-19 digits passing Luhn); dead-lettered without key or value.",
  },
  VALIDATE_LIMIT: {
    disposition: "poison",
    doc: "A string field or the Kafka key is longer than its maximum or has a character outside its set (see the schema docs).",
  },

  // Schema registry.
  REGISTRY_UNAVAILABLE: { disposition: "transient", doc: "The schema registry did not answer." },

  // Redis.
  REDIS_UNAVAILABLE: { disposition: "transient", doc: "Redis is down or timed out." },
  REDIS_REFUSED: {
    disposition: "fatal",
    doc: "At start, Redis cannot be reached or refused the credentials (REDIS_URL, REDIS_USERNAME, REDIS_PASSWORD).",
  },
  REDIS_SCRIPT: { disposition: "fatal", doc: "A Lua script failed: a bug, not bad input." },
  FEATURES_STALE_CARD: {
    disposition: "transient",
    doc: "A card's stored history changed under this scorer (a previous owner wrote late); it is reloaded and the batch retried.",
  },

  // Kafka.
  KAFKA_UNAVAILABLE: { disposition: "transient", doc: "The broker is unreachable or not ready." },
  KAFKA_FENCED: {
    disposition: "fatal",
    doc: "Another producer took over this transactional id (this instance is a zombie).",
  },
  KAFKA_REJECTED: {
    disposition: "fatal",
    doc: "The broker refused a request for good (authorization, record too large, bad state): retrying cannot help.",
  },
  KAFKA_TOPIC_MISSING: {
    disposition: "fatal",
    doc: "An input or output topic does not exist; the message names the topic and its variable.",
  },
  KAFKA_UNREACHABLE: {
    disposition: "fatal",
    doc: "At start, no broker in KAFKA_BROKERS answered within the connection timeout.",
  },
  KAFKA_CRASH: { disposition: "fatal", doc: "The Kafka consumer crashed and will not restart." },

  // Model.
  MODEL_LOAD: { disposition: "fatal", doc: "The ONNX model or its card cannot be loaded." },
  MODEL_FEATURE_MISMATCH: {
    disposition: "fatal",
    doc: "The model card's features differ from the features the scorer computes.",
  },
  MODEL_INFERENCE: { disposition: "fatal", doc: "onnxruntime failed on a batch." },
  MODEL_PROMOTION_REFUSED: {
    disposition: "fatal",
    doc: "The model registry refuses a change: the model does not fit the scorer, its card is invalid, or the stage change is not allowed.",
  },
  MODEL_REGISTRY_INVALID: {
    disposition: "fatal",
    doc: "A model registry record cannot be read; scorers keep their current models.",
  },

  // Analyst console and CLI (requests, not stream records: poison means "this request can never succeed").
  CASE_UNKNOWN_TRANSACTION: {
    disposition: "poison",
    doc: "No alert or decision with this transaction id is indexed (yet): nothing to act on.",
  },
  CONSOLE_INVALID_INPUT: { disposition: "poison", doc: "A console form or query field is malformed." },

  // Files (replay, simulator output, training input).
  FILE_PARSE: { disposition: "poison", doc: "A line of an input file is malformed." },
  FILE_IO: { disposition: "fatal", doc: "A file cannot be read or written." },

  // Rules and lists (shared/rules).
  RULES_INVALID: {
    disposition: "fatal",
    doc: "A rule file is malformed: bad YAML/JSON, an unknown field, a type error in a condition. At start it stops the process; on reload the previous rules stay.",
  },
  LISTS_INVALID: { disposition: "poison", doc: "A list name or value is refused (bad name, empty, or a PAN)." },

  // Inline scoring API.
  API_UNAUTHORIZED: { disposition: "poison", doc: "The request has no valid API key or bearer token (HTTP 401)." },
  API_BAD_REQUEST: { disposition: "poison", doc: "The request body is not a transaction (HTTP 400)." },
} as const satisfies Record<string, { disposition: Disposition; doc: string }>;

export type ErrorName = keyof typeof ERRORS;

export class FraudError extends Error {
  readonly code: `FRAUD_ERR_${ErrorName}`;
  override readonly name = "FraudError";
  readonly disposition: Disposition;
  /** Structured context for logs and dead-letter headers; never a secret or a PAN. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(what: ErrorName, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = `FRAUD_ERR_${what}`;
    this.disposition = ERRORS[what].disposition;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }

  get retriable(): boolean {
    return this.disposition === "transient";
  }

  is(what: ErrorName): boolean {
    return this.code === `FRAUD_ERR_${what}`;
  }
}

export function isFraudError(err: unknown, what?: ErrorName): err is FraudError {
  return err instanceof FraudError && (what === undefined || err.is(what));
}

/** Disposition of any thrown value: unknown errors are fatal, because we cannot tell they are safe to skip. */
export function dispositionOf(err: unknown): Disposition {
  return err instanceof FraudError ? err.disposition : "fatal";
}

/** Markdown rows `| code | disposition | meaning |` for the README's error catalogue. */
export function errorTable(): string {
  const rows = Object.entries(ERRORS).map(([name, e]) => `| \`FRAUD_ERR_${name}\` | ${e.disposition} | ${e.doc} |`);
  return ["| Code | Disposition | Meaning |", "| --- | --- | --- |", ...rows].join("\n");
}
