export { decide, resolveThresholds, type Thresholds, type Verdict } from "./decide.js";
export { decideBatch, type Judged } from "./decide-batch.js";
export { type Contribution, explainByOcclusion } from "./explain.js";
export { watchRuleFile } from "./rule-source.js";
export { createRulesStage, type Ruled, type RulesStage } from "./rules.js";
