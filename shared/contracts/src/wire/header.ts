/**
 * Confluent wire format, the frame around every Kafka record value:
 *
 *   byte 0      magic, always 0
 *   bytes 1..4  schema id, big-endian int32 (registry id, or catalogue id without a registry)
 *   bytes 5..   Avro binary of one record, written with that schema, nothing after it
 *
 * readHeader checks the frame only; the body is checked by the guard and avsc.
 */
import { FraudError } from "@fraud/platform";

export const MAGIC = 0;
export const HEADER_BYTES = 5;

/** Returns the schema id, or throws DECODE_EMPTY / DECODE_BAD_MAGIC / DECODE_TRUNCATED. */
export function readHeader(bytes: Buffer | null | undefined, subject: string): number {
  if (bytes == null || bytes.length === 0) {
    throw new FraudError("DECODE_EMPTY", `${subject}: record value is empty`, {
      details: { subject, length: bytes == null ? null : 0 },
    });
  }
  if (bytes[0] !== MAGIC) {
    throw new FraudError("DECODE_BAD_MAGIC", `${subject}: first byte is ${bytes[0]}, not the wire-format magic 0`, {
      details: { subject, length: bytes.length, magic: bytes[0] },
    });
  }
  if (bytes.length < HEADER_BYTES) {
    throw new FraudError("DECODE_TRUNCATED", `${subject}: ${bytes.length} bytes is shorter than the 5-byte header`, {
      details: { subject, length: bytes.length },
    });
  }
  return bytes.readInt32BE(1);
}

/** The schema id of a framed value, or undefined when the frame is not valid (decode will say why). */
export function peekSchemaId(bytes: Buffer | null | undefined): number | undefined {
  if (bytes == null || bytes.length < HEADER_BYTES || bytes[0] !== MAGIC) return undefined;
  return bytes.readInt32BE(1);
}

export function writeHeader(buf: Buffer, schemaId: number): void {
  buf[0] = MAGIC;
  buf.writeInt32BE(schemaId, 1);
}
