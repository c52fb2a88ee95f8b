import { writeFileSync } from "node:fs";
import { type Decision, readRecords } from "@fraud/contracts";
import { exitWithOneLine, type FraudError, maskPans } from "@fraud/platform";
import { readDecisionsFromKafka } from "../evaluate/decisions-kafka.js";
import { joinDecisions } from "../evaluate/join.js";
import { evaluateRows } from "../evaluate/metrics.js";
import { formatReport, reportJson } from "../evaluate/report.js";
import { readTruth } from "../sinks/truth-file.js";
import { parseCli, parseDuration, positiveInt, usageError } from "./args.js";
import { kafkaFromEnv } from "./kafka-env.js";

// A failure mid-run (the broker dies) ends with one line, not a stack trace.
exitWithOneLine("traffic evaluate");

const opts = parseCli(
  `Evaluate the scorer's decisions against the simulator's ground truth.

  npx tsx services/traffic/src/cli/evaluate.ts --truth data/sim/truth.csv [--decisions decisions.jsonl] [--k 100] [--out report.json]

Without --decisions, reads the decisions topic (TOPIC_DECISIONS, brokers KAFKA_BROKERS) from the
beginning up to its end offsets at start, read_committed. Flagged = decision != "approve".`,
  {
    truth: { type: "string", doc: "Truth file from the simulator (.csv or .jsonl)." },
    decisions: { type: "string", doc: "Decisions file (.jsonl or .csv) instead of Kafka." },
    k: { type: "string", doc: "Cards checked per day for card precision top-k.", default: "100" },
    out: { type: "string", doc: "Write the report as JSON here." },
    "idle-timeout": { type: "string", doc: "Kafka: stop when nothing arrives for this long.", default: "15s" },
  },
);
if (!opts.truth) usageError("--truth FILE is required");
const k = positiveInt("k", opts.k)!;

const truth = await readTruth(opts.truth);
let decisions: Decision[] = [];
let bad = 0;
let unfinished: number[] = [];
if (opts.decisions) {
  for await (const r of readRecords(opts.decisions, "decision", {
    onError: "skip",
    onSkip: (e: FraudError) => {
      bad++;
      process.stderr.write(`skipped: ${maskPans(e.message)}\n`);
    },
  })) {
    decisions.push(r.record);
  }
} else {
  const env = await kafkaFromEnv("traffic-evaluate");
  const read = await readDecisionsFromKafka({
    kafka: env.kafka,
    codecs: env.codecs,
    topic: env.topics.decisions,
    idleMs: parseDuration("idle-timeout", opts["idle-timeout"]) ?? 15_000,
    onBadRecord: (err, where) =>
      process.stderr.write(
        `undecodable decision at partition ${where.partition} offset ${where.offset}: ${maskPans(String((err as Error).message))}\n`,
      ),
  });
  ({ decisions, bad, unfinished } = read);
  if (unfinished.length)
    process.stderr.write(
      `warning: partitions ${unfinished.join(",")} did not reach their end offset before the idle timeout\n`,
    );
}

const joined = joinDecisions(decisions, truth);
const report = evaluateRows(joined.rows, k);
const counts = {
  decisionsRead: decisions.length,
  badDecisions: bad,
  decisionsWithoutTruth: joined.withoutTruth,
  duplicateDecisions: joined.duplicates,
  truthRowsNotScored: joined.unscored,
};
const shown = {
  "decisions read": counts.decisionsRead,
  "undecodable/bad decisions": counts.badDecisions,
  "decisions without truth": counts.decisionsWithoutTruth,
  "duplicate decisions": counts.duplicateDecisions,
  "truth rows not scored": counts.truthRowsNotScored,
};
process.stdout.write(`${formatReport(report, shown)}\n`);
if (opts.out) writeFileSync(opts.out, `${reportJson({ ...report, ...counts, unfinishedPartitions: unfinished })}\n`);
