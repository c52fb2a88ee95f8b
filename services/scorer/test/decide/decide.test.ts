import { describe, expect, it } from "vitest";
import { decide, resolveThresholds } from "../../src/decide/decide.js";
import { decideBatch } from "../../src/decide/decide-batch.js";
import { explainByOcclusion } from "../../src/decide/explain.js";
import { parseLightGbmText } from "../../src/score/trees.js";

describe("decide", () => {
  it("applies thresholds inclusively", () => {
    const t = { review: 0.5, decline: 0.9 };
    expect([0.49, 0.5, 0.89, 0.9, 1].map((s) => decide(s, t))).toEqual([
      "approve",
      "review",
      "review",
      "decline",
      "decline",
    ]);
  });

  it("lets config override the card, and refuses an inverted pair", () => {
    expect(resolveThresholds({ review: 0.5, decline: 0.9 }, { review: 0.3, decline: undefined })).toEqual({
      review: 0.3,
      decline: 0.9,
    });
    expect(() => resolveThresholds({ review: 0.5, decline: 0.9 }, { review: 0.95 })).toThrow(
      /REVIEW_THRESHOLD <= DECLINE_THRESHOLD/,
    );
  });
});

describe("explainByOcclusion", () => {
  // A linear "model": score = 0.1*a + 0.5*b + 0*c, so resetting a feature to its reference
  // lowers the score by weight * (value - reference).
  const weights = [0.1, 0.5, 0];
  const model = {
    predict: async (rows: Float32Array, n: number) => {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = weights.reduce((s, w, j) => s + w * (rows[i * 3 + j] as number), 0);
      return out;
    },
  };

  it("ranks features by how much resetting them lowers the score, positive contributions only", async () => {
    const row = Float32Array.from([2, 1, 7]);
    const score = (await model.predict(row, 1))[0] as number; // 0.7, as the model computes it
    const [reasons] = await explainByOcclusion(model, ["a", "b", "c"], { a: 0, b: 2, c: 0 }, [{ row, score }], 3);
    // a: 0.7 - 0.5 = 0.2; b: 0.7 - 1.2 = -0.5 (pushed the score down: not a reason); c: 0
    expect(reasons?.map((r) => r.feature)).toEqual(["a"]);
    expect(reasons?.[0]?.contribution).toBeCloseTo(0.2, 6);
    expect(reasons?.[0]).toMatchObject({ value: 2, reference: 0 });
  });

  it("keeps the top K and makes one inference call for all flagged rows", async () => {
    let calls = 0;
    const counting = {
      predict: (r: Float32Array, n: number) => {
        calls++;
        return model.predict(r, n);
      },
    };
    const rows = [Float32Array.from([5, 4, 0]), Float32Array.from([1, 9, 0])];
    const out = await explainByOcclusion(
      counting,
      ["a", "b", "c"],
      { a: 0, b: 0, c: 0 },
      rows.map((row) => ({ row, score: 0.1 * (row[0] as number) + 0.5 * (row[1] as number) })),
      1,
    );
    expect(calls).toBe(1);
    expect(out.map((r) => r.map((x) => x.feature))).toEqual([["b"], ["b"]]);
  });
});

describe("decideBatch", () => {
  // One tree on feature a: a <= 0.5 → -2 (cover 30), else 2 (cover 10); E = -1.
  const text = [
    "tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nmax_feature_idx=1\nobjective=binary sigmoid:1",
    "Tree=0\nnum_leaves=2\nnum_cat=0\nsplit_feature=0\nthreshold=0.5\ndecision_type=2\nleft_child=-1\nright_child=-2\nleaf_value=-2 2\nleaf_count=30 10\ninternal_count=40\nis_linear=0",
    "end of trees",
  ].join("\n\n");
  const base = {
    version: "m",
    featureSetVersion: "fs",
    features: ["a", "b"],
    thresholds: { review: 0.5, decline: 0.9 },
    referenceValues: { a: 0, b: 0 },
    predict: async (rows: Float32Array, n: number) =>
      Float32Array.from({ length: n }, (_, i) => 1 / (1 + Math.exp((rows[i * 2] as number) > 0.5 ? -2 : 2))),
    close: async () => {},
  };

  it("explains flagged rows by TreeSHAP when the model ships its trees, in log-odds, with the base value", async () => {
    const model = { ...base, trees: parseLightGbmText(text, "one-tree", 2) };
    const matrix = Float32Array.from([1, 7, 0, 7]);
    const scores = await model.predict(matrix, 2);
    const [flagged, approved] = await decideBatch(model, model.thresholds, matrix, scores, 3, [
      [1, 7],
      [0, 7],
    ]);
    expect(flagged?.verdict).toBe("review");
    expect(flagged?.explanation).toEqual({ method: "treeshap", expectedValue: -1 });
    // phi_a = 2 - (-1) = 3; b is never split on: no reason.
    expect(flagged?.reasons).toEqual([{ feature: "a", value: 1, reference: 0, contribution: 3 }]);
    expect(approved).toMatchObject({ verdict: "approve", reasons: [] });
    expect(approved?.explanation).toBeUndefined();
  });

  it("falls back to occlusion for a model without trees", async () => {
    const matrix = Float32Array.from([1, 7]);
    const [j] = await decideBatch(base, base.thresholds, matrix, await base.predict(matrix, 1), 3);
    expect(j?.explanation).toEqual({ method: "occlusion", expectedValue: null });
    expect(j?.reasons.map((r) => r.feature)).toEqual(["a"]);
  });
});
