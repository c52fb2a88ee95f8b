export { deadLetter, deadLetters, type Origin } from "./dead-letter.js";
export { batchOutputs, type OutputTopics } from "./outputs.js";
export { alertRecord, decisionRecord, type ModelInfo, type Scored } from "./records.js";
export {
  type ConsumedPosition,
  createTransactionalSink,
  kafkaError,
  type OutboundRecord,
  type TransactionalSink,
} from "./sink.js";
