import { copyFile, mkdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { parseReferences } from "@fraud/drift";
import { FraudError } from "@fraud/platform";
import { checkFeatures, type ModelCard, parseModelCard } from "../model-card.js";
import { loadOnnxModel } from "../onnx.js";
import type { CardSummary } from "./state.js";

/**
 * The registry's artifact store: MODEL_REGISTRY_DIR/<version>/ holds the version's
 * model-card.json, the ONNX file it names and report.html when training wrote one.
 * Written once by `models register`, read by every scorer; a version folder is never
 * changed afterwards (a new model is a new version).
 */
export const CARD_FILE = "model-card.json";
const REPORT_FILE = "report.html";

export async function readCard(dir: string): Promise<ModelCard> {
  const path = join(dir, CARD_FILE);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (cause) {
    throw new FraudError("MODEL_PROMOTION_REFUSED", `cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  try {
    return parseModelCard(json, path);
  } catch (err) {
    throw new FraudError("MODEL_PROMOTION_REFUSED", (err as Error).message, { cause: err });
  }
}

/**
 * Everything a scorer checks before it would use a model, done before the registry
 * lets it anywhere near traffic: the card parses, its features are exactly the ones
 * this scorer computes (same names, order and feature-set version), and onnxruntime
 * loads the file with the input and output the card names.
 */
export async function validateModelDir(
  dir: string,
  featureSet: { version: string; names: readonly string[] },
): Promise<ModelCard> {
  const card = await readCard(dir);
  try {
    checkFeatures(card, featureSet);
    const model = await loadOnnxModel({ dir, featureSet });
    await model.close();
  } catch (err) {
    throw new FraudError("MODEL_PROMOTION_REFUSED", `model ${card.model_version} refused: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return card;
}

export function summarize(card: ModelCard): CardSummary {
  const metrics: Record<string, number> = {};
  const m = card.metrics;
  if (typeof m === "object" && m !== null) {
    for (const [k, v] of Object.entries(m)) if (typeof v === "number") metrics[k] = v;
  }
  return {
    feature_set_version: card.feature_set_version,
    features: card.features.length,
    thresholds: { ...card.thresholds },
    has_reference_distributions: parseReferences(card.reference_distributions) !== undefined,
    ...(Object.keys(metrics).length > 0 ? { metrics } : {}),
  };
}

/** A folder name for a version: its own name when that is a safe path segment. */
export function folderOf(version: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(version)) {
    throw new FraudError(
      "MODEL_PROMOTION_REFUSED",
      `model version ${JSON.stringify(version)} is not a safe folder name`,
    );
  }
  return version;
}

/** Copies a model folder into the registry directory; refuses to overwrite a registered version. */
export async function storeArtifacts(registryDir: string, source: string, card: ModelCard): Promise<string> {
  const folder = folderOf(card.model_version);
  const target = join(registryDir, folder);
  if (await exists(target)) {
    throw new FraudError(
      "MODEL_PROMOTION_REFUSED",
      `${target} already exists: version ${card.model_version} is stored`,
    );
  }
  await mkdir(target, { recursive: true });
  try {
    await copyFile(join(source, card.model_file), join(target, card.model_file));
    if (await exists(join(source, REPORT_FILE))) await copyFile(join(source, REPORT_FILE), join(target, REPORT_FILE));
    // The card last: a folder with a card is complete.
    await copyFile(join(source, CARD_FILE), join(target, CARD_FILE));
  } catch (cause) {
    await rm(target, { recursive: true, force: true });
    throw new FraudError("MODEL_PROMOTION_REFUSED", `cannot copy ${source} into ${target}`, { cause });
  }
  return folder;
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );
