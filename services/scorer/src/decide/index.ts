export { decide, resolveThresholds, type Thresholds, type Verdict } from "./decide.js";
export { decideBatch, explainMethod, type Judged } from "./decide-batch.js";
export {
  type Contribution,
  type ExplainMethod,
  explainByOcclusion,
  explainByTreeShap,
  type FlaggedRow,
} from "./explain.js";
export { catalogueMarkdown, type ReasonEntry, reasonCatalogue, reasonCode } from "./reason-codes.js";
export { watchRuleFile } from "./rule-source.js";
export { createRulesStage, type Ruled, type RulesStage } from "./rules.js";
export { createTreeShap, type TreeShap } from "./treeshap.js";
