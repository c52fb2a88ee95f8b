/**
 * Online/offline feature parity: the features each decision carries (computed by the
 * running scorer from Kafka) against the row the offline extractor wrote for the same
 * transaction_id. Pure: no I/O, so the integration test and the script share it.
 *
 * Contract:
 *   offline  transaction_id → values in `names` order (features.csv)
 *   online   decisions, each with a `features` map by name; a transaction_id seen twice is
 *            counted as a duplicate and only its first decision is compared
 *   equal    exact IEEE equality (NaN equals NaN); a feature missing from a decision is a
 *            mismatch with an infinite difference
 *   early    optional ids the scorer saw before part of their own past (arrival.ts);
 *            their rows are also counted apart, to tell input order and partition skew
 *            from a difference in the feature code
 */

/** The only features a labels/transactions race can move (see the brief and offline.ts). */
export const isLabelRaceFeature = (name: string): boolean => name.startsWith("terminal_fraud_risk_");

export interface OnlineRow {
  transaction_id: string;
  features: Record<string, number>;
}

export interface MismatchExample {
  transaction_id: string;
  offline: number;
  online: number | undefined;
}

export interface FeatureMismatches {
  feature: string;
  count: number;
  maxAbsDiff: number;
  examples: MismatchExample[];
}

export interface ParityReport {
  features: number;
  offlineRows: number;
  rowsCompared: number;
  /** Offline rows with no decision, and decisions with no offline row. */
  missingOnline: number;
  extraOnline: number;
  duplicateDecisions: number;
  valuesCompared: number;
  valuesEqual: number;
  /** Over all compared values (0 when all are equal). */
  maxAbsDiff: number;
  /** Only features with at least one mismatch, most mismatches first. */
  mismatches: FeatureMismatches[];
  /** Rows with a mismatch in some feature other than terminal_fraud_risk_*. */
  rowsWithNonLabelMismatch: number;
  rowsMismatched: number;
  /** Compared rows in the `early` set, and how many of them have a mismatch. */
  earlyRows: number;
  earlyRowsMismatched: number;
  /** Values of the rows not in the `early` set: compared, and equal. */
  inOrderValuesCompared: number;
  inOrderValuesEqual: number;
}

const EXAMPLES_PER_FEATURE = 3;

export function compareFeatures(
  names: readonly string[],
  offline: ReadonlyMap<string, readonly number[]>,
  online: Iterable<OnlineRow>,
  early: ReadonlySet<string> = new Set(),
): ParityReport {
  const byFeature = names.map((feature) => ({ feature, count: 0, maxAbsDiff: 0, examples: [] as MismatchExample[] }));
  const seen = new Set<string>();
  let duplicateDecisions = 0;
  let extraOnline = 0;
  let valuesEqual = 0;
  let maxAbsDiff = 0;
  let rowsWithNonLabelMismatch = 0;
  let rowsMismatched = 0;
  let earlyRows = 0;
  let earlyRowsMismatched = 0;
  let earlyValuesEqual = 0;

  for (const decision of online) {
    if (seen.has(decision.transaction_id)) {
      duplicateDecisions++;
      continue;
    }
    seen.add(decision.transaction_id);
    const row = offline.get(decision.transaction_id);
    if (row === undefined) {
      extraOnline++;
      continue;
    }
    let nonLabelMismatch = false;
    let rowEqual = 0;
    for (let i = 0; i < names.length; i++) {
      const want = row[i]!;
      const got = decision.features[names[i]!];
      if (got === want || (Number.isNaN(got) && Number.isNaN(want))) {
        rowEqual++;
        continue;
      }
      const diff = got === undefined ? Number.POSITIVE_INFINITY : Math.abs(got - want);
      const f = byFeature[i]!;
      f.count++;
      // NaN against a number has no size; it is still a mismatch, counted above.
      if (diff > f.maxAbsDiff) f.maxAbsDiff = diff;
      if (diff > maxAbsDiff) maxAbsDiff = diff;
      if (f.examples.length < EXAMPLES_PER_FEATURE) {
        f.examples.push({ transaction_id: decision.transaction_id, offline: want, online: got });
      }
      if (!isLabelRaceFeature(f.feature)) nonLabelMismatch = true;
    }
    if (nonLabelMismatch) rowsWithNonLabelMismatch++;
    valuesEqual += rowEqual;
    const mismatched = rowEqual < names.length;
    if (mismatched) rowsMismatched++;
    if (early.has(decision.transaction_id)) {
      earlyRows++;
      earlyValuesEqual += rowEqual;
      if (mismatched) earlyRowsMismatched++;
    }
  }

  const rowsCompared = seen.size - extraOnline;
  return {
    features: names.length,
    offlineRows: offline.size,
    rowsCompared,
    missingOnline: offline.size - rowsCompared,
    extraOnline,
    duplicateDecisions,
    valuesCompared: rowsCompared * names.length,
    valuesEqual,
    maxAbsDiff,
    mismatches: byFeature.filter((f) => f.count > 0).sort((a, b) => b.count - a.count),
    rowsWithNonLabelMismatch,
    rowsMismatched,
    earlyRows,
    earlyRowsMismatched,
    inOrderValuesCompared: (rowsCompared - earlyRows) * names.length,
    inOrderValuesEqual: valuesEqual - earlyValuesEqual,
  };
}

/** The inputs without the rows of `ids`, e.g. to compare only the transactions scored in card order. */
export function withoutRows<T extends OnlineRow>(
  offline: ReadonlyMap<string, readonly number[]>,
  online: readonly T[],
  ids: ReadonlySet<string>,
): { offline: Map<string, readonly number[]>; online: T[] } {
  return {
    offline: new Map([...offline].filter(([id]) => !ids.has(id))),
    online: online.filter((d) => !ids.has(d.transaction_id)),
  };
}

export const shareEqual = (r: ParityReport): number => (r.valuesCompared === 0 ? 0 : r.valuesEqual / r.valuesCompared);

/** The same share over the rows whose card's past had fully arrived when they were scored. */
export const shareEqualInOrder = (r: ParityReport): number =>
  r.inOrderValuesCompared === 0 ? 0 : r.inOrderValuesEqual / r.inOrderValuesCompared;

/** Mismatches, if any, are all in terminal_fraud_risk_* features. */
export const confinedToLabelRace = (r: ParityReport): boolean =>
  r.mismatches.every((m) => isLabelRaceFeature(m.feature));

/** Parity holds: every offline row was scored once or more and enough values are equal. */
export const parityHolds = (r: ParityReport, minShare = 0.999): boolean =>
  r.rowsCompared > 0 && r.missingOnline === 0 && r.extraOnline === 0 && shareEqual(r) >= minShare;

export function formatParityReport(r: ParityReport): string {
  const pct = (x: number) => `${(100 * x).toFixed(4)} %`;
  const lines = [
    `rows compared:      ${r.rowsCompared} of ${r.offlineRows} offline rows (${r.features} features each)`,
    `decisions:          ${r.missingOnline} missing, ${r.extraOnline} without an offline row, ${r.duplicateDecisions} duplicates`,
    `values compared:    ${r.valuesCompared}`,
    `values equal:       ${r.valuesEqual} (${pct(shareEqual(r))})`,
    `max abs difference: ${r.maxAbsDiff}`,
    `rows with a mismatch: ${r.rowsMismatched}`,
    `scored early:       ${r.earlyRows} transactions were scored before part of their own past was recorded` +
      (r.earlyRows > 0
        ? ` (${r.earlyRowsMismatched} of them mismatch); the other rows: ${r.rowsMismatched - r.earlyRowsMismatched} mismatch, ${pct(shareEqualInOrder(r))} of their values equal`
        : ""),
  ];
  if (r.mismatches.length === 0) {
    lines.push("mismatches:         none");
  } else {
    lines.push(
      `mismatches:         ${r.mismatches.reduce((n, m) => n + m.count, 0)} values in ${r.mismatches.length} features; ` +
        (confinedToLabelRace(r)
          ? "all in terminal_fraud_risk_* (labels race)"
          : `NOT confined to terminal_fraud_risk_* (${r.rowsWithNonLabelMismatch} rows have other mismatches)`),
    );
    for (const m of r.mismatches) {
      lines.push(`  ${m.feature}: ${m.count} values, max abs diff ${m.maxAbsDiff}`);
      for (const e of m.examples) lines.push(`    ${e.transaction_id}: offline ${e.offline}, online ${e.online}`);
    }
  }
  return lines.join("\n");
}
