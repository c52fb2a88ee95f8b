/**
 * Business rules a decoded record must meet, beyond what Avro types say. Pure
 * functions: they return the record unchanged or throw VALIDATE_INVALID_RECORD with
 * details.field. A card_token that looks like a PAN is refused without echoing it.
 */
import { FraudError } from "@fraud/platform";
import type { Label, Transaction } from "./types.js";

export const MIN_TIME = Date.UTC(2000, 0, 1);
export const MAX_TIME = Date.UTC(2100, 0, 1);
const CURRENCY = /^[A-Z]{3}$/;
const DIGITS_13_19 = /^\d{13,19}$/;

function reject(kind: string, field: string, reason: string, containsPan = false): never {
  throw new FraudError("VALIDATE_INVALID_RECORD", `${kind}.${field} ${reason}`, {
    details: { kind, field, reason, ...(containsPan ? { containsPan } : {}) },
  });
}

/** Luhn checksum over a digit string. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** 13-19 digits (spaces and dashes ignored) passing Luhn: treat as a PAN. */
export function looksLikePan(value: string): boolean {
  const digits = value.replace(/[ -]/g, "");
  return DIGITS_13_19.test(digits) && passesLuhn(digits);
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
  requireId(k, "transaction_id", tx.transaction_id);
  requireId(k, "card_token", tx.card_token);
  // containsPan tells the dead-letter step not to copy the record (nor its key, the token).
  if (looksLikePan(tx.card_token))
    reject(k, "card_token", "looks like a PAN (13-19 digits passing Luhn); refused", true);
  requireId(k, "terminal_id", tx.terminal_id);
  if (typeof tx.currency !== "string" || !CURRENCY.test(tx.currency)) {
    const shown =
      typeof tx.currency === "string" && tx.currency.length <= 8 ? JSON.stringify(tx.currency) : "another value";
    reject(k, "currency", `is not an ISO-4217 code (got ${shown})`);
  }
  if (!Number.isSafeInteger(tx.amount_minor) || tx.amount_minor < 0) {
    reject(k, "amount_minor", `is not a non-negative safe integer (got ${String(tx.amount_minor)})`);
  }
  requireTime(k, "event_time", tx.event_time);
  return tx;
}

export function validateLabel(label: Label): Label {
  const k = "label";
  requireId(k, "label_id", label.label_id);
  requireId(k, "transaction_id", label.transaction_id);
  requireTime(k, "label_time", label.label_time);
  return label;
}
