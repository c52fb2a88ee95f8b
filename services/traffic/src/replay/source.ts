import { open } from "node:fs/promises";
import { formatOf, type Label, readRecords, type Transaction } from "@fraud/contracts";
import type { FraudError } from "@fraud/platform";
import type { Numbered } from "./merge.js";

export interface SourceOptions {
  onError: "stop" | "skip";
  /** Called for every skipped line, with the file, line number and field in the error's details. */
  onSkip: (err: FraudError) => void;
}

export function transactionsFrom(path: string, o: SourceOptions): AsyncIterable<Numbered<Transaction>> {
  return readRecords(path, "transaction", o);
}

export function labelsFrom(path: string, o: SourceOptions): AsyncIterable<Numbered<Label>> {
  return readRecords(path, "label", o);
}

/** Data lines in a file (CSV header excluded), for the progress bar's total. Counts newlines in 1 MiB reads. */
export async function countRecords(path: string): Promise<number> {
  const fh = await open(path, "r");
  const buf = Buffer.alloc(1 << 20);
  let lines = 0;
  let lastByte = 10;
  try {
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      for (let i = 0; i < bytesRead; i++) if (buf[i] === 10) lines++;
      lastByte = buf[bytesRead - 1]!;
    }
  } finally {
    await fh.close();
  }
  if (lastByte !== 10) lines++;
  return formatOf(path) === "csv" ? Math.max(0, lines - 1) : lines;
}
