import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { CsvSyntaxError, formatOf, parseCsvLine } from "@fraud/contracts";
import { FraudError } from "@fraud/platform";
import type { Scenario, Truth } from "../simulate/model.js";

/**
 * The ground-truth file, kept apart from the labels a bank would see: one row per
 * transaction, `transaction_id,is_fraud,scenario` (CSV with header, or JSONL with the
 * same keys). is_fraud is `true`/`false`.
 */
export interface TruthWriter {
  write(t: Truth): void | Promise<void>;
  close(): Promise<void>;
}

const CHUNK = 256 * 1024;

export function createTruthWriter(path: string): TruthWriter {
  const format = formatOf(path);
  const stream = createWriteStream(path, { encoding: "utf8" });
  let failure: unknown;
  stream.on("error", (e) => {
    failure ??= e;
  });
  let chunk = format === "csv" ? "transaction_id,is_fraud,scenario\n" : "";
  const fail = () => new FraudError("FILE_IO", `cannot write ${path}`, { cause: failure, details: { path } });
  return {
    write(t) {
      if (failure !== undefined) throw fail();
      // Ids and scenario names never hold commas or quotes, so CSV needs no quoting here.
      chunk += format === "csv" ? `${t.transaction_id},${t.is_fraud},${t.scenario}\n` : `${JSON.stringify(t)}\n`;
      if (chunk.length < CHUNK) return;
      const ok = stream.write(chunk);
      chunk = "";
      if (!ok) return once(stream, "drain").then(() => undefined);
    },
    async close() {
      if (chunk) stream.write(chunk);
      stream.end();
      await once(stream, "finish").catch((e) => {
        failure ??= e;
      });
      if (failure !== undefined) throw fail();
    },
  };
}

/**
 * transaction_id → truth. A malformed line is FILE_PARSE with its line number. CSV columns
 * are found by their header names (transaction_id and is_fraud required, scenario optional,
 * any order, extra columns ignored), as training reads the same file.
 */
export async function readTruth(path: string): Promise<Map<string, Truth>> {
  const format = formatOf(path);
  const out = new Map<string, Truth>();
  const rl = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let n = 0;
  const bad = (field: string, reason: string) =>
    new FraudError("FILE_PARSE", `${path} line ${n}, field ${field}: ${reason}`, {
      details: { path, line: n, field, reason },
    });
  let columns: { id: number; fraud: number; scenario: number } | undefined;
  const cells = (text: string): string[] => {
    try {
      return parseCsvLine(text);
    } catch (e) {
      if (e instanceof CsvSyntaxError) throw bad("(line)", e.message);
      throw e;
    }
  };
  try {
    for await (const text of rl) {
      n++;
      if (text.trim() === "") continue;
      let row: { transaction_id?: unknown; is_fraud?: unknown; scenario?: unknown };
      if (format === "csv") {
        if (columns === undefined) {
          const header = cells(text).map((h) => h.trim());
          columns = {
            id: header.indexOf("transaction_id"),
            fraud: header.indexOf("is_fraud"),
            scenario: header.indexOf("scenario"),
          };
          if (columns.id < 0 || columns.fraud < 0) {
            throw bad("(header)", `needs columns transaction_id and is_fraud, got ${header.join(",")}`);
          }
          continue;
        }
        const c = cells(text);
        const is_fraud = c[columns.fraud];
        row = {
          transaction_id: c[columns.id],
          is_fraud: is_fraud === "true" ? true : is_fraud === "false" ? false : is_fraud,
          scenario: columns.scenario >= 0 && c[columns.scenario] !== "" ? c[columns.scenario] : undefined,
        };
      } else {
        try {
          row = JSON.parse(text);
        } catch {
          throw bad("(line)", "is not valid JSON");
        }
      }
      if (typeof row.transaction_id !== "string" || row.transaction_id === "") throw bad("transaction_id", "missing");
      if (typeof row.is_fraud !== "boolean") throw bad("is_fraud", "must be true or false");
      const scenario = String(row.scenario ?? (row.is_fraud ? "unknown" : "genuine"));
      out.set(row.transaction_id, {
        transaction_id: row.transaction_id,
        is_fraud: row.is_fraud,
        // Kept as written: truth from another generator may name other scenarios.
        scenario: scenario as Scenario,
      });
    }
  } finally {
    rl.close();
  }
  return out;
}
