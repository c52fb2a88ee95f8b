/**
 * Streams records out of a canonical CSV or JSONL file (picked by extension).
 * Line numbers are physical, 1-based, and the CSV header is line 1. A bad line is
 * FILE_PARSE with details { path, line, field, reason }; with onError "skip" the
 * error still goes to onSkip, so nothing is dropped silently.
 * CSV columns may come in any order; a column may be absent only when its field
 * has a schema default (a v1 file read as v2).
 */
import { createReadStream } from "node:fs";
import { basename, extname } from "node:path";
import { createInterface } from "node:readline";
import { FraudError } from "@fraud/platform";
import type { RecordKind, RecordOf } from "../types.js";
import { CellError, type Column, columnsOf, fromCell, fromJson } from "./columns.js";
import { CsvSyntaxError, isCompleteRecord, parseCsvLine } from "./csv.js";

export type FileFormat = "csv" | "jsonl";

export interface ReadOptions {
  onError?: "stop" | "skip";
  onSkip?(err: FraudError): void;
}

export function formatOf(path: string): FileFormat {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".jsonl" || ext === ".ndjson") return "jsonl";
  throw new FraudError(
    "FILE_IO",
    `${basename(path)}: unknown extension ${ext || "(none)"}; use .csv, .jsonl or .ndjson`,
    {
      details: { path },
    },
  );
}

function parseError(path: string, line: number, field: string, reason: string, cause?: unknown): FraudError {
  return new FraudError("FILE_PARSE", `${basename(path)} line ${line}, field ${field}: ${reason}`, {
    cause,
    details: { path, line, field, reason },
  });
}

/** Physical lines with their 1-based numbers; read errors become FILE_IO. */
async function* lines(path: string): AsyncGenerator<[number, string]> {
  const input = createReadStream(path, { encoding: "utf8" });
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  try {
    for await (const text of rl) yield [++n, text];
  } catch (cause) {
    throw new FraudError("FILE_IO", `cannot read ${path}`, { cause, details: { path } });
  } finally {
    rl.close();
    input.destroy();
  }
}

type Parse<T> = (text: string) => T;

function csvHeader(path: string, header: string, cols: readonly Column[]): Parse<unknown> {
  const names = parseCsvLine(header.replace(/^\uFEFF/, ""));
  const index = cols.map((col) => {
    const i = names.indexOf(col.name);
    if (i < 0 && !col.hasDefault) throw parseError(path, 1, col.name, `column ${col.name} is missing from the header`);
    return i;
  });
  return (text) => {
    const cells = parseCsvLine(text);
    if (cells.length !== names.length) {
      throw new CellError("(row)", `has ${cells.length} cells, the header has ${names.length}`);
    }
    const record: Record<string, unknown> = {};
    for (let c = 0; c < cols.length; c++) {
      const col = cols[c]!;
      const i = index[c]!;
      record[col.name] = i < 0 ? col.defaultValue : fromCell(col, cells[i]!);
    }
    return record;
  };
}

function jsonLine(cols: readonly Column[]): Parse<unknown> {
  return (text) => {
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch {
      throw new CellError("(line)", "is not valid JSON");
    }
    if (typeof obj !== "object" || obj === null || Array.isArray(obj))
      throw new CellError("(line)", "is not a JSON object");
    const src = obj as Record<string, unknown>;
    const record: Record<string, unknown> = {};
    for (const col of cols) record[col.name] = fromJson(col, src[col.name]);
    return record;
  };
}

export async function* readRecords<K extends "transaction" | "label" | "decision" | "alert">(
  path: string,
  kind: K,
  options: ReadOptions = {},
): AsyncGenerator<{ line: number; record: RecordOf[K] }> {
  if (options.onError === "skip" && !options.onSkip) {
    throw new FraudError("CONFIG_INVALID", "readRecords: onError skip needs onSkip, so skipped lines are reported");
  }
  const format = formatOf(path);
  const cols = columnsOf(kind as RecordKind);
  let parse: Parse<unknown> | undefined = format === "jsonl" ? jsonLine(cols) : undefined;
  let pending = "";
  let startLine = 0;

  for await (const [n, text] of lines(path)) {
    if (parse === undefined) {
      try {
        parse = csvHeader(path, text, cols);
      } catch (err) {
        if (err instanceof CsvSyntaxError) throw parseError(path, 1, "(header)", err.message);
        throw err; // a missing column: no row can be read, so this stops even in skip mode
      }
      continue;
    }
    // A quoted CSV cell may hold a newline: gather physical lines until the quotes balance.
    if (format === "csv") {
      if (pending === "") startLine = n;
      pending = pending === "" ? text : `${pending}\n${text}`;
      if (!isCompleteRecord(pending)) continue;
    } else {
      pending = text;
      startLine = n;
    }
    const record = pending;
    pending = "";
    if (record.trim() === "") continue;
    try {
      yield { line: startLine, record: parse(record) as RecordOf[K] };
    } catch (err) {
      let fe: FraudError;
      if (err instanceof CellError) fe = parseError(path, startLine, err.field, err.reason);
      else if (err instanceof CsvSyntaxError) fe = parseError(path, startLine, "(row)", err.message);
      else throw err;
      if (options.onError !== "skip") throw fe;
      options.onSkip?.(fe);
    }
  }
  if (pending !== "") {
    const fe = parseError(path, startLine, "(row)", "unclosed quote runs to the end of the file");
    if (options.onError !== "skip") throw fe;
    options.onSkip?.(fe);
  }
  if (parse === undefined && format === "csv") {
    throw parseError(path, 1, "(header)", "the file is empty; expected a header line");
  }
}
