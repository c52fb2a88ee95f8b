// Public surface of @fraud/traffic: the demo imports live traffic and the metrics from here.
export { type ChargebackParams, chargebackDelay, DEFAULT_CHARGEBACKS } from "./chargebacks/delay.js";
export { chargebackFor, type LabelEvent } from "./chargebacks/feed.js";
export { interleaveLabels, type Timed } from "./chargebacks/interleave.js";
export { readDecisionsFromKafka } from "./evaluate/decisions-kafka.js";
export { joinDecisions } from "./evaluate/join.js";
export {
  atThreshold,
  aucRoc,
  averagePrecision,
  cardPrecisionTopK,
  type EvaluationReport,
  evaluateRows,
  type ScoredRow,
  type ThresholdMetrics,
} from "./evaluate/metrics.js";
export { formatReport, reportJson } from "./evaluate/report.js";
export { mergeByTime, type ReplayItem } from "./replay/merge.js";
export { replay } from "./replay/run.js";
export { createLiveTraffic, type LiveBatch, type LiveOptions, type LiveTraffic } from "./simulate/live.js";
export type { FraudScenario, Scenario, SimEvent, SimLabel, SimTransaction, Truth } from "./simulate/model.js";
export { DEFAULT_POPULATION, type PopulationParams } from "./simulate/population.js";
export { createRng, type Rng } from "./simulate/prng.js";
export {
  createSimulator,
  DEFAULT_MIX,
  type SimParams,
  type Simulator,
  simParams,
  simulateDays,
} from "./simulate/simulator.js";
export { createFileSink, simulationFiles } from "./sinks/file-sink.js";
export { createKafkaPublisher, timedToKafka } from "./sinks/kafka-sink.js";
export type { Outgoing, Publisher } from "./sinks/outgoing.js";
export { pump } from "./sinks/pump.js";
export { createTruthWriter, readTruth } from "./sinks/truth-file.js";
