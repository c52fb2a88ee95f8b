/**
 * Hot-swap memory benchmark (a script, not a test): RSS of one process over many
 * champion swaps between two model versions, the way a scorer swaps (board.apply of a
 * registry state, then a scored batch under a lease). Two modes, each in its own process:
 *   reuse     MODEL_CACHE_SIZE 2 (the default): sessions are kept by version and reused;
 *   recreate  MODEL_CACHE_SIZE 0: every swap creates a session and releases the old one,
 *             the pattern of onnxruntime issue 25325.
 *
 *   npx tsx services/scorer/bench/swap.ts [--swaps 60] [--rows 500]
 */
import { execFileSync } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createLogger } from "@fraud/platform";
import { resolveThresholds } from "../src/decide/index.js";
import { FEATURE_SET } from "../src/features/index.js";
import { createModelBoard } from "../src/score/board.js";
import { loadOnnxModel } from "../src/score/index.js";
import { emptyState, promote, type RegistryState, register } from "../src/score/registry/state.js";

const DEFAULT_MODEL = fileURLToPath(new URL("../models/default/", import.meta.url));
const { values } = parseArgs({
  options: {
    swaps: { type: "string", default: "60" },
    rows: { type: "string", default: "500" },
    mode: { type: "string" },
  },
});
const swaps = Number(values.swaps);
const rows = Number(values.rows);
const rssMiB = () => process.memoryUsage().rss / 2 ** 20;

async function measure(cacheSize: number): Promise<Record<string, number>> {
  const registryDir = await mkdtemp(join(tmpdir(), "fraud-swap-bench-"));
  try {
    const card = JSON.parse(await readFile(join(DEFAULT_MODEL, "model-card.json"), "utf8"));
    const versions = [`${card.model_version}-a`, `${card.model_version}-b`];
    let state: RegistryState = emptyState("bench");
    const who = { by: "bench", why: "swap benchmark", at: 0 };
    for (const v of versions) {
      await cp(DEFAULT_MODEL, join(registryDir, v), { recursive: true });
      await writeFile(join(registryDir, v, "model-card.json"), JSON.stringify({ ...card, model_version: v }));
      state = register(state, { version: v, dir: v, card: {} as never }, who);
    }
    const load = (dir: string) => loadOnnxModel({ dir, featureSet: FEATURE_SET, threads: 1 });
    const board = await createModelBoard({
      baseline: { model: await load(DEFAULT_MODEL), dir: DEFAULT_MODEL },
      registryDir,
      load,
      thresholdsOf: (m) => resolveThresholds(m.thresholds, {}),
      cacheSize,
      drift: { size: 20_000, chunks: 10, isDefault: (x) => x < 0 },
      memory: undefined,
      logger: createLogger({ level: "warn", service: "swap-bench" }),
    });
    const width = FEATURE_SET.names.length;
    const matrix = new Float32Array(rows * width).map((_, i) => (i * 7919) % 1000);
    const figures: Record<string, number> = { start: rssMiB() };
    const t0 = performance.now();
    for (let i = 1; i <= swaps; i++) {
      state = promote(state, versions[i % 2] as string, "champion", who);
      await board.apply(state);
      const lease = board.lease();
      await lease.champion.model.predict(matrix, rows);
      lease.release();
      if (i === 10) figures.after10 = rssMiB();
    }
    figures.msPerSwap = (performance.now() - t0) / swaps;
    figures.end = rssMiB();
    figures.loaded = board.versions().length;
    await board.close();
    return figures;
  } finally {
    await rm(registryDir, { recursive: true, force: true });
  }
}

if (values.mode) {
  const figures = await measure(values.mode === "reuse" ? 2 : 0);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} else {
  const self = fileURLToPath(import.meta.url);
  process.stdout.write(`swaps ${swaps}, ${rows} rows scored after each; RSS in MiB\n`);
  process.stdout.write("mode      start  after 10  after all  growth 10→all  ms/swap  sessions at end\n");
  for (const mode of ["reuse", "recreate"]) {
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", self, "--mode", mode, "--swaps", String(swaps), "--rows", String(rows)],
      { encoding: "utf8" },
    );
    const f = JSON.parse(out.trim().split("\n").at(-1) as string) as Record<string, number>;
    const n = (x: number | undefined, d = 1) => (x ?? Number.NaN).toFixed(d).padStart(9);
    process.stdout.write(
      `${mode.padEnd(9)}${n(f.start)}${n(f.after10)}${n(f.end)}${n((f.end ?? 0) - (f.after10 ?? 0))}${n(f.msPerSwap)}${n(f.loaded, 0)}\n`,
    );
  }
}
