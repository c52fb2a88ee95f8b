import { describe, expect, it } from "vitest";
import { createTreeShap } from "../../src/decide/treeshap.js";
import { parseLightGbmText, type TreeEnsemble } from "../../src/score/trees.js";

/**
 * Two hand-built trees in LightGBM's text format, values worked out by hand:
 *   tree 0: x0 <= 0.5 ? 1 (cover 30) : 3 (cover 10)                       E = 1.5
 *   tree 1: x0 <= 0 ? (x1 <= 1 ? 2 (20) : 4 (40)) : -1 (40)               E = 1.6
 * For x = (-1, 5): tree 0 gives 1, phi0 = 1 - 1.5 = -0.5.
 * Tree 1 gives 4; with v(S) the cover-weighted expectation given the features in S:
 *   v{} = 1.6, v{0} = (20*2 + 40*4)/60 = 10/3, v{1} = 0.6*4 + 0.4*-1 = 2, v{0,1} = 4
 *   phi0 = ((10/3 - 1.6) + (4 - 2)) / 2 = 28/15,  phi1 = ((2 - 1.6) + (4 - 10/3)) / 2 = 8/15
 */
export const TWO_TREES = `tree
version=v4
num_class=1
num_tree_per_iteration=1
label_index=0
max_feature_idx=2
objective=binary sigmoid:1

Tree=0
num_leaves=2
num_cat=0
split_feature=0
threshold=0.5
decision_type=2
left_child=-1
right_child=-2
leaf_value=1 3
leaf_count=30 10
internal_count=40
is_linear=0
shrinkage=1

Tree=1
num_leaves=3
num_cat=0
split_feature=0 1
threshold=0 1
decision_type=2 2
left_child=1 -1
right_child=-3 -2
leaf_value=2 4 -1
leaf_count=20 40 40
internal_count=100 60
is_linear=0
shrinkage=1

end of trees
`;

describe("TreeSHAP on a hand-built two-tree model", () => {
  const shap = createTreeShap(parseLightGbmText(TWO_TREES, "two-trees", 3));

  it("matches the values worked out by hand, and sums to the raw score", () => {
    const phi = new Float64Array(3);
    shap.explain([-1, 5, 123], phi);
    expect(shap.expectedValue).toBeCloseTo(3.1, 12);
    expect(phi[0]).toBeCloseTo(-0.5 + 28 / 15, 12);
    expect(phi[1]).toBeCloseTo(8 / 15, 12);
    expect(phi[2]).toBe(0); // never split on
    expect(shap.rawScore([-1, 5, 123])).toBe(5);
    expect(shap.expectedValue + phi[0]! + phi[1]! + phi[2]!).toBeCloseTo(5, 12);
  });

  it("sends a value equal to the threshold left (x <= threshold), the next float up right", () => {
    const above = (x: number) => x + x * Number.EPSILON; // the next double up, for these x
    expect(shap.rawScore([0.5, 0, 0])).toBe(1 + -1); // tree 0: 0.5 <= 0.5 left; tree 1: 0.5 > 0 right
    expect(shap.rawScore([above(0.5), 0, 0])).toBe(3 + -1);
    expect(shap.rawScore([0, 1, 0])).toBe(1 + 2); // both ties in tree 1 go left
    expect(shap.rawScore([0, above(1), 0])).toBe(1 + 4);
  });

  it("reads NaN as 0 when the split has no missing type (LightGBM's rule)", () => {
    expect(shap.rawScore([Number.NaN, Number.NaN, 0])).toBe(shap.rawScore([0, 0, 0]));
  });

  it("writes over phi rather than adding to it", () => {
    const phi = new Float64Array([9, 9, 9]);
    shap.explain([1, 0, 0], phi);
    const again = new Float64Array(3);
    shap.explain([1, 0, 0], again);
    expect(Array.from(phi)).toEqual(Array.from(again));
  });
});

describe("TreeSHAP against brute-force Shapley values on random trees", () => {
  // Random trees that split on the same feature several times along a path (the unwind case),
  // with NaN-as-missing and zero-as-missing splits; checked against the definition itself.
  it("equals the exact Shapley values of the cover-weighted expectations", () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const width = 4;
    for (let round = 0; round < 20; round++) {
      const text = randomModel(rand, width, 3, 12);
      const e = parseLightGbmText(text, "random", width);
      const shap = createTreeShap(e);
      for (let r = 0; r < 10; r++) {
        const row = Array.from({ length: width }, () =>
          rand() < 0.1 ? Number.NaN : rand() < 0.1 ? 0 : Math.round(rand() * 8) / 2,
        );
        const phi = new Float64Array(width);
        shap.explain(row, phi);
        const want = bruteForce(e, row);
        for (let j = 0; j < width; j++) expect(phi[j]).toBeCloseTo(want[j] as number, 10);
        const total = phi.reduce((s, v) => s + v, shap.expectedValue);
        expect(total).toBeCloseTo(shap.rawScore(row), 10);
      }
    }
  });
});

function randomModel(rand: () => number, width: number, trees: number, maxLeaves: number): string {
  const blocks: string[] = [];
  for (let t = 0; t < trees; t++) {
    // Grow by splitting a random leaf, as LightGBM does (leaf-wise), keeping its numbering scheme.
    const leaves = 2 + Math.floor(rand() * (maxLeaves - 1));
    const feature: number[] = [];
    const threshold: number[] = [];
    const decision: number[] = [];
    const left: number[] = [];
    const right: number[] = [];
    const parentOf: number[] = [-1];
    for (let n = 0; n < leaves - 1; n++) {
      const leaf = Math.floor(rand() * (n + 1));
      const parent = parentOf[leaf] as number;
      if (parent >= 0) {
        if (left[parent] === ~leaf) left[parent] = n;
        else right[parent] = n;
      }
      feature.push(Math.floor(rand() * width));
      threshold.push(Math.round(rand() * 8) / 2);
      decision.push([0, 2, 4, 6, 8, 10][Math.floor(rand() * 6)] as number);
      left.push(~leaf);
      right.push(~(n + 1));
      parentOf[leaf] = n;
      parentOf[n + 1] = n;
    }
    const leafCount = Array.from({ length: leaves }, () => 1 + Math.floor(rand() * 50));
    const internal = new Array<number>(leaves - 1).fill(0);
    const count = (node: number): number => {
      if (node < 0) return leafCount[~node] as number;
      internal[node] = count(left[node] as number) + count(right[node] as number);
      return internal[node] as number;
    };
    count(0);
    blocks.push(
      [
        `Tree=${t}`,
        `num_leaves=${leaves}`,
        "num_cat=0",
        `split_feature=${feature.join(" ")}`,
        `threshold=${threshold.join(" ")}`,
        `decision_type=${decision.join(" ")}`,
        `left_child=${left.join(" ")}`,
        `right_child=${right.join(" ")}`,
        `leaf_value=${leafCount.map(() => (rand() - 0.5).toFixed(6)).join(" ")}`,
        `leaf_count=${leafCount.join(" ")}`,
        `internal_count=${internal.join(" ")}`,
        "is_linear=0",
      ].join("\n"),
    );
  }
  const header = `tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nmax_feature_idx=${width - 1}\nobjective=binary sigmoid:1`;
  return [header, ...blocks, "end of trees"].join("\n\n");
}

/** phi_j = sum over S not containing j of |S|!(M-|S|-1)!/M! (v(S+j) - v(S)), v by cover-weighted descent. */
function bruteForce(e: TreeEnsemble, row: readonly number[]): number[] {
  const m = e.width;
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const v = (mask: number) => {
    let sum = 0;
    for (let t = 0; t < e.trees; t++) sum += expect_(e, t, mask, row);
    return sum;
  };
  const phi = new Array<number>(m).fill(0);
  for (let mask = 0; mask < 1 << m; mask++) {
    const size = popcount(mask);
    for (let j = 0; j < m; j++) {
      if (mask & (1 << j)) continue;
      phi[j] = (phi[j] as number) + ((fact(size) * fact(m - size - 1)) / fact(m)) * (v(mask | (1 << j)) - v(mask));
    }
  }
  return phi;
}

function expect_(e: TreeEnsemble, t: number, mask: number, row: readonly number[]): number {
  const ns = e.nodeStart[t] as number;
  const ls = e.leafStart[t] as number;
  const leaves = (e.leafStart[t + 1] ?? e.leafValue.length) - ls;
  const cover = (n: number) => (n < 0 ? (e.leafCount[ls + ~n] as number) : (e.internalCount[ns + n] as number));
  const go = (n: number): number => {
    if (n < 0) return e.leafValue[ls + ~n] as number;
    const g = ns + n;
    const f = e.feature[g] as number;
    if (mask & (1 << f)) return go(decideLikeLightGbm(e, g, row[f] as number));
    const l = e.left[g] as number;
    const r = e.right[g] as number;
    return (cover(l) * go(l) + cover(r) * go(r)) / cover(n);
  };
  return leaves === 1 ? (e.leafValue[ls] as number) : go(0);
}

/** Written separately from the implementation, from LightGBM's documented rule. */
function decideLikeLightGbm(e: TreeEnsemble, g: number, x: number): number {
  const missing = e.missingType[g];
  const value = Number.isNaN(x) && missing !== 2 ? 0 : x;
  const isMissing = missing === 2 ? Number.isNaN(value) : missing === 1 ? Math.abs(value) <= 1e-35 : false;
  if (isMissing) return e.defaultLeft[g] ? (e.left[g] as number) : (e.right[g] as number);
  return value <= (e.threshold[g] as number) ? (e.left[g] as number) : (e.right[g] as number);
}

const popcount = (x: number) => {
  let n = 0;
  for (let v = x; v; v &= v - 1) n++;
  return n;
};
