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
  code?: string;
}

export type AlertView = Omit<Alert, "reasons"> & {
  reasons: ReasonView[];
  matched_rules?: string[] | null;
  rules_version?: string | null;
  verdict_reason?: string | null;
  merchant_category?: string | null;
  channel?: string | null;
  country?: string | null;
  customer_id?: string | null;
};

export type DecisionView = Decision & {
  matched_rules?: string[] | null;
  verdict_reason?: string | null;
};

export type LabelView = Label;

/** Reads an optional string-list field whatever shape a later schema gives it. */
export function stringList(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.map((x) =>
    typeof x === "string" ? x : typeof x === "object" && x ? String(Object.values(x)[0]) : String(x),
  );
}
