import type { ShadowScore } from "@fraud/contracts";
import { decide } from "../decide/index.js";
import type { Loaded } from "./board.js";

/**
 * The shadow challenger on the batch the champion just scored: same feature matrix (a
 * shadow is only admitted with the scorer's exact feature order), one inference, its own
 * thresholds. Its scores go on the decisions (decision v2 `shadow`) and decide nothing.
 */
export async function scoreShadow(shadow: Loaded, matrix: Float32Array, n: number): Promise<ShadowScore[]> {
  const scores = await shadow.model.predict(matrix, n);
  shadow.drift.observe(matrix, scores, (i) => decide(scores[i] as number, shadow.thresholds) !== "approve");
  return Array.from(scores, (score) => ({
    model_version: shadow.version,
    score,
    decision: decide(score, shadow.thresholds),
  }));
}
