import { setTimeout as sleep } from "node:timers/promises";
import { exitWithOneLine, type FraudError, isFraudError, systemClock } from "@fraud/platform";
import { mergeByTime } from "../replay/merge.js";
import { replay } from "../replay/run.js";
import { countRecords, labelsFrom, transactionsFrom } from "../replay/source.js";
import { createKafkaPublisher } from "../sinks/kafka-sink.js";
import { parseCli, positiveInt, positiveNumber, usageError } from "./args.js";
import { kafkaFromEnv } from "./kafka-env.js";
import { createProgress } from "./progress.js";

// A failure mid-run (the broker dies) ends with one line, not a stack trace.
exitWithOneLine("traffic replay");

const opts = parseCli(
  `Replay a transactions file (and optionally a labels file) to Kafka in event-time order,
labels interleaved at their label_time. Files are canonical CSV or JSONL (by extension).

  npx tsx services/traffic/src/cli/replay.ts --transactions data/sim/transactions.csv \\
      [--labels data/sim/labels.csv] [--rate 500] [--limit 10000] [--on-error skip]

Topics: TOPIC_TRANSACTIONS, TOPIC_LABELS; brokers: KAFKA_BROKERS. Exit status 1 when a bad
line stops the replay (--on-error stop), 2 on a usage error.`,
  {
    transactions: { type: "string", doc: "Transactions file (.csv, .jsonl)." },
    labels: { type: "string", doc: "Labels file to interleave (.csv, .jsonl)." },
    rate: { type: "string", doc: "Records per second (transactions + labels); default as fast as possible." },
    limit: { type: "string", doc: "Stop after this many records." },
    "on-error": { type: "string", doc: "On a malformed line: stop, or skip it (each one reported).", default: "stop" },
  },
);

if (!opts.transactions) usageError("--transactions FILE is required");
const onError = opts["on-error"];
if (onError !== "stop" && onError !== "skip") usageError("--on-error must be stop or skip");
const rate = positiveNumber("rate", opts.rate);
const limit = positiveInt("limit", opts.limit);

let skipped = 0;
let outOfOrder = 0;
const onSkip = (err: FraudError) => {
  skipped++;
  process.stderr.write(`\nskipped: ${err.message}\n`);
};
const total = (await countRecords(opts.transactions)) + (opts.labels ? await countRecords(opts.labels) : 0);
const progress = createProgress("replay", limit === undefined ? total : Math.min(limit, total), systemClock);

const k = await kafkaFromEnv("traffic-replay");
const out = await createKafkaPublisher({ kafka: k.kafka, codecs: k.codecs, topics: k.topics });
let stopping = false;
process.once("SIGINT", () => {
  stopping = true;
});

let exitCode = 0;
try {
  const items = mergeByTime(
    transactionsFrom(opts.transactions, { onError, onSkip }),
    opts.labels ? labelsFrom(opts.labels, { onError, onSkip }) : undefined,
    (item, previous) => {
      outOfOrder++;
      if (outOfOrder <= 20) {
        process.stderr.write(
          `\nout of order: ${item.kind} on line ${item.line} is earlier than a record before it (${new Date(previous).toISOString()}); published where it stands\n`,
        );
      }
    },
  );
  const counts = await replay(items, out, {
    rate,
    limit,
    clock: systemClock,
    sleep,
    onProgress: (n) => progress.tick(n),
    stopped: () => stopping,
  });
  progress.done(
    counts.transactions + counts.labels,
    `(${counts.transactions} transactions, ${counts.labels} labels; skipped lines: ${skipped}; out of order: ${outOfOrder}` +
      (counts.labelsWithoutTransaction ? `; labels keyed by transaction id: ${counts.labelsWithoutTransaction}` : "") +
      ")",
  );
} catch (err) {
  if (!isFraudError(err, "FILE_PARSE")) throw err;
  process.stderr.write(`\nstopped: ${err.message} (use --on-error skip to skip bad lines)\n`);
  exitCode = 1;
} finally {
  await out.close();
}
process.exitCode = exitCode;
