export { decide, resolveThresholds, type Thresholds, type Verdict } from "./decide.js";
export { decideBatch, type Judged } from "./decide-batch.js";
export { type Contribution, explainByOcclusion } from "./explain.js";
