import { DECLARATIONS, describe, type FeatureDeclaration, featureName } from "../features/declarations.js";

/**
 * Reason codes: one stable identifier per feature, derived mechanically from its declaration
 * (entity, operation, window), never typed per feature, so case systems and customer letters
 * can key on them:  R_<ENTITY>_<WHAT>[_<WINDOW>], e.g. R_CARD_AMOUNT_SPIKE_7D.
 *
 * Stability contract: a code changes only when its declaration changes (which also changes the
 * feature name and the feature-set version). Adding an operation forces a new entry in
 * WHAT (the Record type is exhaustive), never a silent fallback.
 */
const WHAT: Readonly<Record<FeatureDeclaration["op"], string>> = {
  value: "AMOUNT",
  hour_of_day: "HOUR",
  is_weekend: "WEEKEND",
  is_night: "NIGHT",
  count: "VELOCITY",
  sum: "SPEND",
  avg: "AVG_AMOUNT",
  max: "MAX_AMOUNT",
  ratio_to_avg: "AMOUNT_SPIKE",
  seconds_since_prev: "TIME_SINCE_LAST",
  risk: "FRAUD_RISK",
};

export interface ReasonEntry {
  code: string;
  feature: string;
  /** The declaration's sentence, the start of every alert reason's detail. */
  description: string;
}

export function codeOf(d: FeatureDeclaration): string {
  const window = "window" in d ? `_${d.window}` : "";
  return `R_${d.entity}_${WHAT[d.op]}${window}`.toUpperCase();
}

export function reasonCatalogue(declarations: readonly FeatureDeclaration[] = DECLARATIONS): ReasonEntry[] {
  return declarations.map((d) => ({ code: codeOf(d), feature: featureName(d), description: describe(d) }));
}

const BY_FEATURE = new Map(reasonCatalogue().map((e) => [e.feature, e]));

/** The code of a declared feature; a feature outside the declarations gets R_FEATURE_<NAME>. */
export function reasonCode(feature: string): string {
  return BY_FEATURE.get(feature)?.code ?? `R_FEATURE_${feature.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}`;
}

/** The catalogue as the README shows it (services/scorer/src/cli/reason-codes.ts prints it). */
export function catalogueMarkdown(entries: readonly ReasonEntry[] = reasonCatalogue()): string {
  const rows = entries.map((e) => `| \`${e.code}\` | \`${e.feature}\` | ${e.description} |`);
  return ["| Code | Feature | Meaning |", "| --- | --- | --- |", ...rows].join("\n");
}
