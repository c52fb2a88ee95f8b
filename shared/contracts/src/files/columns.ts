/**
 * The canonical file form of each record kind: one column per field of the latest
 * schema, in schema order, so CSV/JSONL files, replay and Python training agree.
 * Cells: timestamps as ISO-8601 UTC with millis (integer epoch millis also read);
 * null as an empty CSV cell or JSON null; maps and arrays as JSON in a CSV cell.
 */
import { FraudError } from "@fraud/platform";
import { loadCatalogue } from "../schemas.js";
import { type RecordKind, SUBJECTS } from "../types.js";
import { looksLikePan } from "../validate.js";

export type CellKind = "string" | "nullable" | "long" | "timestamp" | "double" | "boolean" | "json" | "nullableJson";

export interface Column {
  readonly name: string;
  readonly kind: CellKind;
  /** A column with a schema default may be absent from older files. */
  readonly hasDefault: boolean;
  readonly defaultValue: unknown;
}

/** Why a cell was refused; the reader turns it into FILE_PARSE with path and line. */
export class CellError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`field ${field}: ${reason}`);
  }
}

interface FieldSchema {
  name: string;
  type: unknown;
  default?: unknown;
}

function cellKind(type: unknown): CellKind {
  if (typeof type === "string") {
    if (type === "long" || type === "int") return "long";
    if (type === "double" || type === "float") return "double";
    if (type === "boolean") return "boolean";
    return "string";
  }
  // Our unions are ["null", "string"] and ["null", a record] (decision v2's shadow).
  if (Array.isArray(type)) return type.some((b) => typeof b === "object") ? "nullableJson" : "nullable";
  const t = type as { type: string; logicalType?: string };
  if (t.logicalType === "timestamp-millis") return "timestamp";
  if (t.type === "map" || t.type === "array" || t.type === "record") return "json";
  return cellKind(t.type);
}

const cache = new Map<RecordKind, readonly Column[]>();

export function columnsOf(kind: RecordKind): readonly Column[] {
  let cols = cache.get(kind);
  if (!cols) {
    const sv = loadCatalogue().get(SUBJECTS[kind]);
    const fields = (JSON.parse(sv.text) as { fields: FieldSchema[] }).fields;
    cols = Object.freeze(
      fields.map((f) =>
        Object.freeze({ name: f.name, kind: cellKind(f.type), hasDefault: "default" in f, defaultValue: f.default }),
      ),
    );
    cache.set(kind, cols);
  }
  return cols;
}

/** A value quoted in an error message; never a PAN, never a whole line. */
export function echo(value: string): string {
  if (looksLikePan(value) || /\d{13,}/.test(value)) return "(redacted digits)";
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const INTEGER = /^-?\d+$/;

export function parseTimestamp(field: string, cell: string): number {
  if (INTEGER.test(cell)) {
    const n = Number(cell);
    if (Number.isSafeInteger(n)) return n;
  } else if (ISO_MILLIS.test(cell)) {
    const n = Date.parse(cell);
    if (!Number.isNaN(n)) return n;
  }
  throw new CellError(field, `${echo(cell)} is not an ISO-8601 UTC time or epoch millis`);
}

export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) {
    // toISOString would throw a bare RangeError; name the problem instead (the value is a number, never a PAN).
    throw new FraudError("ENCODE_INVALID", `timestamp ${String(ms)} is not a valid epoch-millis time`, {
      details: { value: String(ms) },
    });
  }
  return d.toISOString();
}

/** Text cell → typed value. */
export function fromCell(col: Column, cell: string): unknown {
  switch (col.kind) {
    case "string":
      return cell;
    case "nullable":
      return cell === "" ? null : cell;
    case "timestamp":
      return parseTimestamp(col.name, cell);
    case "long": {
      const n = INTEGER.test(cell) ? Number(cell) : Number.NaN;
      if (!Number.isSafeInteger(n)) throw new CellError(col.name, `${echo(cell)} is not an integer`);
      return n;
    }
    case "double": {
      const n = cell.trim() === "" ? Number.NaN : Number(cell);
      if (!Number.isFinite(n)) throw new CellError(col.name, `${echo(cell)} is not a number`);
      return n;
    }
    case "boolean":
      if (cell === "true") return true;
      if (cell === "false") return false;
      throw new CellError(col.name, `${echo(cell)} is not true or false`);
    case "json":
    case "nullableJson":
      if (col.kind === "nullableJson" && cell === "") return null;
      try {
        return JSON.parse(cell);
      } catch {
        throw new CellError(col.name, `${echo(cell)} is not JSON`);
      }
  }
}

/** Typed value → text cell. */
export function toCell(col: Column, value: unknown): string {
  if (value === undefined && col.hasDefault && col.defaultValue !== null) return toCell(col, col.defaultValue);
  if (value === null || value === undefined) return "";
  switch (col.kind) {
    case "timestamp":
      return formatTimestamp(value as number);
    case "json":
    case "nullableJson":
      return JSON.stringify(value);
    default:
      return String(value);
  }
}

/** JSON value (from a JSONL line) → typed value; strictly the JSON type, or the CSV text form. */
export function fromJson(col: Column, value: unknown): unknown {
  if (value === undefined) {
    if (col.hasDefault) return col.defaultValue;
    throw new CellError(col.name, "is missing");
  }
  if (value === null) {
    if (col.kind === "nullable" || col.kind === "nullableJson") return null;
    throw new CellError(col.name, "is null");
  }
  switch (col.kind) {
    case "string":
    case "nullable":
      if (typeof value !== "string") throw new CellError(col.name, `${echo(JSON.stringify(value))} is not a string`);
      return value;
    case "timestamp":
      if (typeof value === "number" && Number.isSafeInteger(value)) return value;
      if (typeof value === "string") return parseTimestamp(col.name, value);
      throw new CellError(col.name, `${echo(JSON.stringify(value))} is not a timestamp`);
    case "long":
      if (!Number.isSafeInteger(value))
        throw new CellError(col.name, `${echo(JSON.stringify(value))} is not an integer`);
      return value;
    case "double":
      if (typeof value !== "number") throw new CellError(col.name, `${echo(JSON.stringify(value))} is not a number`);
      return value;
    case "boolean":
      if (typeof value !== "boolean")
        throw new CellError(col.name, `${echo(JSON.stringify(value))} is not true or false`);
      return value;
    case "json":
    case "nullableJson":
      if (typeof value !== "object")
        throw new CellError(col.name, `${echo(JSON.stringify(value))} is not an object or array`);
      return value;
  }
}

/** Typed value → JSON value. */
export function toJson(col: Column, value: unknown): unknown {
  if (value === undefined) return col.hasDefault ? col.defaultValue : null;
  return col.kind === "timestamp" && typeof value === "number" ? formatTimestamp(value) : value;
}
