import { FraudError } from "@fraud/platform";
import type { InputBatch, RawRecord } from "../consume/batch.js";

export interface Decoded<T> {
  record: T;
  raw: RawRecord;
}

export interface Rejected {
  raw: RawRecord;
  error: FraudError;
}

export interface RecordDecoder<T> {
  decode(bytes: Buffer | null): T;
}

/**
 * Splits a batch into records that decode and validate, and poison records with their
 * typed error. A poison record never stops its partition: it is dead-lettered by the
 * caller in the same transaction that commits the good ones. Anything that is not a
 * poison error (a bug) propagates.
 */
export function decodeBatch<T>(
  batch: InputBatch,
  codec: RecordDecoder<T>,
  validate: (record: T) => T,
): { good: Decoded<T>[]; bad: Rejected[] } {
  const good: Decoded<T>[] = [];
  const bad: Rejected[] = [];
  for (const raw of batch.records) {
    try {
      good.push({ record: validate(codec.decode(raw.value)), raw });
    } catch (error) {
      if (error instanceof FraudError && error.disposition === "poison") bad.push({ raw, error });
      else throw error;
    }
  }
  return { good, bad };
}
