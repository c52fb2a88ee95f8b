import type { TreeEnsemble } from "../score/trees.js";

/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized
 * feature attribution for tree ensembles"), in raw score (log-odds) space:
 *
 *   expectedValue + sum_j phi[j] = raw score of the row = logit(probability) / sigmoid
 *
 * The value of a coalition S is each tree's output with the features outside S integrated
 * out along the training covers, exactly what Algorithm 2 of the paper and LightGBM's
 * pred_contrib compute (the tests compare value by value). Here it is evaluated leaf by leaf
 * (as in Yang's Fast TreeSHAP): for a leaf with value v whose path splits on the k distinct
 * features F, let z_j be the share of the cover that follows the path at feature j's splits,
 * and Q the features of F whose every split on the path the row satisfies, U = F \ Q. Then
 *   v(S) = v * prod_{j in S ∩ Q} 1 * prod_{j in F \ S} z_j   (0 if S meets U)
 * and with w(m, k) = m! (k-m-1)! / k!, G(R) = sum_{S ⊆ R} w(|S|, k) prod_{j in R \ S} z_j:
 *   phi_i += v * (1 - z_i) * prod_U z * G(Q \ {i})    for i in Q
 *   phi_i -= v * prod_U z * G(Q)                        for i in U   (z_i cancels)
 * G is read off the coefficients of prod_{j in Q} (t + z_j); removing i divides by (t + z_i).
 *
 * Cost per row: one depth-first pass per tree (each node decided once, a counter per feature
 * of the path's splits the row does not follow), then per leaf O(k + |Q|^2) multiply-adds.
 * The per-leaf layout (distinct features, z) is built once per model in typed arrays; nothing
 * is allocated per row, leaf or node. Measured 2.5x less CPU than Algorithm 2's path copies,
 * extends and O(k^2) divisions per leaf (services/scorer/bench/explain.ts).
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

/** The child a value goes to: LightGBM's numerical decision (see score/trees.ts). */
function nextNode(e: TreeEnsemble, g: number, x: number): number {
  const missing = e.missingType[g] as number;
  let v = x;
  if (Number.isNaN(v) && missing !== 2) v = 0;
  if ((missing === 1 && v >= -ZERO && v <= ZERO) || (missing === 2 && Number.isNaN(v))) {
    return e.defaultLeft[g] ? (e.left[g] as number) : (e.right[g] as number);
  }
  return v <= (e.threshold[g] as number) ? (e.left[g] as number) : (e.right[g] as number);
}

export function createTreeShap(e: TreeEnsemble): TreeShap {
  const paths = leafPaths(e);
  const maxK = e.maxDepth + 1;
  // w(m, k) = m! (k-m-1)! / k!, row k of a (maxK+1) x (maxK+1) table.
  const weight = new Float64Array((maxK + 1) * (maxK + 1));
  for (let k = 1; k <= maxK; k++) {
    for (let m = 0; m < k; m++) weight[k * (maxK + 1) + m] = 1 / (k * binomial(k - 1, m));
  }
  const qFeature = new Int32Array(maxK);
  const qZero = new Float64Array(maxK);
  const uFeature = new Int32Array(maxK);
  const coef = new Float64Array(maxK + 1);
  // Splits on each feature, along the current root-to-node path, that the row does not follow.
  const broken = new Int32Array(e.width);
  const stride = maxK + 1;
  const { start, feature, zero } = paths;

  let expectedValue = 0;
  for (let t = 0; t < e.trees; t++) expectedValue += treeExpectation(e, t);

  let phi: Float64Array = new Float64Array(0);

  /** Depth-first over one tree: each node decided once, each leaf attributed on arrival. */
  function visit(row: ArrayLike<number>, ns: number, ls: number, node: number): void {
    if (node < 0) {
      leaf(ls + ~node);
      return;
    }
    const g = ns + node;
    const f = e.feature[g] as number;
    const left = e.left[g] as number;
    const right = e.right[g] as number;
    const hot = nextNode(e, g, row[f] as number);
    if (hot === left) {
      visit(row, ns, ls, left);
      broken[f] = (broken[f] as number) + 1;
      visit(row, ns, ls, right);
    } else {
      visit(row, ns, ls, right);
      broken[f] = (broken[f] as number) + 1;
      visit(row, ns, ls, left);
    }
    broken[f] = (broken[f] as number) - 1;
  }

  function leaf(l: number): void {
    const first = start[l] as number;
    const end = start[l + 1] as number;
    const k = end - first;
    // Split the distinct features into Q (the row follows every split) and U (it does not).
    let q = 0;
    let nu = 0;
    let prodU = 1;
    for (let u = first; u < end; u++) {
      const f = feature[u] as number;
      if (broken[f] === 0) {
        qFeature[q] = f;
        qZero[q++] = zero[u] as number;
      } else {
        uFeature[nu++] = f;
        prodU *= zero[u] as number;
      }
    }
    const scale = (e.leafValue[l] as number) * prodU;
    if (scale === 0) return;
    // coef[m] = coefficient of t^m in prod_{j in Q} (t + z_j).
    coef[0] = 1;
    for (let j = 0; j < q; j++) {
      const z = qZero[j] as number;
      coef[j + 1] = coef[j] as number;
      for (let m = j; m > 0; m--) coef[m] = (coef[m - 1] as number) + z * (coef[m] as number);
      coef[0] = z * (coef[0] as number);
    }
    const w = k * stride;
    if (nu > 0) {
      let gQ = 0;
      for (let m = 0; m <= q; m++) gQ += (weight[w + m] as number) * (coef[m] as number);
      const share = scale * gQ;
      for (let u = 0; u < nu; u++) {
        const f = uFeature[u] as number;
        phi[f] = (phi[f] as number) - share;
      }
    }
    for (let i = 0; i < q; i++) {
      // Divide by (t + z_i), top down: quotient coefficient m-1 = coef[m] - z_i * quotient m.
      const z = qZero[i] as number;
      let quotient = coef[q] as number;
      let gWithout = (weight[w + q - 1] as number) * quotient;
      for (let m = q - 1; m > 0; m--) {
        quotient = (coef[m] as number) - z * quotient;
        gWithout += (weight[w + m - 1] as number) * quotient;
      }
      const f = qFeature[i] as number;
      phi[f] = (phi[f] as number) + scale * (1 - z) * gWithout;
    }
  }

  function explain(row: ArrayLike<number>, out: Float64Array): void {
    out.fill(0, 0, e.width);
    phi = out;
    for (let t = 0; t < e.trees; t++) {
      const ls = e.leafStart[t] as number;
      // A one-leaf tree is a constant: no attribution.
      if ((e.leafStart[t + 1] ?? e.leafValue.length) - ls > 1) visit(row, e.nodeStart[t] as number, ls, 0);
    }
  }

  return {
    width: e.width,
    expectedValue,
    explain,
    rawScore(row) {
      let sum = 0;
      for (let t = 0; t < e.trees; t++) {
        const leaves = (e.leafStart[t + 1] ?? e.leafValue.length) - (e.leafStart[t] as number);
        let node = leaves > 1 ? 0 : -1;
        while (node >= 0) {
          const g = (e.nodeStart[t] as number) + node;
          node = nextNode(e, g, row[e.feature[g] as number] as number);
        }
        sum += e.leafValue[(e.leafStart[t] as number) + ~node] as number;
      }
      return sum;
    },
  };
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/**
 * For every leaf (global leaf index), its distinct path features in order of first split,
 * each with its zero fraction z: the product of cover(child on the path) / cover(node) over
 * the feature's splits on the path.
 */
interface LeafPaths {
  start: Int32Array;
  feature: Int32Array;
  zero: Float64Array;
}

function leafPaths(e: TreeEnsemble): LeafPaths {
  const leafCount = e.leafValue.length;
  const byLeaf: Map<number, number>[] = Array.from({ length: leafCount }, () => new Map());
  for (let t = 0; t < e.trees; t++) {
    const ns = e.nodeStart[t] as number;
    const ls = e.leafStart[t] as number;
    if ((e.leafStart[t + 1] ?? leafCount) - ls === 1) continue;
    const cover = (n: number) => (n >= 0 ? (e.internalCount[ns + n] as number) : (e.leafCount[ls + ~n] as number));
    // Map insertion order keeps the order of first split; the value is the running product.
    const walk = (n: number, path: Map<number, number>) => {
      if (n < 0) {
        byLeaf[ls + ~n] = path;
        return;
      }
      const f = e.feature[ns + n] as number;
      for (const child of [e.left[ns + n] as number, e.right[ns + n] as number]) {
        const next = new Map(path);
        next.set(f, (path.get(f) ?? 1) * (cover(child) / cover(n)));
        walk(child, next);
      }
    };
    walk(0, new Map());
  }
  const start = new Int32Array(leafCount + 1);
  const feature: number[] = [];
  const zero: number[] = [];
  byLeaf.forEach((path, l) => {
    start[l] = feature.length;
    for (const [f, z] of path) {
      feature.push(f);
      zero.push(z);
    }
  });
  start[leafCount] = feature.length;
  return { start, feature: Int32Array.from(feature), zero: Float64Array.from(zero) };
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
