import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { formatOf } from "@fraud/contracts";
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

/** transaction_id → truth. A malformed line is FILE_PARSE with its line number. */
export async function readTruth(path: string): Promise<Map<string, Truth>> {
  const format = formatOf(path);
  const out = new Map<string, Truth>();
  const rl = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let n = 0;
  const bad = (field: string, reason: string) =>
    new FraudError("FILE_PARSE", `${path} line ${n}, field ${field}: ${reason}`, {
      details: { path, line: n, field, reason },
    });
  try {
    for await (const text of rl) {
      n++;
      if (text.trim() === "" || (format === "csv" && n === 1)) continue;
      let row: { transaction_id?: unknown; is_fraud?: unknown; scenario?: unknown };
      if (format === "csv") {
        const [transaction_id, is_fraud, scenario] = text.split(",");
        row = {
          transaction_id,
          is_fraud: is_fraud === "true" ? true : is_fraud === "false" ? false : is_fraud,
          scenario,
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
