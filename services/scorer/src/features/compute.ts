import type { Transaction } from "@fraud/contracts";
import { deriveFeatures } from "./derive.js";
import type { FeatureSet } from "./feature-set.js";
import type { FeatureStore } from "./store.js";

export interface Featured {
  values: number[];
  redelivered: boolean;
}

/** The features stage: one Redis round trip for the batch, then pure derivation. */
export async function computeFeatures(
  store: FeatureStore,
  set: FeatureSet,
  txs: readonly Transaction[],
): Promise<Featured[]> {
  const recorded = await store.recordBatch(txs);
  return recorded.map((r, i) => ({
    values: deriveFeatures(set, txs[i] as Transaction, r.raw),
    redelivered: r.redelivered,
  }));
}
