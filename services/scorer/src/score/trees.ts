import { FraudError } from "@fraud/platform";

/**
 * The trees behind model.onnx, read from LightGBM's own text model (`booster.save_model`,
 * written by training beside the ONNX file and checked against it there). It carries what
 * exact TreeSHAP needs and ONNX drops: the covers (internal_count / leaf_count).
 *
 * Layout: all trees in flat typed arrays, so walking them allocates nothing. Node ids are
 * LightGBM's, relative to their tree: an internal node is i >= 0 (offset by nodeStart[t]),
 * a leaf is ~j < 0 (offset by leafStart[t]).
 *
 * Decision rule per internal node (LightGBM's numerical decision):
 *   missing type None (0): NaN is read as 0;   Zero (1): |x| <= 1e-35f goes the default side;
 *   NaN (2): NaN goes the default side;        otherwise x <= threshold goes left.
 */
export interface TreeEnsemble {
  readonly width: number;
  readonly trees: number;
  /** Raw score → probability: p = 1 / (1 + exp(-sigmoid * raw)). */
  readonly sigmoid: number;
  /** Deepest leaf over all trees, in edges from the root. */
  readonly maxDepth: number;
  readonly nodeStart: Int32Array;
  readonly leafStart: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly defaultLeft: Uint8Array;
  readonly missingType: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly internalCount: Float64Array;
  readonly leafValue: Float64Array;
  readonly leafCount: Float64Array;
}

interface RawTree {
  leaves: number;
  feature: number[];
  threshold: number[];
  decision: number[];
  left: number[];
  right: number[];
  leafValue: number[];
  leafCount: number[];
  internalCount: number[];
}

export function parseLightGbmText(text: string, source: string, width: number): TreeEnsemble {
  const problem = (what: string) =>
    new FraudError("MODEL_LOAD", `Tree file ${source} is not usable: ${what}`, { details: { source } });
  const blocks = text.split(/\n\s*\n/);
  const header = keyValues(blocks[0] ?? "");
  if (header.get("tree") === undefined && !text.startsWith("tree")) throw problem("not a LightGBM text model");
  const objective = header.get("objective") ?? "";
  const sig = /^binary(?:\s+sigmoid:(\S+))?/.exec(objective);
  if (!sig) throw problem(`objective must be binary, got "${objective}"`);
  if (header.get("num_tree_per_iteration") !== "1") throw problem("expected one tree per iteration (binary)");
  const maxFeature = Number(header.get("max_feature_idx"));
  if (maxFeature + 1 !== width) throw problem(`it has ${maxFeature + 1} features, the model card names ${width}`);

  const raw: RawTree[] = [];
  for (const block of blocks) {
    const kv = keyValues(block);
    if (kv.get("Tree") === undefined) continue;
    if (Number(kv.get("num_cat") ?? 0) > 0) throw problem("categorical splits are not supported");
    if (Number(kv.get("is_linear") ?? 0) !== 0) throw problem("linear trees are not supported");
    const leaves = Number(kv.get("num_leaves"));
    const nums = (k: string, n: number) => {
      const v = n === 0 ? [] : (kv.get(k) ?? "").split(" ").map(Number);
      if (v.length !== n || v.some((x) => Number.isNaN(x))) throw problem(`tree ${kv.get("Tree")}: bad ${k}`);
      return v;
    };
    const inner = leaves - 1;
    raw.push({
      leaves,
      feature: nums("split_feature", inner),
      threshold: nums("threshold", inner),
      decision: nums("decision_type", inner),
      left: nums("left_child", inner),
      right: nums("right_child", inner),
      leafValue: nums("leaf_value", leaves),
      // A one-leaf tree has no counts; its cover never enters TreeSHAP.
      leafCount: leaves === 1 ? [1] : nums("leaf_count", leaves),
      internalCount: nums("internal_count", inner),
    });
  }
  if (raw.length === 0) throw problem("no trees");
  return layout(raw, width, sig[1] === undefined ? 1 : Number(sig[1]), problem);
}

function layout(raw: RawTree[], width: number, sigmoid: number, problem: (w: string) => Error): TreeEnsemble {
  const nodes = raw.reduce((s, t) => s + t.leaves - 1, 0);
  const leaves = raw.reduce((s, t) => s + t.leaves, 0);
  const e = {
    width,
    trees: raw.length,
    sigmoid,
    maxDepth: 0,
    nodeStart: new Int32Array(raw.length),
    leafStart: new Int32Array(raw.length),
    feature: new Int32Array(nodes),
    threshold: new Float64Array(nodes),
    defaultLeft: new Uint8Array(nodes),
    missingType: new Uint8Array(nodes),
    left: new Int32Array(nodes),
    right: new Int32Array(nodes),
    internalCount: new Float64Array(nodes),
    leafValue: new Float64Array(leaves),
    leafCount: new Float64Array(leaves),
  };
  let n = 0;
  let l = 0;
  raw.forEach((t, ti) => {
    e.nodeStart[ti] = n;
    e.leafStart[ti] = l;
    for (let i = 0; i < t.leaves - 1; i++) {
      const f = t.feature[i] as number;
      const d = t.decision[i] as number;
      if (f < 0 || f >= width) throw problem(`tree ${ti}: split on feature ${f} of ${width}`);
      if (d & 1) throw problem(`tree ${ti}: categorical split`);
      e.feature[n + i] = f;
      e.threshold[n + i] = t.threshold[i] as number;
      e.defaultLeft[n + i] = (d >> 1) & 1;
      e.missingType[n + i] = (d >> 2) & 3;
      e.left[n + i] = t.left[i] as number;
      e.right[n + i] = t.right[i] as number;
      e.internalCount[n + i] = t.internalCount[i] as number;
    }
    e.leafValue.set(t.leafValue, l);
    e.leafCount.set(t.leafCount, l);
    e.maxDepth = Math.max(e.maxDepth, t.leaves === 1 ? 0 : depth(t, 0));
    n += t.leaves - 1;
    l += t.leaves;
  });
  return e;
}

function depth(t: RawTree, node: number): number {
  if (node < 0) return 0;
  return 1 + Math.max(depth(t, t.left[node] as number), depth(t, t.right[node] as number));
}

/** `key=value` lines of one block; the first line of a tree block is `Tree=<n>`. */
function keyValues(block: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of block.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) out.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
    else if (line.trim() !== "") out.set(line.trim(), "");
  }
  return out;
}
