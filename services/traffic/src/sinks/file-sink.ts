import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createRecordWriter, type Label, type Transaction } from "@fraud/contracts";
import type { Timed } from "../chargebacks/interleave.js";
import { createTruthWriter } from "./truth-file.js";

export interface SimulationFiles {
  transactions: string;
  labels: string;
  truth: string;
}

export function simulationFiles(dir: string, format: "csv" | "jsonl"): SimulationFiles {
  return {
    transactions: join(dir, `transactions.${format}`),
    labels: join(dir, `labels.${format}`),
    truth: join(dir, `truth.${format}`),
  };
}

export interface TimedSink {
  write(item: Timed): void | Promise<void>;
  close(): Promise<void>;
}

/** Canonical transaction and label files, plus the separate truth file. */
export function createFileSink(dir: string, format: "csv" | "jsonl"): TimedSink & { files: SimulationFiles } {
  mkdirSync(dir, { recursive: true });
  const files = simulationFiles(dir, format);
  const tx = createRecordWriter(files.transactions, "transaction");
  const labels = createRecordWriter(files.labels, "label");
  const truth = createTruthWriter(files.truth);
  return {
    files,
    write(item) {
      if (item.kind === "label") return labels.write(item.event.label as Label);
      const a = tx.write(item.event.tx as Transaction);
      const b = truth.write(item.event.truth);
      if (a || b) return Promise.all([a, b]).then(() => undefined);
    },
    async close() {
      await Promise.all([tx.close(), labels.close(), truth.close()]);
    },
  };
}
