import { setTimeout as sleep } from "node:timers/promises";
import { exitWithOneLine, systemClock } from "@fraud/platform";
import { DEFAULT_CHARGEBACKS } from "../chargebacks/delay.js";
import { chargebackFor } from "../chargebacks/feed.js";
import { interleaveLabels, type Timed } from "../chargebacks/interleave.js";
import { createLiveTraffic } from "../simulate/live.js";
import { createRng } from "../simulate/prng.js";
import { createSimulator, simParams } from "../simulate/simulator.js";
import { createFileSink, type TimedSink } from "../sinks/file-sink.js";
import { createKafkaPublisher, timedToKafka } from "../sinks/kafka-sink.js";
import { pump } from "../sinks/pump.js";
import { parseCli, parseDate, parseDuration, positiveInt, positiveNumber, usageError } from "./args.js";
import { kafkaFromEnv } from "./kafka-env.js";
import { createProgress } from "./progress.js";

// A failure mid-run (the broker dies) ends with one line, not a stack trace.
exitWithOneLine("traffic simulate");

const opts = parseCli(
  `Simulate card payments with fraud scenarios and their chargebacks.

  Fast-forward: npx tsx services/traffic/src/cli/simulate.ts --seed 7 --days 30 --out data/sim [--to-kafka]
  Live:         npx tsx services/traffic/src/cli/simulate.ts --live --rate 200 --duration 60s --to-kafka

Outputs: <out>/transactions.<fmt>, <out>/labels.<fmt> (chargebacks), <out>/truth.<fmt>
(transaction_id,is_fraud,scenario). Kafka: the transactions and labels topics
(TOPIC_TRANSACTIONS, TOPIC_LABELS), brokers from KAFKA_BROKERS.`,
  {
    seed: { type: "string", doc: "PRNG seed; same seed and options give byte-identical output.", default: "7" },
    days: { type: "string", doc: "Fast-forward: days to simulate.", default: "30" },
    start: { type: "string", doc: "Fast-forward: first day (UTC), YYYY-MM-DD.", default: "2026-01-01" },
    cards: { type: "string", doc: "Number of cards (customers).", default: "2000" },
    terminals: { type: "string", doc: "Number of terminals (merchants).", default: "500" },
    "fraud-rate": { type: "string", doc: "Target share of fraudulent transactions.", default: "0.01" },
    unreported: {
      type: "string",
      doc: "Share of frauds never charged back.",
      default: String(DEFAULT_CHARGEBACKS.unreportedShare),
    },
    out: { type: "string", doc: "Directory for the output files." },
    format: { type: "string", doc: "File format: csv or jsonl.", default: "csv" },
    "to-kafka": { type: "boolean", doc: "Publish transactions and labels to Kafka." },
    live: { type: "boolean", doc: "Live mode: event_time from the clock, at --rate." },
    rate: { type: "string", doc: "Live: transactions per second.", default: "200" },
    duration: { type: "string", doc: "Live: stop after this long (60s, 5m, 1h)." },
    count: { type: "string", doc: "Live: stop after this many transactions." },
    "label-delay-scale": {
      type: "string",
      doc: "Live: multiply chargeback delays (after time compression); 0.1 brings labels 10x sooner.",
      default: "1",
    },
  },
);

const seed = Number(opts.seed);
if (!Number.isInteger(seed)) usageError("--seed must be an integer");
if (opts.format !== "csv" && opts.format !== "jsonl") usageError("--format must be csv or jsonl");
if (!opts.out && !opts["to-kafka"]) usageError("give --out DIR, --to-kafka, or both");
const fraudRate = Number(opts["fraud-rate"]);
if (!(fraudRate >= 0 && fraudRate < 0.5)) usageError("--fraud-rate must be in [0, 0.5)");
const unreported = Number(opts.unreported);
if (!(unreported >= 0 && unreported <= 1)) usageError("--unreported must be in [0, 1]");
const population = {
  cards: positiveInt("cards", opts.cards)!,
  terminals: positiveInt("terminals", opts.terminals)!,
};
const chargebacks = { ...DEFAULT_CHARGEBACKS, unreportedShare: unreported };

const sinks: TimedSink[] = [];
if (opts.out) sinks.push(createFileSink(opts.out, opts.format));
if (opts["to-kafka"]) {
  const k = await kafkaFromEnv("traffic-simulate");
  sinks.push(timedToKafka(await createKafkaPublisher({ kafka: k.kafka, codecs: k.codecs, topics: k.topics })));
}

let stopping = false;
process.once("SIGINT", () => {
  stopping = true;
});

const progress = createProgress(opts.live ? "live" : "simulate", undefined, systemClock);
try {
  const counts = opts.live ? await live() : await fastForward();
  progress.done(counts.transactions + counts.labels, `(${counts.transactions} transactions, ${counts.labels} labels)`);
} finally {
  await Promise.all(sinks.map((s) => s.close()));
}

async function fastForward() {
  const days = positiveInt("days", opts.days)!;
  const sim = createSimulator(simParams({ seed, start: parseDate("start", opts.start), population, fraudRate }));
  const labelRng = createRng(seed).fork("chargebacks");
  const items = interleaveLabels(sim.days(days), (e) => chargebackFor(e, chargebacks, labelRng));
  const bounded = (function* () {
    for (const item of items) {
      if (stopping) return;
      yield item;
    }
  })();
  return pump(bounded, sinks, (n) => progress.tick(n));
}

async function live() {
  const rate = positiveNumber("rate", opts.rate)!;
  const durationMs = parseDuration("duration", opts.duration);
  const maxCount = positiveInt("count", opts.count);
  if (durationMs === undefined && maxCount === undefined) usageError("--live needs --duration or --count");
  const clock = systemClock;
  const labelDelayScale = positiveNumber("label-delay-scale", opts["label-delay-scale"]);
  const traffic = createLiveTraffic({ seed, rate, clock, population, fraudRate, chargebacks, labelDelayScale });
  const end = durationMs === undefined ? Number.POSITIVE_INFINITY : clock.now() + durationMs;
  const counts = { transactions: 0, labels: 0 };
  while (!stopping && clock.now() < end && counts.transactions < (maxCount ?? Number.POSITIVE_INFINITY)) {
    const batch = traffic.poll();
    const room = (maxCount ?? Number.POSITIVE_INFINITY) - counts.transactions;
    const items: Timed[] = [
      ...batch.transactions.slice(0, room).map((event) => ({ kind: "transaction", event }) as Timed),
      ...batch.labels.map((event) => ({ kind: "label", event }) as Timed),
    ];
    const c = await pump(items, sinks);
    counts.transactions += c.transactions;
    counts.labels += c.labels;
    progress.tick(counts.transactions + counts.labels);
    await sleep(Math.min(50, Math.max(0, end - clock.now())));
  }
  return counts;
}
