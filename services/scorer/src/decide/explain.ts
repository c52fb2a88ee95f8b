/**
 * Why an alert fired, by occlusion: reset one feature at a time to its reference value
 * (the training median) and measure how far the score falls. It is model-agnostic,
 * honest about what it measures, and costs one extra inference call per batch for all
 * flagged rows together. It ignores interactions between features; exact attributions
 * (TreeSHAP) are a later step.
 */
export interface Contribution {
  feature: string;
  value: number;
  reference: number;
  /** score - score with this feature at its reference; > 0 means it pushed the score up. */
  contribution: number;
}

export interface Scorer {
  predict(rows: Float32Array, n: number): Promise<Float32Array>;
}

export async function explainByOcclusion(
  model: Scorer,
  features: readonly string[],
  reference: Readonly<Record<string, number>>,
  flagged: readonly { row: Float32Array; score: number; values?: readonly number[] }[],
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
    const item = flagged[p.item] as { row: Float32Array; score: number; values?: readonly number[] };
    out[p.item]?.push({
      feature: features[p.feature] as string,
      // The exact value for the analyst; the model saw it rounded to float32.
      value: item.values?.[p.feature] ?? (item.row[p.feature] as number),
      reference: refs[p.feature] as number,
      contribution: item.score - (scores[k] as number),
    });
  });
  return out.map((list) =>
    list
      // Float32 noise is not a reason.
      .filter((c) => c.contribution > 1e-6)
      .sort((a, b) => b.contribution - a.contribution || a.feature.localeCompare(b.feature))
      .slice(0, topK),
  );
}
