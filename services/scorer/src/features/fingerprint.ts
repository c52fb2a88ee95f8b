import { createHash } from "node:crypto";

/**
 * Fingerprints stand in for ids wherever ids would cost memory or could leak (an id may
 * carry a card number): Redis keys and members, card history records, logs.
 * SHA-256, so a hostile producer cannot craft collisions to pass a different transaction
 * off as a redelivery.
 */
export interface TxnFingerprint {
  /** 96 bits, base64url (16 chars): the txn index key and the sweep's report. */
  key: string;
  /** 66 bits (the key's first 11 chars): terminal set members. */
  member: string;
  /** 16 bits: card history records (with the event time and amount, finds a redelivery's place). */
  record: number;
}

export function txnFingerprint(transactionId: string): TxnFingerprint {
  const digest = createHash("sha256").update(transactionId).digest();
  const key = digest.subarray(0, 12).toString("base64url");
  return { key, member: key.slice(0, 11), record: digest.readUInt16BE(12) };
}

/** What a redelivery must repeat exactly; a reused id with other content is a conflict. */
export function contentFingerprint(tx: {
  card_token: string;
  terminal_id: string;
  amount_minor: number;
  event_time: number;
}): string {
  return createHash("sha256")
    .update(`${tx.card_token}\u0000${tx.terminal_id}\u0000${tx.amount_minor}\u0000${tx.event_time}`)
    .digest()
    .subarray(0, 6)
    .toString("base64url");
}

/**
 * 54 bits (9 base64url chars): names a terminal's keys and sits in every txn index entry,
 * short enough that the entry stays in Redis's 48-byte allocation (about 3e-5 odds that
 * two of a million terminals share one).
 */
export function terminalFingerprint(terminalId: string): string {
  return createHash("sha256").update(terminalId).digest().subarray(0, 7).toString("base64url").slice(0, 9);
}

export function labelFingerprint(labelId: string): string {
  return createHash("sha256").update(labelId).digest().subarray(0, 12).toString("base64url");
}
