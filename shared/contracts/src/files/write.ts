/**
 * Streams records into a canonical CSV (with header) or JSONL file. Rows are joined
 * into ~256 KiB chunks before they reach the stream, which is what makes millions of
 * rows cheap; write() returns a promise only when the stream asks us to wait (await it
 * to keep memory bounded). Any stream error surfaces as FILE_IO on the next call.
 */

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { FraudError } from "@fraud/platform";
import type { RecordKind, RecordOf } from "../types.js";
import { columnsOf, toCell, toJson } from "./columns.js";
import { formatCsvRow } from "./csv.js";
import { formatOf } from "./read.js";

export interface RecordWriter<T> {
  write(record: T): void | Promise<void>;
  close(): Promise<void>;
}

const CHUNK_CHARS = 256 * 1024;

export function createRecordWriter<K extends RecordKind>(path: string, kind: K): RecordWriter<RecordOf[K]> {
  const format = formatOf(path);
  const cols = columnsOf(kind);
  const stream = createWriteStream(path, { encoding: "utf8" });
  let failure: unknown;
  let closed = false;
  stream.on("error", (err) => {
    failure ??= err;
  });

  const cells = new Array<string>(cols.length);
  const toLine =
    format === "csv"
      ? (record: Record<string, unknown>) => {
          for (let i = 0; i < cols.length; i++) cells[i] = toCell(cols[i]!, record[cols[i]!.name]);
          return formatCsvRow(cells);
        }
      : (record: Record<string, unknown>) => {
          const obj: Record<string, unknown> = {};
          for (const col of cols) obj[col.name] = toJson(col, record[col.name]);
          return JSON.stringify(obj);
        };

  let chunk = format === "csv" ? `${formatCsvRow(cols.map((c) => c.name))}\n` : "";

  function check(): void {
    if (failure !== undefined) {
      throw new FraudError("FILE_IO", `cannot write ${path}`, { cause: failure, details: { path } });
    }
    if (closed) throw new FraudError("FILE_IO", `${path} is already closed`, { details: { path } });
  }

  function flush(): boolean {
    const ok = stream.write(chunk);
    chunk = "";
    return ok;
  }

  return {
    write(record) {
      check();
      chunk += `${toLine(record as unknown as Record<string, unknown>)}\n`;
      if (chunk.length < CHUNK_CHARS || flush()) return;
      return once(stream, "drain").then(
        () => undefined,
        (cause) => {
          failure ??= cause;
          check();
        },
      );
    },
    async close() {
      check();
      closed = true;
      if (chunk) flush();
      stream.end();
      try {
        await once(stream, "finish");
      } catch (cause) {
        failure ??= cause;
      }
      if (failure !== undefined) {
        throw new FraudError("FILE_IO", `cannot write ${path}`, { cause: failure, details: { path } });
      }
    },
  };
}
