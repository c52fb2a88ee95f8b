import type { Transaction } from "@fraud/contracts";
import type { FraudError } from "@fraud/platform";
import { deriveFeatures } from "./derive.js";
import type { FeatureSet } from "./feature-set.js";
import type { FeatureStore } from "./store.js";

export type Featured =
  | { values: number[]; redelivered: boolean; conflict?: undefined }
  /** A reused transaction id with other content: dead-letter it, never score it. */
  | { conflict: FraudError; values?: undefined; redelivered?: undefined };

/** The features stage: the store's round trips for the batch, then pure derivation. */
export async function computeFeatures(
  store: FeatureStore,
  set: FeatureSet,
  txs: readonly Transaction[],
): Promise<Featured[]> {
  const recorded = await store.recordBatch(txs);
  return recorded.map((r, i) =>
    r.conflict
      ? { conflict: r.conflict }
      : { values: deriveFeatures(set, txs[i] as Transaction, r.raw), redelivered: r.redelivered },
  );
}
