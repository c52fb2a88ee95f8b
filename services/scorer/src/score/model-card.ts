import { FraudError } from "@fraud/platform";

/**
 * The model card: what a model is, what it expects and how good it is. Written by
 * training/ (schema "fraud-model-card/1"); the scorer reads only the parts it needs and
 * refuses to start on a card it cannot trust.
 */
export interface ModelCard {
  schema: "fraud-model-card/1";
  model_version: string;
  model_file: string;
  /**
   * LightGBM's text model of the same trees (written and checked by training/fraudtrain/trees.py).
   * With it, alerts are explained by exact TreeSHAP; without it (older cards), by occlusion.
   */
  trees_file?: string;
  feature_set_version: string;
  features: string[];
  onnx: { input: string; probabilities_output: string; positive_class_index: number };
  thresholds: { review: number; decline: number };
  /** Typical value of each feature; alerts are explained by resetting features to these. */
  reference_values: Record<string, number>;
  metrics?: unknown;
  /** Training-window distributions of the score and each feature, for drift (see @fraud/drift); optional. */
  reference_distributions?: unknown;
}

export function parseModelCard(json: unknown, source: string): ModelCard {
  const problem = (what: string) =>
    new FraudError("MODEL_LOAD", `Model card ${source} is not usable: ${what}`, { details: { source } });
  if (typeof json !== "object" || json === null) throw problem("not a JSON object");
  const c = json as Partial<ModelCard>;
  if (c.schema !== "fraud-model-card/1")
    throw problem(`schema must be "fraud-model-card/1", got ${JSON.stringify(c.schema)}`);
  for (const k of ["model_version", "model_file", "feature_set_version"] as const) {
    if (typeof c[k] !== "string" || c[k] === "") throw problem(`${k} must be a non-empty string`);
  }
  if (!Array.isArray(c.features) || c.features.length === 0 || !c.features.every((f) => typeof f === "string")) {
    throw problem("features must be a non-empty list of names");
  }
  if (c.trees_file !== undefined && (typeof c.trees_file !== "string" || c.trees_file === "")) {
    throw problem("trees_file, when present, must be a non-empty string");
  }
  const o = c.onnx;
  if (
    !o ||
    typeof o.input !== "string" ||
    typeof o.probabilities_output !== "string" ||
    !Number.isInteger(o.positive_class_index)
  ) {
    throw problem("onnx must name input, probabilities_output and positive_class_index");
  }
  const t = c.thresholds;
  if (!t || !isProbability(t.review) || !isProbability(t.decline) || t.decline < t.review) {
    throw problem("thresholds must have review <= decline, both in [0, 1]");
  }
  const refs = c.reference_values ?? {};
  const missing = c.features.filter((f) => typeof refs[f] !== "number");
  if (missing.length > 0) throw problem(`reference_values lacks ${missing.join(", ")}`);
  return c as ModelCard;
}

const isProbability = (x: unknown): x is number => typeof x === "number" && x >= 0 && x <= 1;

/** Refuses a model trained on other features than the scorer computes, naming the difference. */
export function checkFeatures(card: ModelCard, computed: { version: string; names: readonly string[] }): void {
  const want = computed.names;
  const have = card.features;
  const missing = want.filter((n) => !have.includes(n));
  const extra = have.filter((n) => !want.includes(n));
  const sameOrder = missing.length === 0 && extra.length === 0 && want.every((n, i) => have[i] === n);
  if (sameOrder && card.feature_set_version === computed.version) return;
  const parts: string[] = [];
  if (missing.length) parts.push(`the scorer computes features the model lacks: ${missing.join(", ")}`);
  if (extra.length) parts.push(`the model expects features the scorer does not compute: ${extra.join(", ")}`);
  if (!missing.length && !extra.length && !sameOrder) parts.push("the features are in a different order");
  if (card.feature_set_version !== computed.version) {
    parts.push(
      `the model was trained on feature set ${card.feature_set_version}, the scorer computes ${computed.version}`,
    );
  }
  throw new FraudError(
    "MODEL_FEATURE_MISMATCH",
    `Model ${card.model_version} does not fit this scorer: ${parts.join("; ")}. Retrain it on the current features (training/build_default_model.sh) or point MODEL_DIR at a matching model.`,
    { details: { missing, extra } },
  );
}
