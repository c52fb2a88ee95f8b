/**
 * A validating walk over Avro binary, compiled once per writer schema.
 *
 * Why: avsc trusts its input. A garbage array count makes it loop (or allocate) for
 * billions of items, and it reports a negative string length as "truncated". The
 * consumer must instead get a typed, bounded answer for every byte string, so this
 * walk runs before avsc decodes and tells the three failures apart:
 *   - "truncated": the bytes end before the record does;
 *   - "corrupt":   a length, count, union/enum index or boolean byte is impossible,
 *                  a varint is longer than 10 bytes, or a string is not UTF-8.
 * It allocates nothing on valid ASCII input and returns the offset after the record.
 */
import { isUtf8 } from "node:buffer";
import type avro from "avsc";

export type GuardFault = "truncated" | "corrupt";

export class GuardError extends Error {
  constructor(
    readonly fault: GuardFault,
    readonly at: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Walks one value starting at pos; returns the position after it. */
type Step = (buf: Buffer, pos: number) => number;

// A block count above this is garbage even when each item may take zero bytes (null items).
const MAX_ITEMS = 10_000_000;

function fail(fault: GuardFault, at: number, reason: string): never {
  throw new GuardError(fault, at, reason);
}

/** Reads a zigzag varint. Returns the value in `out[0]` (as a JS number, may be imprecise beyond 2^53). */
function readVarint(buf: Buffer, pos: number, out: number[]): number {
  let n = 0;
  let shift = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) fail("truncated", pos, "varint runs past the end");
    const b = buf[pos++]!;
    n += (b & 0x7f) * shift;
    shift *= 128;
    if ((b & 0x80) === 0) {
      out[0] = n % 2 === 0 ? n / 2 : -(n + 1) / 2;
      return pos;
    }
  }
  return fail("corrupt", pos, "varint longer than 10 bytes");
}

const scratch = [0];

function skipBytes(buf: Buffer, pos: number, utf8: boolean): number {
  const start = readVarint(buf, pos, scratch);
  const len = scratch[0]!;
  if (len < 0) fail("corrupt", pos, `negative length ${len}`);
  const end = start + len;
  if (end > buf.length) fail("truncated", start, `length ${len} runs past the end`);
  if (utf8) {
    for (let i = start; i < end; i++) {
      if (buf[i]! >= 0x80) {
        if (!isUtf8(buf.subarray(start, end))) fail("corrupt", start, "string is not valid UTF-8");
        break;
      }
    }
  }
  return end;
}

function fixed(size: number): Step {
  return (buf, pos) => {
    if (pos + size > buf.length) fail("truncated", pos, `needs ${size} bytes`);
    return pos + size;
  };
}

function indexed(count: number, what: string): (buf: Buffer, pos: number) => [number, number] {
  return (buf, pos) => {
    const next = readVarint(buf, pos, scratch);
    const i = scratch[0]!;
    if (i < 0 || i >= count) fail("corrupt", pos, `${what} index ${i} out of range 0..${count - 1}`);
    return [i, next];
  };
}

/** Smallest number of bytes one value can take; bounds block counts. */
function minBytes(type: avro.Type): number {
  switch (type.typeName) {
    case "null":
      return 0;
    case "float":
      return 4;
    case "double":
      return 8;
    case "fixed":
      return (type as avro.types.FixedType).size;
    case "record":
      return (type as avro.types.RecordType).fields.reduce((sum, f) => sum + minBytes(f.type), 0);
    default:
      return 1;
  }
}

function blocks(item: Step, itemMin: number): Step {
  return (buf, pos) => {
    for (;;) {
      const blockAt = pos;
      pos = readVarint(buf, pos, scratch);
      let n = scratch[0]!;
      if (n === 0) return pos;
      if (n < 0) {
        n = -n;
        pos = readVarint(buf, pos, scratch);
        if (scratch[0]! < 0) fail("corrupt", blockAt, "negative block size");
      }
      if (n > MAX_ITEMS) fail("corrupt", blockAt, `block count ${n} is implausible`);
      if (n * itemMin > buf.length - pos) fail("truncated", blockAt, `block of ${n} items runs past the end`);
      for (let i = 0; i < n; i++) pos = item(buf, pos);
    }
  };
}

export function compileGuard(type: avro.Type): Step {
  const name = type.typeName;
  switch (name) {
    case "null":
      return (_buf, pos) => pos;
    case "boolean":
      return (buf, pos) => {
        if (pos >= buf.length) fail("truncated", pos, "boolean past the end");
        if (buf[pos]! > 1) fail("corrupt", pos, `boolean byte ${buf[pos]}`);
        return pos + 1;
      };
    case "int":
    case "long":
      return (buf, pos) => readVarint(buf, pos, scratch);
    case "float":
      return fixed(4);
    case "double":
      return fixed(8);
    case "fixed":
      return fixed((type as avro.types.FixedType).size);
    case "bytes":
      return (buf, pos) => skipBytes(buf, pos, false);
    case "string":
      return (buf, pos) => skipBytes(buf, pos, true);
    case "enum": {
      const index = indexed((type as avro.types.EnumType).symbols.length, "enum");
      return (buf, pos) => index(buf, pos)[1];
    }
    case "record": {
      const steps = (type as avro.types.RecordType).fields.map((f) => compileGuard(f.type));
      return (buf, pos) => {
        for (const step of steps) pos = step(buf, pos);
        return pos;
      };
    }
    case "array": {
      const items = (type as avro.types.ArrayType).itemsType;
      return blocks(compileGuard(items), minBytes(items));
    }
    case "map": {
      const values = (type as avro.types.MapType).valuesType as avro.Type;
      const value = compileGuard(values);
      const entry: Step = (buf, pos) => value(buf, skipBytes(buf, pos, true));
      return blocks(entry, 1 + minBytes(values));
    }
    default: {
      if (name.startsWith("union")) {
        const branches = (type as avro.types.UnwrappedUnionType).types.map(compileGuard);
        const index = indexed(branches.length, "union");
        return (buf, pos) => {
          const [i, next] = index(buf, pos);
          return branches[i]!(buf, next);
        };
      }
      // A logical type wraps its underlying type; without logicalTypes avsc never builds one.
      throw new Error(`guard: unsupported Avro type ${name}`);
    }
  }
}
