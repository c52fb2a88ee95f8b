import type { Model } from "../score/model.js";
import type { TreeEnsemble } from "../score/trees.js";
import { decide, type Thresholds, type Verdict } from "./decide.js";
import { type Contribution, type ExplainMethod, explainByOcclusion, explainByTreeShap } from "./explain.js";
import { createTreeShap, type TreeShap } from "./treeshap.js";

export interface Judged {
  score: number;
  verdict: Verdict;
  /** Empty unless the verdict is review or decline. */
  reasons: Contribution[];
  /** How the reasons were computed, and TreeSHAP's base value (raw score) when it was used. */
  explanation?: { method: ExplainMethod; expectedValue: number | null };
}

// The tree layout and path buffers are built once per model, not per batch.
const explainers = new WeakMap<TreeEnsemble, TreeShap>();

/** The explainer a model gets: TreeSHAP when it ships its trees, occlusion otherwise. */
export function explainMethod(model: Pick<Model, "trees">): ExplainMethod {
  return model.trees ? "treeshap" : "occlusion";
}

/** The decide stage: verdicts for the batch, and reasons for the flagged ones only. */
export async function decideBatch(
  model: Model,
  thresholds: Thresholds,
  matrix: Float32Array,
  scores: Float32Array,
  topK: number,
  values: readonly number[][] = [],
): Promise<Judged[]> {
  const width = model.features.length;
  const judged: Judged[] = Array.from(scores, (score) => ({ score, verdict: decide(score, thresholds), reasons: [] }));
  const flagged = judged.flatMap((j, i) => (j.verdict === "approve" ? [] : [i]));
  if (flagged.length === 0) return judged;
  const rows = flagged.map((i) => ({
    row: matrix.subarray(i * width, (i + 1) * width),
    score: scores[i] as number,
    values: values[i],
  }));
  let explained: Contribution[][];
  let explanation: Judged["explanation"];
  if (model.trees) {
    let shap = explainers.get(model.trees);
    if (!shap) {
      shap = createTreeShap(model.trees);
      explainers.set(model.trees, shap);
    }
    explained = explainByTreeShap(shap, model.features, model.referenceValues, rows, topK);
    explanation = { method: "treeshap", expectedValue: shap.expectedValue };
  } else {
    explained = await explainByOcclusion(model, model.features, model.referenceValues, rows, topK);
    explanation = { method: "occlusion", expectedValue: null };
  }
  flagged.forEach((i, k) => {
    const j = judged[i] as Judged;
    j.reasons = explained[k] ?? [];
    j.explanation = explanation;
  });
  return judged;
}
