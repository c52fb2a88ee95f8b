export {
  type CaseView,
  createDesk,
  type Desk,
  type LabelResult,
  matches,
  type QueueCounts,
  type QueueRow,
  reasonCode,
} from "./desk/desk.js";
export {
  ANALYST_PATTERN,
  ID_PATTERN,
  MAX_NOTE,
  type Parsed,
  parseId,
  parseNote,
  parseQueueFilter,
  type QueueFilter,
} from "./desk/filter.js";
export { type Feed, type FeedTopics, startFeed } from "./feed/kafka-feed.js";
export { CaseIndex, DEFAULT_LIMITS, type IndexLimits, isFraud, type TerminalRate } from "./index/case-index.js";
export { type AlertView, type DecisionView, type LabelView, type ReasonView, stringList } from "./index/records.js";
export { analystLabel, analystLabelId, type Verdict } from "./labels/label.js";
export { kafkaLabelSink, type LabelSink } from "./labels/sink.js";
export { casesSettings, type OpenedDesk, opened } from "./open.js";
export {
  type ActionKind,
  type CaseAction,
  type CaseState,
  type CaseStatus,
  type CaseStore,
  createCaseStore,
  DEFAULT_CASE_TTL_MS,
  transition,
} from "./store/case-store.js";
