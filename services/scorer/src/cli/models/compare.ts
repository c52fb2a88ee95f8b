import type { Decision, ShadowScore } from "@fraud/contracts";
import { aucRoc, averagePrecision } from "@fraud/traffic";

/**
 * The evidence for promoting a shadow: champion and shadow on the same transactions
 * (decisions that carry a shadow score), and on the labelled subset both models' AUC,
 * AP and recall when each flags the same share of traffic as the champion does.
 */
export interface ShadowComparison {
  champion: string[];
  shadow: string;
  transactions: number;
  agreement: number;
  correlation: number;
  alertRate: { champion: number; shadow: number; difference: number };
  labelled: {
    transactions: number;
    frauds: number;
    champion: { auc: number; ap: number; recallAtAlertRate: number };
    shadow: { auc: number; ap: number; recallAtAlertRate: number };
  };
}

const flagged = (verdict: string) => verdict !== "approve";

export function compareShadow(
  decisions: readonly Decision[],
  labels: ReadonlyMap<string, boolean>,
  shadowVersion?: string,
): ShadowComparison | undefined {
  const pairs = decisions.filter(
    (d): d is Decision & { shadow: ShadowScore } =>
      !!d.shadow && (shadowVersion === undefined || d.shadow.model_version === shadowVersion),
  );
  if (pairs.length === 0) return undefined;
  const shadow = shadowVersion ?? (pairs.at(-1) as Decision & { shadow: ShadowScore }).shadow.model_version;
  const same = pairs.filter((d) => d.shadow.model_version === shadow);
  const n = same.length;
  const agree = same.filter((d) => d.decision === d.shadow.decision).length;
  const champRate = same.filter((d) => flagged(d.decision)).length / n;
  const shadowRate = same.filter((d) => flagged(d.shadow.decision)).length / n;

  const labelled = same.filter((d) => labels.has(d.transaction_id));
  const rows = (score: (d: (typeof same)[number]) => number) =>
    labelled.map((d) => ({ score: score(d), isFraud: labels.get(d.transaction_id) === true }));
  const champRows = rows((d) => d.score);
  const shadowRows = rows((d) => d.shadow.score);
  const labelledRate = labelled.filter((d) => flagged(d.decision)).length / Math.max(1, labelled.length);
  return {
    champion: [...new Set(same.map((d) => d.model_version))],
    shadow,
    transactions: n,
    agreement: agree / n,
    correlation: pearson(
      same.map((d) => d.score),
      same.map((d) => d.shadow.score),
    ),
    alertRate: { champion: champRate, shadow: shadowRate, difference: shadowRate - champRate },
    labelled: {
      transactions: labelled.length,
      frauds: champRows.filter((r) => r.isFraud).length,
      champion: {
        auc: aucRoc(champRows),
        ap: averagePrecision(champRows),
        recallAtAlertRate: recallAt(champRows, labelledRate),
      },
      shadow: {
        auc: aucRoc(shadowRows),
        ap: averagePrecision(shadowRows),
        recallAtAlertRate: recallAt(shadowRows, labelledRate),
      },
    },
  };
}

/** Recall when the highest-scored `rate` share of rows is flagged (ties at the cut included). */
export function recallAt(rows: readonly { score: number; isFraud: boolean }[], rate: number): number {
  const frauds = rows.filter((r) => r.isFraud).length;
  if (frauds === 0 || rows.length === 0) return Number.NaN;
  const k = Math.round(rate * rows.length);
  if (k === 0) return 0;
  const sorted = [...rows].sort((a, b) => b.score - a.score);
  const cut = (sorted[k - 1] as { score: number }).score;
  return sorted.filter((r) => r.score >= cut && r.isFraud).length / frauds;
}

export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (n < 2) return Number.NaN;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

const f = (x: number, digits = 4) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");

export function formatComparison(c: ShadowComparison): string {
  const l = c.labelled;
  return [
    `champion ${c.champion.join(", ")} vs shadow ${c.shadow} on ${c.transactions} transactions`,
    `verdict agreement     ${f(c.agreement)}`,
    `score correlation     ${f(c.correlation)}`,
    `alert rate            champion ${f(c.alertRate.champion)}  shadow ${f(c.alertRate.shadow)}  difference ${f(c.alertRate.difference)}`,
    `labelled subset       ${l.transactions} transactions, ${l.frauds} frauds`,
    `  champion            AUC ${f(l.champion.auc)}  AP ${f(l.champion.ap)}  recall@champion alert rate ${f(l.champion.recallAtAlertRate)}`,
    `  shadow              AUC ${f(l.shadow.auc)}  AP ${f(l.shadow.ap)}  recall@champion alert rate ${f(l.shadow.recallAtAlertRate)}`,
    "",
  ].join("\n");
}
