/**
 * Evaluation metrics, pure functions over scored rows. Undefined cases (no positives,
 * no negatives, no alerts) return NaN rather than a made-up number; the report prints
 * them as "n/a" and the JSON as null.
 */
export interface ScoredRow {
  transactionId: string;
  cardToken: string;
  /** Epoch ms of the payment; card precision groups by its UTC day. */
  eventTime: number;
  score: number;
  /** The decision in use flagged it (decision != "approve"). */
  flagged: boolean;
  isFraud: boolean;
}

/**
 * Area under the ROC curve by the rank-sum (Mann-Whitney U) identity:
 * AUC = (sum of positive ranks - P(P+1)/2) / (P N), ranks ascending by score, tied
 * scores sharing the average of their ranks (a tie counts as half a correct pair).
 */
export function aucRoc(rows: readonly Pick<ScoredRow, "score" | "isFraud">[]): number {
  const sorted = [...rows].sort((a, b) => a.score - b.score);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) j++;
    const avgRank = (i + 1 + j) / 2; // ranks i+1..j
    for (let k = i; k < j; k++) {
      if (sorted[k]!.isFraud) {
        pos++;
        rankSum += avgRank;
      }
    }
    i = j;
  }
  const neg = sorted.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Average precision as scikit-learn defines it: AP = sum_n (R_n - R_{n-1}) P_n over
 * the distinct score thresholds from high to low (tied scores enter together), with
 * no interpolation.
 */
export function averagePrecision(rows: readonly Pick<ScoredRow, "score" | "isFraud">[]): number {
  const sorted = [...rows].sort((a, b) => b.score - a.score);
  const positives = sorted.filter((r) => r.isFraud).length;
  if (positives === 0) return Number.NaN;
  let tp = 0;
  let fp = 0;
  let prevRecall = 0;
  let ap = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) {
      if (sorted[j]!.isFraud) tp++;
      else fp++;
      j++;
    }
    const recall = tp / positives;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
    i = j;
  }
  return ap;
}

export interface ThresholdMetrics {
  precision: number;
  recall: number;
  alertRate: number;
  flagged: number;
  truePositives: number;
}

/** Precision, recall and alert rate of the decisions actually taken. */
export function atThreshold(rows: readonly Pick<ScoredRow, "flagged" | "isFraud">[]): ThresholdMetrics {
  let flagged = 0;
  let tp = 0;
  let positives = 0;
  for (const r of rows) {
    if (r.flagged) flagged++;
    if (r.isFraud) positives++;
    if (r.flagged && r.isFraud) tp++;
  }
  return {
    precision: flagged === 0 ? Number.NaN : tp / flagged,
    recall: positives === 0 ? Number.NaN : tp / positives,
    alertRate: rows.length === 0 ? Number.NaN : flagged / rows.length,
    flagged,
    truePositives: tp,
  };
}

const DAY_MS = 86_400_000;

/**
 * Card precision top-k, the daily workload view of an investigation team: each UTC
 * day, every card gets its highest score of the day; the k highest cards are checked;
 * the metric is the share of them with at least one fraudulent payment that day,
 * averaged over days. On a day with fewer than k cards the divisor is the number of
 * cards, so a small test set is not penalised for cards it does not have. Ties at the
 * cut are broken by card token, to be deterministic.
 */
export function cardPrecisionTopK(
  rows: readonly Pick<ScoredRow, "cardToken" | "eventTime" | "score" | "isFraud">[],
  k: number,
): number {
  const days = new Map<number, Map<string, { max: number; fraud: boolean }>>();
  for (const r of rows) {
    const day = Math.floor(r.eventTime / DAY_MS);
    const cards = days.get(day) ?? new Map<string, { max: number; fraud: boolean }>();
    days.set(day, cards);
    const c = cards.get(r.cardToken);
    if (!c) cards.set(r.cardToken, { max: r.score, fraud: r.isFraud });
    else {
      c.max = Math.max(c.max, r.score);
      c.fraud ||= r.isFraud;
    }
  }
  if (days.size === 0) return Number.NaN;
  let sum = 0;
  for (const cards of days.values()) {
    const top = [...cards].sort((a, b) => b[1].max - a[1].max || (a[0] < b[0] ? -1 : 1)).slice(0, k);
    sum += top.filter(([, c]) => c.fraud).length / top.length;
  }
  return sum / days.size;
}

export interface EvaluationReport {
  transactions: number;
  frauds: number;
  aucRoc: number;
  averagePrecision: number;
  precision: number;
  recall: number;
  alertRate: number;
  k: number;
  cardPrecisionTopK: number;
}

export function evaluateRows(rows: readonly ScoredRow[], k: number): EvaluationReport {
  const t = atThreshold(rows);
  return {
    transactions: rows.length,
    frauds: rows.filter((r) => r.isFraud).length,
    aucRoc: aucRoc(rows),
    averagePrecision: averagePrecision(rows),
    precision: t.precision,
    recall: t.recall,
    alertRate: t.alertRate,
    k,
    cardPrecisionTopK: cardPrecisionTopK(rows, k),
  };
}
