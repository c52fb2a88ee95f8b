import type { Alert, Decision, Reason, ShadowScore, Transaction } from "@fraud/contracts";
import { type Contribution, type Judged, reasonCode, type Thresholds, type Verdict } from "../decide/index.js";

/** The fields every decision and alert share, taken from one scored transaction. */
export interface Scored {
  tx: Transaction;
  score: number;
  verdict: Verdict;
  features: Record<string, number>;
  scoredAt: number;
  /** The shadow challenger's score, null when no model is in shadow. */
  shadow?: ShadowScore | null;
  /** From the rules stage; absent when scoring without it (the model's verdict is final). */
  rules?: { modelVerdict: Verdict; matched: string[]; version: string; reason: string };
}

export interface ModelInfo {
  version: string;
  featureSetVersion: string;
  thresholds: Thresholds;
}

export function decisionRecord(s: Scored, model: ModelInfo): Decision {
  return {
    transaction_id: s.tx.transaction_id,
    card_token: s.tx.card_token,
    terminal_id: s.tx.terminal_id,
    event_time: s.tx.event_time,
    amount_minor: s.tx.amount_minor,
    currency: s.tx.currency,
    score: s.score,
    decision: s.verdict,
    review_threshold: model.thresholds.review,
    decline_threshold: model.thresholds.decline,
    model_version: model.version,
    feature_set_version: model.featureSetVersion,
    features: s.features,
    scored_at: s.scoredAt,
    shadow: s.shadow ?? null,
    matched_rules: s.rules?.matched ?? [],
    rules_version: s.rules?.version ?? "",
    model_decision: s.rules?.modelVerdict ?? s.verdict,
    verdict_reason: s.rules?.reason ?? "",
    merchant_category: s.tx.merchant_category ?? null,
    channel: s.tx.channel ?? null,
    country: s.tx.country ?? null,
    customer_id: s.tx.customer_id ?? null,
  };
}

export function alertRecord(
  s: Scored,
  model: ModelInfo,
  contributions: readonly Contribution[],
  describe: (feature: string) => string,
  explanation: Judged["explanation"] = { method: "occlusion", expectedValue: null },
): Alert {
  const threshold = s.verdict === "decline" ? model.thresholds.decline : model.thresholds.review;
  const { review_threshold: _r, decline_threshold: _d, shadow: _s, ...shared } = decisionRecord(s, model);
  const units = explanation.method === "treeshap" ? "the fraud log-odds" : "the score";
  return {
    ...shared,
    threshold,
    reasons: contributions.map((c) => reason(c, describe, units)),
    reasons_method: explanation.method,
    reasons_base: explanation.expectedValue,
  };
}

function reason(c: Contribution, describe: (feature: string) => string, units: string): Reason {
  return {
    feature: c.feature,
    value: c.value,
    contribution: c.contribution,
    detail: `${describe(c.feature)} is ${fmt(c.value)} (typical ${fmt(c.reference)}); it adds ${c.contribution.toFixed(3)} to ${units}`,
    code: reasonCode(c.feature),
  };
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));
