import type { Alert, Decision, Label } from "@fraud/contracts";

/**
 * Alerts and decisions as the console reads them: the v1 fields every version carries,
 * plus what later schema versions add (reason codes, matched rules, verdict reason,
 * merchant context), all optional so the console works before and after those land.
 */
export interface ReasonView {
  feature: string;
  value: number;
  contribution: number;
  detail: string;
  /** v2+: a stable reason code; "" or absent in alerts written as v1. */
  code?: string;
}

type AlertV1Field =
  | "transaction_id"
  | "card_token"
  | "terminal_id"
  | "event_time"
  | "amount_minor"
  | "currency"
  | "score"
  | "threshold"
  | "decision"
  | "model_version"
  | "feature_set_version"
  | "features"
  | "scored_at";

/** Fields added by later versions of both alerts and decisions; optional here. */
interface LaterFields {
  matched_rules?: string[] | null;
  rules_version?: string | null;
  model_decision?: string | null;
  verdict_reason?: string | null;
  merchant_category?: string | null;
  channel?: string | null;
  country?: string | null;
  customer_id?: string | null;
}

export type AlertView = Pick<Alert, AlertV1Field> &
  LaterFields & {
    reasons: ReasonView[];
    /** v2+: "treeshap" (contributions in log-odds, summing with reasons_base to logit(score)) or "occlusion". */
    reasons_method?: string;
    reasons_base?: number | null;
  };

type DecisionV1Field = Exclude<keyof Decision, keyof LaterFields>;

export type DecisionView = Pick<Decision, DecisionV1Field> & LaterFields;

export type LabelView = Label;

/** Reads an optional string-list field whatever shape a later schema gives it. */
export function stringList(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.map((x) =>
    typeof x === "string" ? x : typeof x === "object" && x ? String(Object.values(x)[0]) : String(x),
  );
}
