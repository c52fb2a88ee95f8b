import type { TreeEnsemble } from "./trees.js";

/**
 * The scoring port. One call per batch: `rows` holds n feature vectors of width
 * `features.length`, row-major, in the card's feature order.
 */
export interface Model {
  readonly version: string;
  readonly featureSetVersion: string;
  readonly features: readonly string[];
  readonly thresholds: { review: number; decline: number };
  readonly referenceValues: Readonly<Record<string, number>>;
  /** The same trees for exact attributions, when the card names a trees_file. */
  readonly trees?: TreeEnsemble;
  /** Fraud probabilities, one per row. */
  predict(rows: Float32Array, n: number): Promise<Float32Array>;
  close(): Promise<void>;
}
