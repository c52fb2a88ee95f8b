import type { Model } from "./model.js";

/** The score stage: every row of the batch in one inference call. */
export async function scoreRows(
  model: Model,
  rows: readonly number[][],
): Promise<{ matrix: Float32Array; scores: Float32Array }> {
  const width = model.features.length;
  const matrix = new Float32Array(rows.length * width);
  rows.forEach((r, i) => {
    matrix.set(r, i * width);
  });
  return { matrix, scores: await model.predict(matrix, rows.length) };
}
