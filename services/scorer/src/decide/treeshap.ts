import type { TreeEnsemble } from "../score/trees.js";

/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized
 * feature attribution for tree ensembles", Algorithm 2), in raw score (log-odds) space:
 *
 *   expectedValue + sum_j phi[j] = raw score of the row = logit(probability) / sigmoid
 *
 * The expected value of a tree is its leaf values weighted by the leaves' training covers;
 * a node's "zero fraction" is the share of its cover that goes to each child, as in
 * LightGBM's own pred_contrib, which the tests compare against value by value.
 *
 * Cost: O(trees * leaves * depth^2) per row, no allocation per row or node: the paths of
 * all recursion levels live in four preallocated typed arrays, each level in its own slice.
 */
export interface TreeShap {
  readonly width: number;
  /** Mean raw score over the training covers (the SHAP base value). */
  readonly expectedValue: number;
  /** Writes the width attributions of one row into phi[0..width) (overwritten). */
  explain(row: ArrayLike<number>, phi: Float64Array): void;
  /** The ensemble's raw score for one row, by the same decision rules. */
  rawScore(row: ArrayLike<number>): number;
}

const ZERO = Math.fround(1e-35); // LightGBM's kZeroThreshold, a float

export function createTreeShap(e: TreeEnsemble): TreeShap {
  const slots = ((e.maxDepth + 2) * (e.maxDepth + 3)) / 2;
  const pFeature = new Int32Array(slots);
  const pZero = new Float64Array(slots);
  const pOne = new Float64Array(slots);
  const pWeight = new Float64Array(slots);

  let expectedValue = 0;
  for (let t = 0; t < e.trees; t++) expectedValue += treeExpectation(e, t);

  /** The child a value goes to, LightGBM's numerical decision (see score/trees.ts). */
  function next(node: number, x: number): number {
    const missing = e.missingType[node] as number;
    let v = x;
    if (Number.isNaN(v) && missing !== 2) v = 0;
    if ((missing === 1 && v >= -ZERO && v <= ZERO) || (missing === 2 && Number.isNaN(v))) {
      return e.defaultLeft[node] ? (e.left[node] as number) : (e.right[node] as number);
    }
    return v <= (e.threshold[node] as number) ? (e.left[node] as number) : (e.right[node] as number);
  }

  function cover(t: number, child: number): number {
    return child >= 0
      ? (e.internalCount[(e.nodeStart[t] as number) + child] as number)
      : (e.leafCount[(e.leafStart[t] as number) + ~child] as number);
  }

  // Path operations on the slice starting at s, holding d+1 elements after extend.
  function extend(s: number, d: number, zero: number, one: number, feature: number): void {
    pFeature[s + d] = feature;
    pZero[s + d] = zero;
    pOne[s + d] = one;
    pWeight[s + d] = d === 0 ? 1 : 0;
    for (let i = d - 1; i >= 0; i--) {
      pWeight[s + i + 1] = (pWeight[s + i + 1] as number) + (one * (pWeight[s + i] as number) * (i + 1)) / (d + 1);
      pWeight[s + i] = (zero * (pWeight[s + i] as number) * (d - i)) / (d + 1);
    }
  }

  function unwind(s: number, d: number, k: number): void {
    const one = pOne[s + k] as number;
    const zero = pZero[s + k] as number;
    let carry = pWeight[s + d] as number;
    for (let i = d - 1; i >= 0; i--) {
      if (one !== 0) {
        const w = pWeight[s + i] as number;
        pWeight[s + i] = (carry * (d + 1)) / ((i + 1) * one);
        carry = w - ((pWeight[s + i] as number) * zero * (d - i)) / (d + 1);
      } else {
        pWeight[s + i] = ((pWeight[s + i] as number) * (d + 1)) / (zero * (d - i));
      }
    }
    for (let i = k; i < d; i++) {
      pFeature[s + i] = pFeature[s + i + 1] as number;
      pZero[s + i] = pZero[s + i + 1] as number;
      pOne[s + i] = pOne[s + i + 1] as number;
    }
  }

  /** Sum of the path weights with element k unwound, without changing the path. */
  function unwoundSum(s: number, d: number, k: number): number {
    const one = pOne[s + k] as number;
    const zero = pZero[s + k] as number;
    let carry = pWeight[s + d] as number;
    let total = 0;
    for (let i = d - 1; i >= 0; i--) {
      if (one !== 0) {
        const w = (carry * (d + 1)) / ((i + 1) * one);
        total += w;
        carry = (pWeight[s + i] as number) - (w * zero * (d - i)) / (d + 1);
      } else {
        total += ((pWeight[s + i] as number) * (d + 1)) / (zero * (d - i));
      }
    }
    return total;
  }

  function recurse(
    t: number,
    row: ArrayLike<number>,
    phi: Float64Array,
    node: number,
    parent: number,
    depth: number,
    zero: number,
    one: number,
    feature: number,
  ): void {
    // This level's slice starts after the parent's `depth` elements and begins as their copy.
    const s = parent + depth;
    for (let i = 0; i < depth; i++) {
      pFeature[s + i] = pFeature[parent + i] as number;
      pZero[s + i] = pZero[parent + i] as number;
      pOne[s + i] = pOne[parent + i] as number;
      pWeight[s + i] = pWeight[parent + i] as number;
    }
    extend(s, depth, zero, one, feature);
    if (node < 0) {
      const value = e.leafValue[(e.leafStart[t] as number) + ~node] as number;
      for (let i = 1; i <= depth; i++) {
        const w = unwoundSum(s, depth, i);
        const f = pFeature[s + i] as number;
        phi[f] = (phi[f] as number) + w * ((pOne[s + i] as number) - (pZero[s + i] as number)) * value;
      }
      return;
    }
    const g = (e.nodeStart[t] as number) + node;
    const split = e.feature[g] as number;
    const hot = next(g, row[split] as number);
    const cold = hot === e.left[g] ? (e.right[g] as number) : (e.left[g] as number);
    const w = e.internalCount[g] as number;
    let inZero = 1;
    let inOne = 1;
    let d = depth;
    // A feature split on again higher up: undo that element and redo it here.
    for (let k = 1; k <= d; k++) {
      if (pFeature[s + k] === split) {
        inZero = pZero[s + k] as number;
        inOne = pOne[s + k] as number;
        unwind(s, d, k);
        d -= 1;
        break;
      }
    }
    recurse(t, row, phi, hot, s, d + 1, (cover(t, hot) / w) * inZero, inOne, split);
    recurse(t, row, phi, cold, s, d + 1, (cover(t, cold) / w) * inZero, 0, split);
  }

  return {
    width: e.width,
    expectedValue,
    explain(row, phi) {
      phi.fill(0, 0, e.width);
      for (let t = 0; t < e.trees; t++) {
        if ((e.leafStart[t + 1] ?? e.leafValue.length) - (e.leafStart[t] as number) > 1) {
          recurse(t, row, phi, 0, 0, 0, 1, 1, -1);
        }
      }
    },
    rawScore(row) {
      let sum = 0;
      for (let t = 0; t < e.trees; t++) {
        const leaves = (e.leafStart[t + 1] ?? e.leafValue.length) - (e.leafStart[t] as number);
        let node = leaves > 1 ? 0 : -1;
        while (node >= 0) {
          const g = (e.nodeStart[t] as number) + node;
          node = next(g, row[e.feature[g] as number] as number);
        }
        sum += e.leafValue[(e.leafStart[t] as number) + ~node] as number;
      }
      return sum;
    },
  };
}

/** A tree's leaf values weighted by their share of the training cover. */
function treeExpectation(e: TreeEnsemble, t: number): number {
  const first = e.leafStart[t] as number;
  const end = e.leafStart[t + 1] ?? e.leafValue.length;
  if (end - first === 1) return e.leafValue[first] as number;
  const total = e.internalCount[e.nodeStart[t] as number] as number;
  let sum = 0;
  for (let j = first; j < end; j++) sum += ((e.leafCount[j] as number) / total) * (e.leafValue[j] as number);
  return sum;
}
