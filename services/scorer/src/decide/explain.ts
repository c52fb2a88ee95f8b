import type { TreeShap } from "./treeshap.js";

/**
 * Why an alert fired. Two explainers, chosen by the model:
 *   treeshap  - exact TreeSHAP over the model's own trees (card trees_file); a contribution
 *               is a SHAP value in raw score (log-odds) space, and all of them plus the
 *               expected value sum to the logit of the score;
 *   occlusion - for a model without a tree file: reset one feature at a time to its reference
 *               value (the training median) and measure how far the probability falls. One
 *               extra inference call per batch; it ignores interactions between features.
 * Both keep the top K features that pushed the score up (contribution > 0), largest first.
 */
export type ExplainMethod = "treeshap" | "occlusion";

export interface Contribution {
  feature: string;
  value: number;
  reference: number;
  /** > 0 means it pushed the score up; units depend on the method (see above). */
  contribution: number;
}

export interface FlaggedRow {
  row: Float32Array;
  score: number;
  values?: readonly number[];
}

/** Exact attributions for each flagged row; one scratch buffer for the whole batch. */
export function explainByTreeShap(
  shap: TreeShap,
  features: readonly string[],
  reference: Readonly<Record<string, number>>,
  flagged: readonly FlaggedRow[],
  topK: number,
): Contribution[][] {
  const phi = new Float64Array(features.length);
  return flagged.map((item) => {
    shap.explain(item.row, phi);
    const list: Contribution[] = [];
    for (let j = 0; j < features.length; j++) {
      if (!((phi[j] as number) > 0)) continue;
      const feature = features[j] as string;
      list.push({
        feature,
        value: item.values?.[j] ?? (item.row[j] as number),
        reference: reference[feature] ?? 0,
        contribution: phi[j] as number,
      });
    }
    return rank(list, topK);
  });
}

const rank = (list: Contribution[], topK: number) =>
  list.sort((a, b) => b.contribution - a.contribution || a.feature.localeCompare(b.feature)).slice(0, topK);

export interface Scorer {
  predict(rows: Float32Array, n: number): Promise<Float32Array>;
}

export async function explainByOcclusion(
  model: Scorer,
  features: readonly string[],
  reference: Readonly<Record<string, number>>,
  flagged: readonly FlaggedRow[],
  topK: number,
): Promise<Contribution[][]> {
  const width = features.length;
  const refs = features.map((f) => reference[f] ?? 0);
  // Only features that differ from their reference can explain anything.
  const probes: { item: number; feature: number }[] = [];
  for (let i = 0; i < flagged.length; i++) {
    const row = (flagged[i] as { row: Float32Array }).row;
    for (let j = 0; j < width; j++) if (row[j] !== Math.fround(refs[j] as number)) probes.push({ item: i, feature: j });
  }
  const rows = new Float32Array(probes.length * width);
  probes.forEach((p, k) => {
    rows.set((flagged[p.item] as { row: Float32Array }).row, k * width);
    rows[k * width + p.feature] = refs[p.feature] as number;
  });
  const scores = await model.predict(rows, probes.length);

  const out: Contribution[][] = flagged.map(() => []);
  probes.forEach((p, k) => {
    const item = flagged[p.item] as FlaggedRow;
    out[p.item]?.push({
      feature: features[p.feature] as string,
      // The exact value for the analyst; the model saw it rounded to float32.
      value: item.values?.[p.feature] ?? (item.row[p.feature] as number),
      reference: refs[p.feature] as number,
      contribution: item.score - (scores[k] as number),
    });
  });
  // Float32 noise is not a reason.
  return out.map((list) =>
    rank(
      list.filter((c) => c.contribution > 1e-6),
      topK,
    ),
  );
}
