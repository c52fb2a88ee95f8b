/**
 * Business rules a decoded record must meet, beyond what Avro types say: the one place
 * every record enters. Pure functions: they return the record unchanged or throw a
 * poison error naming the field (details.field), never echoing a value that may be a PAN.
 *
 * Order matters: the PAN scan of every string field runs first, so a record carrying a
 * card number is always refused as VALIDATE_CONTAINS_PAN (its dead letter withholds key
 * and value), whatever else is wrong with it. Then the limits (VALIDATE_LIMIT), then the
 * business rules (VALIDATE_INVALID_RECORD). The limits are documented in the schema docs.
 */
import { containsPan, FraudError, maskPans, passesLuhn } from "@fraud/platform";
import type { Label, Transaction } from "./types.js";

export { passesLuhn };

export const MIN_TIME = Date.UTC(2000, 0, 1);
export const MAX_TIME = Date.UTC(2100, 0, 1);
const CURRENCY = /^[A-Z]{3}$/;

/** A string field's limits: at most `max` characters, every one in `charset`. */
export interface FieldLimit {
  max: number;
  charset: RegExp;
  /** Shown in errors and docs. */
  describe: string;
}

const ID = { charset: /^[A-Za-z0-9._:-]*$/, describe: "letters, digits and . _ : -" };
const WORD = { charset: /^[a-z_]*$/, describe: "lower-case letters and _" };

/** Every string field of the input records, with its limits (mirrored in the schema docs). */
export const LIMITS = {
  transaction: {
    transaction_id: { max: 64, ...ID },
    card_token: { max: 64, ...ID },
    terminal_id: { max: 64, ...ID },
    currency: { max: 3, charset: /^[A-Z]*$/, describe: "upper-case letters" },
    merchant_category: { max: 16, charset: /^[A-Za-z0-9_-]*$/, describe: "letters, digits, _ and -" },
    channel: { max: 16, ...WORD },
    country: { max: 2, charset: /^[A-Z]*$/, describe: "upper-case letters" },
    customer_id: { max: 64, ...ID },
  },
  label: {
    label_id: { max: 96, ...ID },
    transaction_id: { max: 64, ...ID },
    source: { max: 32, ...WORD },
  },
} as const satisfies Record<string, Record<string, FieldLimit>>;

/** Largest amount in minor units (10 billion in major units): bounds features, and no 16-digit number passes. */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;

/** The Kafka key is opaque bytes (it only partitions), but bounded and never a PAN. */
export const MAX_KEY_BYTES = 128;

function reject(kind: string, field: string, given: string): never {
  // A number echoed back (an event time, an amount) could itself be a card number.
  const reason = maskPans(given);
  throw new FraudError("VALIDATE_INVALID_RECORD", `${kind}.${field} ${reason}`, {
    details: { kind, field, reason },
  });
}

function refusePan(kind: string, field: string): never {
  // containsPan tells the dead-letter step not to copy the record (nor its key).
  throw new FraudError(
    "VALIDATE_CONTAINS_PAN",
    `${kind}.${field} contains a card number (13-19 digits passing Luhn); refused`,
    { details: { kind, field, containsPan: true } },
  );
}

/** 13-19 digits (alone, grouped or embedded) passing Luhn: treat as a PAN. */
export function looksLikePan(value: string): boolean {
  return containsPan(value);
}

function scanPans(kind: string, record: object): void {
  for (const [field, value] of Object.entries(record)) {
    if (typeof value === "string" && containsPan(value)) refusePan(kind, field);
  }
}

function checkLimits(kind: keyof typeof LIMITS, record: object): void {
  const limits: Record<string, FieldLimit> = LIMITS[kind];
  for (const [field, value] of Object.entries(record)) {
    const limit = limits[field];
    if (!limit || typeof value !== "string") continue;
    if (value.length > limit.max) {
      throw new FraudError("VALIDATE_LIMIT", `${kind}.${field} is ${value.length} characters; at most ${limit.max}`, {
        details: { kind, field, length: value.length, max: limit.max },
      });
    }
    if (!limit.charset.test(value)) {
      throw new FraudError("VALIDATE_LIMIT", `${kind}.${field} has a character outside ${limit.describe}`, {
        details: { kind, field, charset: limit.describe },
      });
    }
  }
}

/** The Kafka key of an input record: at most MAX_KEY_BYTES, and no PAN (also when it is not UTF-8). */
export function validateKey(key: Buffer | null): void {
  if (key === null) return;
  if (containsPan(key.toString("latin1"))) refusePan("record", "key");
  if (key.length > MAX_KEY_BYTES) {
    throw new FraudError("VALIDATE_LIMIT", `record.key is ${key.length} bytes; at most ${MAX_KEY_BYTES}`, {
      details: { kind: "record", field: "key", length: key.length, max: MAX_KEY_BYTES },
    });
  }
}

function requireId(kind: string, field: string, value: unknown): void {
  if (typeof value !== "string" || value.trim() === "") reject(kind, field, "is empty");
}

function requireTime(kind: string, field: string, value: unknown): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < MIN_TIME || value >= MAX_TIME) {
    reject(kind, field, `is outside 2000-01-01..2100-01-01 (got ${String(value)})`);
  }
}

export function validateTransaction(tx: Transaction): Transaction {
  const k = "transaction";
  scanPans(k, tx);
  requireId(k, "transaction_id", tx.transaction_id);
  requireId(k, "card_token", tx.card_token);
  requireId(k, "terminal_id", tx.terminal_id);
  if (typeof tx.currency !== "string" || !CURRENCY.test(tx.currency)) {
    const shown =
      typeof tx.currency === "string" && tx.currency.length <= 8 ? JSON.stringify(tx.currency) : "another value";
    reject(k, "currency", `is not an ISO-4217 code (got ${shown})`);
  }
  checkLimits(k, tx);
  if (!Number.isSafeInteger(tx.amount_minor) || tx.amount_minor < 0) {
    reject(k, "amount_minor", `is not a non-negative safe integer (got ${String(tx.amount_minor)})`);
  }
  if (tx.amount_minor > MAX_AMOUNT_MINOR) {
    throw new FraudError("VALIDATE_LIMIT", `transaction.amount_minor is above the maximum ${MAX_AMOUNT_MINOR}`, {
      details: { kind: k, field: "amount_minor", max: MAX_AMOUNT_MINOR },
    });
  }
  requireTime(k, "event_time", tx.event_time);
  return tx;
}

export function validateLabel(label: Label): Label {
  const k = "label";
  scanPans(k, label);
  requireId(k, "label_id", label.label_id);
  requireId(k, "transaction_id", label.transaction_id);
  checkLimits(k, label);
  requireTime(k, "label_time", label.label_time);
  return label;
}
