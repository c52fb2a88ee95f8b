import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { FraudError } from "@fraud/platform";
import * as ort from "onnxruntime-node";
import type { Model } from "./model.js";
import { checkFeatures, type ModelCard, parseModelCard } from "./model-card.js";
import { parseLightGbmText, type TreeEnsemble } from "./trees.js";

export interface LoadOptions {
  /** Directory with model-card.json and the model file it names. */
  dir: string;
  /** The features the scorer computes; a card that differs is refused. */
  featureSet: { version: string; names: readonly string[] };
  /** onnxruntime threads per inference; 1 leaves the other core to Kafka and Redis. */
  threads?: number;
}

export async function loadOnnxModel(options: LoadOptions): Promise<Model> {
  const cardPath = join(options.dir, "model-card.json");
  let card: ModelCard;
  try {
    card = parseModelCard(JSON.parse(await readFile(cardPath, "utf8")), cardPath);
  } catch (cause) {
    if (cause instanceof FraudError) throw cause;
    throw new FraudError(
      "MODEL_LOAD",
      `Cannot read model card ${cardPath}: ${(cause as Error).message}. Set MODEL_DIR to a directory with model-card.json and the model.`,
      { cause },
    );
  }
  checkFeatures(card, options.featureSet);

  const modelPath = join(options.dir, card.model_file);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(modelPath, {
      intraOpNumThreads: options.threads ?? 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: "all",
    });
  } catch (cause) {
    throw new FraudError("MODEL_LOAD", `Cannot load ONNX model ${modelPath}: ${(cause as Error).message}`, { cause });
  }
  const { input, probabilities_output: output, positive_class_index: positive } = card.onnx;
  if (!session.inputNames.includes(input) || !session.outputNames.includes(output)) {
    throw new FraudError(
      "MODEL_LOAD",
      `ONNX model ${modelPath} has inputs [${session.inputNames}] and outputs [${session.outputNames}]; the card names input "${input}" and output "${output}"`,
    );
  }
  const width = card.features.length;
  const trees = card.trees_file ? await loadTrees(join(options.dir, card.trees_file), width) : undefined;

  return {
    version: card.model_version,
    featureSetVersion: card.feature_set_version,
    features: card.features,
    thresholds: { ...card.thresholds },
    referenceValues: { ...card.reference_values },
    ...(trees ? { trees } : {}),
    async predict(rows, n) {
      if (n === 0) return new Float32Array(0);
      try {
        const result = await session.run({ [input]: new ort.Tensor("float32", rows, [n, width]) });
        const probs = result[output];
        if (!probs) throw new Error(`no output "${output}"`);
        const data = probs.data as Float32Array;
        const classes = data.length / n;
        const out = new Float32Array(n);
        for (let i = 0; i < n; i++) out[i] = data[i * classes + positive] as number;
        return out;
      } catch (cause) {
        throw new FraudError("MODEL_INFERENCE", `ONNX inference failed on ${n} rows: ${(cause as Error).message}`, {
          cause,
        });
      }
    },
    async close() {
      await session.release();
    },
  };
}

async function loadTrees(path: string, width: number): Promise<TreeEnsemble> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new FraudError(
      "MODEL_LOAD",
      `Cannot read tree file ${path} named by the model card's trees_file: ${(cause as Error).message}`,
      { cause },
    );
  }
  return parseLightGbmText(text, path, width);
}
