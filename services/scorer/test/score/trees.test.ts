import { describe, expect, it } from "vitest";
import { parseModelCard } from "../../src/score/model-card.js";
import { parseLightGbmText } from "../../src/score/trees.js";

const HEADER = "tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nmax_feature_idx=1\nobjective=binary sigmoid:1";
const TREE =
  "Tree=0\nnum_leaves=2\nnum_cat=0\nsplit_feature=1\nthreshold=0.5\ndecision_type=10\nleft_child=-1\nright_child=-2\nleaf_value=-2 2\nleaf_count=30 10\ninternal_count=40\nis_linear=0";
const model = (header = HEADER, tree = TREE) => [header, tree, "end of trees"].join("\n\n");

describe("parseLightGbmText", () => {
  it("lays the trees out with LightGBM's decision bits (default left, missing type)", () => {
    const e = parseLightGbmText(model(), "m", 2);
    expect([e.trees, e.maxDepth, e.sigmoid]).toEqual([1, 1, 1]);
    expect([e.feature[0], e.threshold[0], e.defaultLeft[0], e.missingType[0]]).toEqual([1, 0.5, 1, 2]);
    expect(Array.from(e.leafCount)).toEqual([30, 10]);
  });

  it("refuses, naming the file and the problem, what it cannot explain exactly", () => {
    expect(() => parseLightGbmText(model(), "m.txt", 3)).toThrow(/m.txt.*2 features, the model card names 3/);
    expect(() => parseLightGbmText(model(HEADER.replace("binary sigmoid:1", "regression")), "m", 2)).toThrow(
      /objective must be binary/,
    );
    expect(() => parseLightGbmText(model(HEADER, TREE.replace("num_cat=0", "num_cat=1")), "m", 2)).toThrow(
      /categorical/,
    );
    expect(() => parseLightGbmText(model(HEADER, TREE.replace("leaf_count=30 10", "leaf_count=30")), "m", 2)).toThrow(
      /bad leaf_count/,
    );
    expect(() => parseLightGbmText("not a model", "m", 2)).toThrow(/not a LightGBM text model/);
  });
});

describe("model card trees_file", () => {
  const card = {
    schema: "fraud-model-card/1",
    model_version: "v",
    model_file: "model.onnx",
    feature_set_version: "fs",
    features: ["a"],
    onnx: { input: "input", probabilities_output: "probabilities", positive_class_index: 1 },
    thresholds: { review: 0.5, decline: 0.9 },
    reference_values: { a: 0 },
  };
  it("is optional, and a non-empty string when present", () => {
    expect(parseModelCard(card, "c").trees_file).toBeUndefined();
    expect(parseModelCard({ ...card, trees_file: "model.lgb.txt" }, "c").trees_file).toBe("model.lgb.txt");
    expect(() => parseModelCard({ ...card, trees_file: "" }, "c")).toThrow(/trees_file/);
  });
});
