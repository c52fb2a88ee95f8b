/**
 * What exact reasons cost: TreeSHAP per flagged row and per batch, with the shipped model's
 * shape (300 trees, 31 leaves, the scorer's 30 features), against the batch's ONNX inference
 * and the occlusion explainer it replaces. No Kafka or Redis: a standalone CPU measurement.
 *
 *   npx tsx services/scorer/bench/explain.ts [--trees 300] [--leaves 31] [--batch 500] [--cpu-ms-per-event 0.079]
 *                                            [--model-dir DIR]   (a model with trees_file: no training)
 *
 * The model is trained on synthetic data by test/scorer/treeshap_fixture.py (training/.venv);
 * rows are that script's reference rows (half synthetic, half on split thresholds).
 * --cpu-ms-per-event is the scorer's measured CPU per event (README "Performance", bench/run.ts),
 * used to turn the per-row cost into a throughput effect at alert rates of 1 % and 1.5 %.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { decideBatch } from "../src/decide/index.js";
import { createTreeShap } from "../src/decide/treeshap.js";
import { FEATURE_SET } from "../src/features/index.js";
import { loadOnnxModel, type Model, type TreeEnsemble } from "../src/score/index.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const run = promisify(execFile);

function flag(name: string, fallback: number, min: number, max: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i < 0 ? fallback : Number(process.argv[i + 1]);
  if (!(v >= min && v <= max)) throw new Error(`--${name} must be in ${min}..${max}`);
  return v;
}

const trees = flag("trees", 300, 1, 2000);
const leaves = flag("leaves", 31, 2, 255);
const batch = flag("batch", 500, 10, 10_000);
const cpuMsPerEvent = flag("cpu-ms-per-event", 0.079, 0.001, 100);

async function python(args: string[]): Promise<void> {
  await run(join(ROOT, "training/.venv/bin/python"), [join(ROOT, "test/scorer/treeshap_fixture.py"), ...args], {
    env: { ...process.env, PYTHONPATH: join(ROOT, "training") },
    maxBuffer: 1 << 26,
  });
}

/**
 * Median over `repeat` runs of fn, in ms of this process's CPU time (user + system): on a
 * shared, loaded machine wall time mostly measures the other processes.
 */
async function time(repeat: number, fn: () => unknown): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const before = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(before);
    ms.push((used.user + used.system) / 1000);
  }
  return ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)] as number;
}

/** The smallest score of the batch strictly above `cut`, so that ties at `cut` are not flagged. */
function nextAbove(cut: number, descending: Float32Array): number {
  let best = Number.POSITIVE_INFINITY;
  for (const v of descending) if (v > cut && v < best) best = v;
  return best;
}

const work = await mkdtemp(join(tmpdir(), "fraud-bench-explain-"));
const given = process.argv.indexOf("--model-dir");
const dir = given < 0 ? work : (process.argv[given + 1] as string);
try {
  if (given < 0) {
    const names = FEATURE_SET.names.join(",");
    process.stdout.write(`training a ${trees}-tree, ${leaves}-leaf model on synthetic data...\n`);
    const shape = ["--trees", String(trees), "--leaves", String(leaves), "--rows", "60000"];
    await python(["train", "--out", dir, "--features", names, "--feature-set-version", FEATURE_SET.version, ...shape]);
  }
  const refFile = join(work, "ref.json");
  await python(["reference", "--model-dir", dir, "--rows", String(Math.max(2000, batch)), "--out", refFile]);
  const ref = JSON.parse(await readFile(refFile, "utf8")) as { rows: (number | null)[][] };
  const model = await loadOnnxModel({ dir, featureSet: FEATURE_SET });
  const e = model.trees as TreeEnsemble;
  const width = model.features.length;
  const rows = ref.rows.map((r) => Float32Array.from(r, (v) => (v === null ? 0 : v)));

  const shap = createTreeShap(e);
  const phi = new Float64Array(width);
  for (const r of rows) shap.explain(r, phi); // warm-up (JIT)
  const perRowMs =
    (await time(7, () => {
      for (const r of rows) shap.explain(r, phi);
    })) / rows.length;

  const matrix = new Float32Array(batch * width);
  for (let i = 0; i < batch; i++) matrix.set(rows[i % rows.length] as Float32Array, i * width);
  const onnxMs = await time(15, () => model.predict(matrix, batch));
  const scores = await model.predict(matrix, batch);
  const noTrees: Model = { ...model, trees: undefined } as Model;

  process.stdout.write(
    [
      `model: ${e.trees} trees, ${e.leafValue.length} leaves, max depth ${e.maxDepth}, ${width} features`,
      `TreeSHAP per flagged row: ${(perRowMs * 1000).toFixed(1)} µs CPU (median of 7 passes over ${rows.length} rows)`,
      `ONNX inference, batch of ${batch}: ${onnxMs.toFixed(2)} ms CPU (${((onnxMs * 1000) / batch).toFixed(1)} µs/row)`,
      "",
      "| alert rate | flagged/batch | decide+TreeSHAP CPU ms/batch | decide+occlusion CPU ms/batch | TreeSHAP CPU per scored event | vs scorer CPU/event |",
      "| --- | --- | --- | --- | --- | --- |",
    ].join("\n") + "\n",
  );
  for (const rate of [0.01, 0.015, 0.05]) {
    // The lowest threshold that flags at most `rate` of this batch (equal scores go together).
    const sorted = Float32Array.from(scores).sort().reverse();
    const want = Math.max(1, Math.round(batch * rate));
    let cut = sorted[want - 1] as number;
    if ((sorted[want] as number) === cut) cut = nextAbove(cut, sorted);
    const thresholds = { review: cut, decline: 1 };
    const flagged = scores.filter((s) => s >= cut).length;
    const treeMs = await time(15, () => decideBatch(model, thresholds, matrix, scores, 3));
    const occMs = await time(15, () => decideBatch(noTrees, thresholds, matrix, scores, 3));
    const perEventUs = rate * perRowMs * 1000;
    process.stdout.write(
      `| ${(rate * 100).toFixed(1)} % | ${flagged} | ${treeMs.toFixed(2)} | ${occMs.toFixed(2)} | ${perEventUs.toFixed(2)} µs | ${((perEventUs / (cpuMsPerEvent * 1000)) * 100).toFixed(1)} % |\n`,
    );
  }
  await model.close();
} finally {
  await rm(work, { recursive: true, force: true });
}
