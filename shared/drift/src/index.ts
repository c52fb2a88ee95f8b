export {
  type BinShift,
  band,
  binLabel,
  binOf,
  type Comparison,
  compare,
  PSI_BANDS,
  PSI_FLOOR,
  type PsiBand,
  psi,
  type ReferenceDistribution,
  referenceOf,
  sharesOf,
} from "./psi.js";
export { type DriftReferences, parseReferences } from "./reference.js";
export { createDriftWindow, type DriftWindow, SCORE, type WindowOptions, type WindowSnapshot } from "./window.js";
