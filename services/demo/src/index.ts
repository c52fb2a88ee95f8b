// Public surface of @fraud/demo: the pure pieces (the program itself is cli.ts).
export { DEFAULTS, type DemoOptions, parseDuration, parseOptions, USAGE, UsageError } from "./options.js";
export { percentile, RateMeter } from "./stats.js";
export { formatSummary, type RunSummary, summarise, summarisePhase, summaryJson } from "./summary.js";
export { type AlertLine, renderFrame, type Snapshot, statusLine } from "./view.js";
export { Ledger } from "./watch.js";
