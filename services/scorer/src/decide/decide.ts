import { FraudError } from "@fraud/platform";

/** Turning a score into a decision. Thresholds come from the model card, overridable by config. */
export type Verdict = "approve" | "review" | "decline";

export interface Thresholds {
  review: number;
  decline: number;
}

export function decide(score: number, t: Thresholds): Verdict {
  if (score >= t.decline) return "decline";
  if (score >= t.review) return "review";
  return "approve";
}

/** Config overrides win over the card; the result must still be ordered. */
export function resolveThresholds(
  card: Thresholds,
  overrides: { review?: number | undefined; decline?: number | undefined },
): Thresholds {
  const t = { review: overrides.review ?? card.review, decline: overrides.decline ?? card.decline };
  if (!(t.review <= t.decline)) {
    throw new FraudError(
      "CONFIG_INVALID",
      `review threshold ${t.review} is above decline threshold ${t.decline}; set REVIEW_THRESHOLD <= DECLINE_THRESHOLD`,
    );
  }
  return t;
}
