import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readRecords } from "@fraud/contracts";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_CHARGEBACKS } from "../../src/chargebacks/delay.js";
import { chargebackFor } from "../../src/chargebacks/feed.js";
import { interleaveLabels } from "../../src/chargebacks/interleave.js";
import { createRng } from "../../src/simulate/prng.js";
import { simulateDays } from "../../src/simulate/simulator.js";
import { createFileSink } from "../../src/sinks/file-sink.js";
import { pump } from "../../src/sinks/pump.js";
import { readTruth } from "../../src/sinks/truth-file.js";

const dir = mkdtempSync(join(tmpdir(), "traffic-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function simulateTo(out: string, format: "csv" | "jsonl") {
  const { events } = simulateDays({
    seed: 11,
    start: Date.UTC(2026, 0, 1),
    days: 5,
    population: { cards: 300, terminals: 80 },
    fraudRate: 0.02,
  });
  const all = [...events];
  const rng = createRng(11).fork("chargebacks");
  const items = [
    ...interleaveLabels(all, (e) => chargebackFor(e, { ...DEFAULT_CHARGEBACKS, unreportedShare: 0 }, rng)),
  ];
  const sink = createFileSink(out, format);
  await pump(items, [sink]);
  await sink.close();
  return { all, labels: items.flatMap((i) => (i.kind === "label" ? [i.event.label] : [])), files: sink.files };
}

describe.each(["csv", "jsonl"] as const)("simulator output as %s", { timeout: 30_000 }, (format) => {
  it("round-trips transactions, labels and truth exactly", async () => {
    const { all, labels, files } = await simulateTo(join(dir, format), format);
    const txs = [];
    for await (const r of readRecords(files.transactions, "transaction")) txs.push(r.record);
    expect(txs).toEqual(all.map((e) => e.tx));
    const back = [];
    for await (const r of readRecords(files.labels, "label")) back.push(r.record);
    expect(back).toEqual(labels);
    expect(labels.length).toBe(all.filter((e) => e.truth.is_fraud).length);
    const truth = await readTruth(files.truth);
    expect([...truth.values()]).toEqual(all.map((e) => e.truth));
  });

  it("is byte-identical for the same seed", async () => {
    const a = await simulateTo(join(dir, `${format}-a`), format);
    const b = await simulateTo(join(dir, `${format}-b`), format);
    for (const k of ["transactions", "labels", "truth"] as const) {
      // Buffer.equals: a deep toEqual over megabytes is needlessly slow.
      expect(readFileSync(a.files[k]).equals(readFileSync(b.files[k]))).toBe(true);
    }
  });
});
