export { computeFeatures, type Featured } from "./compute.js";
export { DECLARATIONS, describe, type FeatureDeclaration, featureName, WINDOWS } from "./declarations.js";
export { deriveFeatures, type FeatureInput, type RawAggregates } from "./derive.js";
export { buildFeatureSet, FEATURE_SET, type FeatureSet, featureSetManifest } from "./feature-set.js";
export { type KeySpace, keySpace } from "./keys.js";
export { extractFeatures } from "./offline.js";
export * from "./store.js";
