import type { Decision } from "@fraud/contracts";
import { binOf, type Comparison, compare, type DriftReferences, PSI_BANDS, SCORE } from "@fraud/drift";
import { table } from "./registry-commands.js";

/**
 * Drift after the fact: the decisions of a time range (they carry the features the
 * model saw) binned against a card's reference distributions, with the same PSI the
 * scorer exports live (@fraud/drift).
 */
export function driftOf(
  decisions: readonly Decision[],
  references: DriftReferences,
): Array<{ variable: string; comparison: Comparison }> {
  const vars = [
    ...Object.entries(references.features).map(([name, ref]) => ({ name, ref })),
    ...(references.score ? [{ name: SCORE, ref: references.score }] : []),
  ];
  return vars.map(({ name, ref }) => {
    const counts = new Array<number>(ref.edges.length + 1).fill(0);
    let missing = 0;
    for (const d of decisions) {
      const x = name === SCORE ? d.score : (d.features[name] ?? Number.NaN);
      const b = binOf(ref.edges, x);
      if (b < 0) missing++;
      else counts[b] = (counts[b] as number) + 1;
    }
    return { variable: name, comparison: compare(ref, counts, missing) };
  });
}

export function formatDrift(rows: Array<{ variable: string; comparison: Comparison }>, top = 2): string {
  const sorted = [...rows].sort((a, b) => b.comparison.psi - a.comparison.psi);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return table(
    [
      "feature",
      "PSI",
      "band",
      `top shifted bins (expected → actual; bands ${PSI_BANDS.moderate} / ${PSI_BANDS.significant})`,
    ],
    sorted.map(({ variable, comparison: c }) => [
      variable,
      c.psi.toFixed(4),
      c.band,
      c.shifts
        .slice(0, top)
        .filter((s) => s.term > 0.001)
        .map((s) => `${s.bin} ${pct(s.expected)} → ${pct(s.actual)}`)
        .join("; "),
    ]),
  );
}
