import { describe, expect, it } from "vitest";
import { decide, resolveThresholds } from "../../src/decide/decide.js";
import { explainByOcclusion } from "../../src/decide/explain.js";

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
