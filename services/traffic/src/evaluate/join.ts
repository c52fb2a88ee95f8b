import type { Decision } from "@fraud/contracts";
import type { Truth } from "../simulate/model.js";
import type { ScoredRow } from "./metrics.js";

export interface Joined {
  rows: ScoredRow[];
  /** Decisions whose transaction is not in the truth file. */
  withoutTruth: number;
  /** Later decisions for an already-seen transaction (a replay or redelivery); the first one counts. */
  duplicates: number;
  /** Truth rows no decision mentions (not scored yet, or dead-lettered). */
  unscored: number;
}

/** Joins decisions to ground truth on transaction_id. flagged = the decision was not "approve". */
export function joinDecisions(decisions: Iterable<Decision>, truth: ReadonlyMap<string, Truth>): Joined {
  const seen = new Set<string>();
  const rows: ScoredRow[] = [];
  let withoutTruth = 0;
  let duplicates = 0;
  for (const d of decisions) {
    if (seen.has(d.transaction_id)) {
      duplicates++;
      continue;
    }
    seen.add(d.transaction_id);
    const t = truth.get(d.transaction_id);
    if (!t) {
      withoutTruth++;
      continue;
    }
    rows.push({
      transactionId: d.transaction_id,
      cardToken: d.card_token,
      eventTime: d.event_time,
      score: d.score,
      flagged: d.decision !== "approve",
      isFraud: t.is_fraud,
    });
  }
  return { rows, withoutTruth, duplicates, unscored: truth.size - rows.length };
}
