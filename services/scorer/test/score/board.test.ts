import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@fraud/platform";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createModelBoard } from "../../src/score/board.js";
import type { Model } from "../../src/score/model.js";
import { emptyState, promote, type RegistryState, register } from "../../src/score/registry/state.js";

// The board's bookkeeping with fake models (pure logic): which sessions are loaded,
// reused, pinned by a batch across a swap, and closed.
let dir: string;
const opened: string[] = [];
const closed: string[] = [];

function fake(version: string): Model {
  opened.push(version);
  return {
    version,
    featureSetVersion: "fs",
    features: ["x"],
    thresholds: { review: 0.5, decline: 0.9 },
    referenceValues: { x: 0 },
    predict: async (_rows, n) => new Float32Array(n),
    close: async () => void closed.push(version),
  };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "board-test-"));
  opened.length = 0;
  closed.length = 0;
  for (const v of ["base", "a", "b", "c"]) {
    await mkdir(join(dir, v));
    await writeFile(join(dir, v, "model-card.json"), JSON.stringify({ model_version: v }));
  }
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function board(cacheSize: number, memory?: (ids: readonly string[], v: string) => string[]) {
  return createModelBoard({
    baseline: { model: fake("base"), dir: join(dir, "base") },
    registryDir: dir,
    load: async (d) => fake(d.split("/").at(-1) as string),
    thresholdsOf: (m) => m.thresholds,
    cacheSize,
    drift: { size: 100, chunks: 10, isDefault: () => false },
    memory: memory ? { claim: async (ids, v) => memory(ids, v) } : undefined,
    logger: createLogger({ level: "fatal", service: "test" }),
  });
}

const who = { by: "t", why: "t", at: 0 };
function state(champion: string, shadow?: string): RegistryState {
  let s = ["a", "b", "c"].reduce(
    (x, v) => register(x, { version: v, dir: v, card: {} as never }, who),
    emptyState("d"),
  );
  s = promote(s, champion, "champion", who);
  return shadow ? promote(s, shadow, "shadow", who) : s;
}

describe("model board", () => {
  it("swaps between batches: a lease keeps its models while the next lease gets the new ones", async () => {
    const b = await board(0);
    await b.apply(state("a"));
    const first = b.lease();
    await b.apply(state("b", "c"));
    const second = b.lease();
    expect([first.champion.version, first.shadow?.version]).toEqual(["a", undefined]);
    expect([second.champion.version, second.shadow?.version]).toEqual(["b", "c"]);
    expect(closed).toEqual([]); // a is still in use by the first batch
    first.release();
    expect(closed).toEqual(["a"]);
    second.release();
  });

  it("reuses sessions by version when swapping back and forth (no new session per swap)", async () => {
    const b = await board(2);
    for (let i = 0; i < 20; i++) await b.apply(state(i % 2 ? "a" : "b"));
    expect(opened.sort()).toEqual(["a", "b", "base"]);
    expect(closed).toEqual([]);
  });

  it("scores a transaction seen before with the version that decided it", async () => {
    const b = await board(2, (ids, v) => ids.map((id) => (id.startsWith("old") ? "a" : v)));
    await b.apply(state("a"));
    await b.apply(state("b"));
    const lease = b.lease();
    const groups = await b.assign(lease, ["new1", "old1", "new2"]);
    expect(groups.map((g) => [g.loaded.version, g.indices])).toEqual([
      ["b", [0, 2]],
      ["a", [1]],
    ]);
    lease.release();
    expect((await b.assign(b.lease(), [])).map((g) => g.indices)).toEqual([[]]);
  });
});
