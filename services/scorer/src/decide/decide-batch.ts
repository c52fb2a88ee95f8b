import type { Model } from "../score/model.js";
import { decide, type Thresholds, type Verdict } from "./decide.js";
import { type Contribution, explainByOcclusion } from "./explain.js";

export interface Judged {
  score: number;
  verdict: Verdict;
  /** Empty unless the verdict is review or decline. */
  reasons: Contribution[];
}

/** The decide stage: verdicts for the batch, and reasons for the flagged ones (one extra inference). */
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
  const explained = await explainByOcclusion(
    model,
    model.features,
    model.referenceValues,
    flagged.map((i) => ({
      row: matrix.subarray(i * width, (i + 1) * width),
      score: scores[i] as number,
      values: values[i],
    })),
    topK,
  );
  flagged.forEach((i, k) => {
    (judged[i] as Judged).reasons = explained[k] ?? [];
  });
  return judged;
}
