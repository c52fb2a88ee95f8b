export type { CompareOp, Condition, FieldType, Literal, Operand, Vocabulary } from "./ast.js";
export {
  type BacktestReport,
  backtest,
  formatBacktest,
  modelVerdictOf,
  type RuleStats,
  transactionOf,
} from "./backtest.js";
export { batchMembership } from "./batch.js";
export { checkCondition } from "./check.js";
export { evaluate, type Facts, listLookups } from "./evaluate.js";
export { type AuditEntry, checkListName, createListStore, type ListStore, listKeys } from "./lists.js";
export { ConditionError, parseCondition } from "./parse.js";
export { combine, type Final, type Verdict } from "./policy.js";
export {
  ACTIONS,
  type Action,
  compileRules,
  loadRuleFile,
  type Membership,
  matchRules,
  NO_RULES,
  type Rule,
  type RuleSet,
  TRANSACTION_FIELDS,
  vocabulary,
} from "./ruleset.js";
