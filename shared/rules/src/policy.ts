/**
 * How the model's verdict and the matched rules make the final verdict, in this order:
 *   1. a matched decline rule declines;
 *   2. the model's decline stands (an allow rule cannot overrule it; raise the decline
 *      threshold for that);
 *   3. a matched allow rule approves, overriding the model's review and any review rule;
 *   4. a matched review rule, or the model's review, reviews;
 *   5. otherwise approve.
 * The reason says which of these decided, so every decision explains itself.
 */
import type { Action } from "./ruleset.js";

export type Verdict = "approve" | "review" | "decline";

export interface Final {
  verdict: Verdict;
  /** One sentence: what decided the verdict. */
  reason: string;
}

export function combine(
  model: { verdict: Verdict; score: number; threshold: number },
  matched: readonly { id: string; action: Action }[],
): Final {
  const by = (a: Action) => matched.filter((r) => r.action === a).map((r) => r.id);
  const [declines, allows, reviews] = [by("decline"), by("allow"), by("review")];
  const modelSays = `model score ${model.score.toFixed(3)}`;
  if (declines.length > 0) return { verdict: "decline", reason: `decline rule ${declines.join(", ")} matched` };
  if (model.verdict === "decline") {
    return { verdict: "decline", reason: `${modelSays} >= decline threshold ${model.threshold.toFixed(3)}` };
  }
  if (allows.length > 0) {
    const over =
      model.verdict === "review" || reviews.length > 0
        ? ` (overrides ${[model.verdict === "review" ? "the model's review" : "", ...reviews.map((r) => `review rule ${r}`)].filter(Boolean).join(", ")})`
        : "";
    return { verdict: "approve", reason: `allow rule ${allows.join(", ")} matched${over}` };
  }
  if (reviews.length > 0) return { verdict: "review", reason: `review rule ${reviews.join(", ")} matched` };
  if (model.verdict === "review") {
    return { verdict: "review", reason: `${modelSays} >= review threshold ${model.threshold.toFixed(3)}` };
  }
  return { verdict: "approve", reason: `${modelSays} below the review threshold; no rule matched` };
}
