import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parseCsvLine } from "@fraud/contracts";

/**
 * Reads the extractor's features.csv:
 *   transaction_id,event_time,card_token,terminal_id,<feature names in model order>
 * Values were written with String(number), which round-trips a double exactly, so
 * Number() gives back the very value the Lua scripts produced.
 */
const ID_COLUMNS = 4;

export interface OfflineFeatures {
  names: string[];
  rows: Map<string, number[]>;
}

export async function readOfflineFeatures(path: string): Promise<OfflineFeatures> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  let names: string[] | undefined;
  const rows = new Map<string, number[]>();
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line === "") continue;
    const cells = parseCsvLine(line);
    if (names === undefined) {
      if (cells[0] !== "transaction_id") throw new Error(`${path}: not a features.csv (header starts ${cells[0]})`);
      names = cells.slice(ID_COLUMNS);
      continue;
    }
    if (cells.length !== ID_COLUMNS + names.length) {
      throw new Error(`${path}:${lineNo}: ${cells.length} cells, expected ${ID_COLUMNS + names.length}`);
    }
    rows.set(cells[0]!, cells.slice(ID_COLUMNS).map(Number));
  }
  if (names === undefined) throw new Error(`${path}: empty file`);
  return { names, rows };
}
