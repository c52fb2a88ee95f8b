export type { Model } from "./model.js";
export { checkFeatures, type ModelCard, parseModelCard } from "./model-card.js";
export { type LoadOptions, loadOnnxModel } from "./onnx.js";
export { scoreRows } from "./score.js";
export { parseLightGbmText, type TreeEnsemble } from "./trees.js";
