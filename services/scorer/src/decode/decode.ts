import { validateKey } from "@fraud/contracts";
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
 * caller in the same transaction that commits the good ones. The key is checked first
 * (a PAN in it withholds the whole record). No property of one record may stop the
 * scorer: an error that is not a typed poison error (a bug in decoding or validation)
 * is dead-lettered as DECODE_UNEXPECTED and logged by the caller's metrics, not thrown.
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
      validateKey(raw.key);
      good.push({ record: validate(codec.decode(raw.value)), raw });
    } catch (error) {
      if (error instanceof FraudError && error.disposition === "poison") bad.push({ raw, error });
      else if (error instanceof FraudError) throw error;
      else bad.push({ raw, error: unexpected(error) });
    }
  }
  return { good, bad };
}

// The cause is not kept: its message may quote the input.
function unexpected(error: unknown): FraudError {
  const name = error instanceof Error ? error.name : typeof error;
  return new FraudError("DECODE_UNEXPECTED", `unexpected ${name} while decoding or validating the record`, {
    details: { name },
  });
}
