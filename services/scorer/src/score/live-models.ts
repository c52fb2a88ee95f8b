import type { Logger, RedisClient } from "@fraud/platform";
import type { Kafka } from "kafkajs";
import type { Registry } from "prom-client";
import type { Thresholds } from "../decide/index.js";
import type { FeatureSet } from "../features/index.js";
import { registerModelMetrics } from "../ops/drift-metrics.js";
import { createModelBoard, type ModelBoard } from "./board.js";
import type { Model } from "./model.js";
import { loadOnnxModel } from "./onnx.js";
import { followRegistry } from "./registry/topic.js";
import { createVersionMemory } from "./version-memory.js";

/**
 * The scorer's models for its whole life: MODEL_DIR's model as the baseline and, with a
 * registry, a follower of the deployment's registry that swaps champion and shadow live.
 * Resolves once the registry's current state is loaded, so the first batch already uses it.
 */
export async function startModels(o: {
  baseline: { model: Model; dir: string };
  registryDir: string;
  deployment: string;
  modelsTopic: string;
  groupId: string;
  featureSet: FeatureSet;
  threads: number;
  thresholdsOf: (m: Model) => Thresholds;
  cacheSize: number;
  driftWindow: number;
  txnTtlMs: number;
  keyPrefix: string;
  kafka: Kafka;
  redis: RedisClient;
  registry: Registry;
  logger: Logger;
  /** Wraps every model the registry loads (e.g. ONNX timing metrics). */
  instrument?: (m: Model) => Model;
}): Promise<{ board: ModelBoard; stop(): Promise<void> }> {
  const withRegistry = o.registryDir !== "";
  let metrics: ReturnType<typeof registerModelMetrics> | undefined;
  const board = await createModelBoard({
    baseline: o.baseline,
    registryDir: withRegistry ? o.registryDir : undefined,
    load: (dir) =>
      loadOnnxModel({ dir, featureSet: o.featureSet, threads: o.threads }).then((m) => o.instrument?.(m) ?? m),
    thresholdsOf: o.thresholdsOf,
    cacheSize: o.cacheSize,
    // Every feature is non-negative except the -1 "none" sentinel (e.g. no previous transaction).
    drift: { size: o.driftWindow, chunks: 10, isDefault: (x) => x < 0 },
    memory: withRegistry ? createVersionMemory(o.redis, o.keyPrefix, o.txnTtlMs) : undefined,
    logger: o.logger,
    onSwap: (role) => metrics?.swaps.inc({ role }),
  });
  metrics = registerModelMetrics(o.registry, board);
  if (!withRegistry) return { board, stop: () => board.close() };

  const follower = await followRegistry({
    kafka: o.kafka,
    topic: o.modelsTopic,
    deployment: o.deployment,
    groupPrefix: o.groupId,
    logger: o.logger.child({ component: "model-registry" }),
    onState: (state) => board.apply(state),
  });
  await follower.ready;
  o.logger.info(
    { deployment: o.deployment, champion: board.current().champion.version, shadow: board.current().shadow?.version },
    "following the model registry",
  );
  return {
    board,
    async stop() {
      await follower.stop();
      await board.close();
    },
  };
}
