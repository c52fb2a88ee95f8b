/**
 * Record types, field for field the latest version of each schema in /schemas.
 * Timestamps (timestamp-millis) are epoch milliseconds as plain numbers, never Date;
 * longs are JS numbers, so a value beyond 2^53 is a decode error, not a silent rounding.
 */

export interface Transaction {
  transaction_id: string;
  event_time: number;
  card_token: string;
  terminal_id: string;
  amount_minor: number;
  currency: string;
  merchant_category: string | null;
  channel: string | null;
  country: string | null;
  customer_id: string | null;
}

export interface Label {
  label_id: string;
  transaction_id: string;
  label_time: number;
  is_fraud: boolean;
  source: string;
}

export interface Decision {
  transaction_id: string;
  card_token: string;
  terminal_id: string;
  event_time: number;
  amount_minor: number;
  currency: string;
  score: number;
  decision: string;
  review_threshold: number;
  decline_threshold: number;
  model_version: string;
  feature_set_version: string;
  features: Record<string, number>;
  scored_at: number;
  /** v2 (rules): filled with their defaults when a v1 record is read. */
  matched_rules?: string[];
  rules_version?: string;
  model_decision?: string;
  verdict_reason?: string;
  merchant_category?: string | null;
  channel?: string | null;
  country?: string | null;
  customer_id?: string | null;
  /** v3: the shadow challenger's score; absent (v1 writers) or null when no model is in shadow. */
  shadow?: ShadowScore | null;
}

/** What a model in shadow would have decided (decision v3); it never decides anything. */
export interface ShadowScore {
  model_version: string;
  score: number;
  decision: string;
}

export interface Reason {
  feature: string;
  value: number;
  /** See schemas/alert.v2.avsc: SHAP value in raw score (log-odds) space when reasons_method is treeshap. */
  contribution: number;
  detail: string;
  /** Stable reason code (R_...); "" in alerts written as v1. */
  code: string;
}

export interface Alert {
  transaction_id: string;
  card_token: string;
  terminal_id: string;
  event_time: number;
  amount_minor: number;
  currency: string;
  score: number;
  threshold: number;
  decision: string;
  model_version: string;
  feature_set_version: string;
  reasons: Reason[];
  features: Record<string, number>;
  scored_at: number;
  /** "treeshap" | "occlusion" ("occlusion" in alerts written as v1). */
  reasons_method: string;
  /** TreeSHAP base value (raw score); null for occlusion. */
  reasons_base: number | null;
  /** v3 (rules): filled with their defaults when a v1 record is read. */
  matched_rules?: string[];
  rules_version?: string;
  model_decision?: string;
  verdict_reason?: string;
  merchant_category?: string | null;
  channel?: string | null;
  country?: string | null;
  customer_id?: string | null;
}

/** The record kinds, each tied to one Kafka value subject. */
export type RecordKind = "transaction" | "label" | "decision" | "alert";

export interface RecordOf {
  transaction: Transaction;
  label: Label;
  decision: Decision;
  alert: Alert;
}

export const SUBJECTS: Readonly<Record<RecordKind, string>> = Object.freeze({
  transaction: "transactions-value",
  label: "labels-value",
  decision: "decisions-value",
  alert: "alerts-value",
});
