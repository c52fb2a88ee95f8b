/**
 * One subject's codec: encode with our schema and its wire id, decode any known writer
 * id by resolving it against our reader schema. Resolvers and guards are built once
 * per writer id and cached, so the hot path never parses or compares schemas.
 */
import { FraudError } from "@fraud/platform";
import type avro from "avsc";
import { compileGuard, GuardError } from "./guard.js";
import { HEADER_BYTES, readHeader, writeHeader } from "./header.js";

export interface RecordCodec<T> {
  readonly subject: string;
  /** Encodes with this codec's schema version and its id; an invalid value → ENCODE_INVALID naming the field. */
  encode(value: T): Buffer;
  /** Encodes with a specific local schema version (old producers, evolution tests). */
  encodeWith(version: number, value: T): Buffer;
  /** Synchronous; the writer id must be known (catalogue, registered, or fetched by Codecs.prepare). */
  decode(bytes: Buffer | null | undefined): T;
}

/** A writer schema known by id; shared by every codec of a Codecs instance. */
export interface Writer {
  readonly id: number;
  readonly type: avro.Type;
  guard?: (buf: Buffer, pos: number) => number;
}

export interface CodecParts {
  subject: string;
  reader: avro.Type;
  readerVersion: number;
  /** version → the local schema of that version and the wire id to write it with. */
  encoders: ReadonlyMap<number, { id: number; type: avro.Type }>;
  writers: ReadonlyMap<number, Writer>;
}

interface ReadPlan {
  guard: (buf: Buffer, pos: number) => number;
  resolver: avro.Resolver | undefined;
}

// Encoding reuses one scratch buffer and copies out the exact bytes, so a record costs one allocation.
let scratch = Buffer.allocUnsafe(64 * 1024);

export function createRecordCodec<T>(parts: CodecParts): RecordCodec<T> {
  const { subject, reader, writers } = parts;
  const plans = new Map<number, ReadPlan>();

  function planFor(id: number, length: number): ReadPlan {
    const cached = plans.get(id);
    if (cached) return cached;
    const writer = writers.get(id);
    const details = { subject, schemaId: id, length };
    if (!writer) throw new FraudError("DECODE_UNKNOWN_SCHEMA", `${subject}: unknown schema id ${id}`, { details });
    let resolver: avro.Resolver | undefined;
    if (writer.type !== reader && !writer.type.equals(reader)) {
      try {
        resolver = reader.createResolver(writer.type);
      } catch (cause) {
        throw new FraudError("DECODE_UNKNOWN_SCHEMA", `${subject}: schema id ${id} cannot be read as ${subject}`, {
          cause,
          details: { ...details, reason: "incompatible with the reader schema" },
        });
      }
    }
    writer.guard ??= compileGuard(writer.type);
    const plan = { guard: writer.guard, resolver };
    plans.set(id, plan);
    return plan;
  }

  function decode(bytes: Buffer | null | undefined): T {
    const id = readHeader(bytes, subject);
    const buf = bytes as Buffer;
    const plan = plans.get(id) ?? planFor(id, buf.length);
    // Built only on the error paths: the hot path allocates nothing but the decoded record.
    const details = () => ({ subject, schemaId: id, length: buf.length });
    let end: number;
    try {
      end = plan.guard(buf, HEADER_BYTES);
    } catch (err) {
      if (!(err instanceof GuardError)) throw err;
      const what = err.fault === "truncated" ? "DECODE_TRUNCATED" : "DECODE_CORRUPT";
      throw new FraudError(what, `${subject}: schema id ${id}, byte ${err.at}: ${err.reason}`, {
        details: { ...details(), at: err.at, reason: err.reason },
      });
    }
    if (end < buf.length) {
      throw new FraudError("DECODE_TRAILING", `${subject}: ${buf.length - end} bytes left after the record`, {
        details: { ...details(), at: end },
      });
    }
    let result: { value: unknown; offset: number };
    try {
      result = reader.decode(buf, HEADER_BYTES, plan.resolver);
    } catch (cause) {
      // The guard passed, so this is a value avsc refuses, e.g. a long beyond 2^53.
      throw new FraudError("DECODE_CORRUPT", `${subject}: schema id ${id}: ${(cause as Error).message}`, {
        cause,
        details: { ...details(), reason: (cause as Error).message },
      });
    }
    if (result.offset < 0) {
      throw new FraudError("DECODE_TRUNCATED", `${subject}: schema id ${id}: body ends early`, { details: details() });
    }
    return result.value as T;
  }

  function encodeAs(version: number, value: T): Buffer {
    const enc = parts.encoders.get(version);
    if (!enc) {
      throw new FraudError("ENCODE_INVALID", `${subject}: no local schema version ${version}`, {
        details: { subject, version },
      });
    }
    let pos: number;
    try {
      pos = enc.type.encode(value, scratch, HEADER_BYTES);
      if (pos < 0) {
        scratch = Buffer.allocUnsafe(Math.max(scratch.length * 2, scratch.length - pos));
        pos = enc.type.encode(value, scratch, HEADER_BYTES);
      }
    } catch {
      throw invalid(subject, version, enc.type, value);
    }
    writeHeader(scratch, enc.id);
    return Buffer.from(scratch.subarray(0, pos));
  }

  return {
    subject,
    decode,
    encode: (value) => encodeAs(parts.readerVersion, value),
    encodeWith: encodeAs,
  };
}

/** Names the first bad field (dotted path) without echoing its value: it may be a PAN. */
// No `cause`: avsc's own message quotes the offending value.
function invalid(subject: string, version: number, type: avro.Type, value: unknown): FraudError {
  let field = "(record)";
  let expected: string | undefined;
  type.isValid(value, {
    errorHook(path, _val, t) {
      if (field === "(record)") {
        field = path.join(".") || "(record)";
        expected = t.typeName;
      }
    },
  });
  return new FraudError(
    "ENCODE_INVALID",
    `${subject} v${version}: field ${field} does not fit ${expected ?? "the schema"}`,
    {
      details: { subject, version, field, expected },
    },
  );
}
