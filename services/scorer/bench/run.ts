/**
 * The scorer benchmark (a script, not a test): one run on the local stack prints
 * throughput against a bare kafkajs passthrough, latency at a fixed offered load, CPU
 * per event, peak RSS and the Redis cost per transaction, as a table and one JSON line.
 * The machine is shared and small, so ratios within one run mean more than absolutes.
 *
 *   npx tsx services/scorer/bench/run.ts [--events 20000] [--load-rate 500] [--load-seconds 20]
 */
import { availableParallelism, loadavg } from "node:os";
import { codecsFromEnv } from "@fraud/contracts";
import { parseArgs, USAGE } from "./args.js";
import { offerLoad } from "./latency.js";
import { runPassthrough } from "./passthrough.js";
import { produceBacklog, simulatedBacklog } from "./produce.js";
import { redisDelta, redisStats } from "./redis-stats.js";
import { type BenchReport, formatJson, formatTable, type LoadPhase, type StageSplit } from "./report.js";
import { createResources, deleteGroups, type Resources } from "./resources.js";
import {
  bucketQuantile,
  createScorerTopics,
  histogramDelta,
  parseHistogram,
  spawnScorer,
  waitReady,
} from "./scorer-process.js";
import { timeDrain } from "./throughput.js";
import { watchTopic } from "./watch.js";

const BACKLOG_SEED = 7;
const LIVE_SEED = 11;
const E2E = "fraud_end_to_end_latency_seconds";
const BATCH = "fraud_batch_duration_seconds";
const STAGE = "fraud_stage_duration_seconds";
const STAGES = ["decode", "align", "features", "score", "decide", "publish"];

/** Mean time per batch and per event in each stage between two /metrics scrapes. */
function stageSplit(before: string, after: string, events: number): StageSplit {
  const out: StageSplit = {};
  for (const stage of STAGES) {
    const only = `stage="${stage}"`;
    const h = histogramDelta(parseHistogram(before, STAGE, only), parseHistogram(after, STAGE, only));
    out[stage] = {
      msPerBatch: h.count > 0 ? (h.sum * 1000) / h.count : Number.NaN,
      usPerEvent: events > 0 ? (h.sum * 1e6) / events : Number.NaN,
    };
  }
  return out;
}
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

async function bench(res: Resources, args: Exclude<ReturnType<typeof parseArgs>, "help">): Promise<BenchReport> {
  const loadBefore = loadavg()[0] ?? Number.NaN;
  const codecs = await codecsFromEnv();
  const topics = await createScorerTopics(res);
  const groups = ["pt-plain", "pt-transactional", "pt-plain-reader", "pt-transactional-reader", "scorer", "reader"];
  res.onCleanup("delete consumer groups", () => deleteGroups(res.kafka, groups.map(res.name)));

  const txs = simulatedBacklog(args.events, Date.now(), BACKLOG_SEED);
  log(`producing ${txs.length} transactions to ${topics.transactions}`);
  const p0 = Date.now();
  await produceBacklog(res.kafka, topics.transactions, txs, codecs);
  const produceEventsPerSecond = txs.length / ((Date.now() - p0) / 1000);

  log("passthrough plain");
  const passthroughPlain = await runPassthrough(res, args.brokers, topics.transactions, txs.length, "plain");
  log("passthrough transactional");
  const passthroughTransactional = await runPassthrough(
    res,
    args.brokers,
    topics.transactions,
    txs.length,
    "transactional",
  );

  log("scorer");
  const decisions = await watchTopic(res.kafka, topics.decisions, res.name("reader"));
  res.onCleanup("stop decisions reader", () => decisions.stop());
  const redisBefore = await redisStats(res.redis);
  const scorer = await spawnScorer(res, args.brokers, args.redisUrl, topics);
  const drained = timeDrain(scorer.child.pid, decisions, txs.length, 120_000);
  drained.catch(() => undefined);
  const scorerRun = await Promise.race([drained, scorer.child.death]);
  const redis = { ...redisDelta(redisBefore, await redisStats(res.redis)), transactions: txs.length };
  await waitReady(scorer);
  const stages = stageSplit("", await scorer.metrics(), txs.length);

  const phases: LoadPhase[] = [];
  const half = Math.max(1, Math.min(5000, Math.round(scorerRun.eventsPerSecond / 2)));
  for (const [i, rate] of [args.loadRate, half].entries()) {
    log(`latency: ${rate}/s for ${args.loadSeconds} s`);
    const metricsBefore = await scorer.metrics();
    const loaded = offerLoad(res.kafka, codecs, {
      topic: topics.transactions,
      rate,
      seconds: args.loadSeconds,
      seed: LIVE_SEED + i,
      decisions,
      drainMs: 60_000,
    });
    loaded.catch(() => undefined);
    const latency = await Promise.race([loaded, scorer.child.death]);
    const metricsAfter = await scorer.metrics();
    const delta = (name: string) =>
      histogramDelta(parseHistogram(metricsBefore, name), parseHistogram(metricsAfter, name));
    const hist = delta(E2E);
    const batches = delta(BATCH);
    phases.push({
      latency,
      scorerHistogram: {
        count: hist.count,
        meanMs: hist.count > 0 ? (hist.sum * 1000) / hist.count : Number.NaN,
        p50Le: bucketQuantile(hist, 0.5),
        p95Le: bucketQuantile(hist, 0.95),
        p99Le: bucketQuantile(hist, 0.99),
      },
      scorerBatches: {
        count: batches.count,
        meanMs: batches.count > 0 ? (batches.sum * 1000) / batches.count : Number.NaN,
        eventsPerBatch: batches.count > 0 ? hist.count / batches.count : Number.NaN,
      },
      stages: stageSplit(metricsBefore, metricsAfter, hist.count),
    });
  }

  return {
    run: {
      events: args.events,
      loadRate: args.loadRate,
      loadSeconds: args.loadSeconds,
      cpus: availableParallelism(),
      node: process.version,
      loadAverage1m: [loadBefore, loadavg()[0] ?? Number.NaN],
    },
    produceEventsPerSecond,
    passthroughPlain,
    passthroughTransactional,
    scorer: scorerRun,
    redis,
    stages,
    phases,
  };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2), process.env);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  if (args === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const res = createResources(args.brokers, args.redisUrl);
  const cleanup = async () => {
    log(`cleaning up ${res.runId}`);
    for (const failure of await res.cleanup()) log(`cleanup failed: ${failure}`);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  try {
    const report = await bench(res, args);
    process.stdout.write(`${formatTable(report)}\n${formatJson(report)}\n`);
    return 0;
  } catch (err) {
    log(`failed: ${(err as Error).stack ?? err}`);
    return 1;
  } finally {
    await cleanup();
  }
}

main().then((code) => process.exit(code));
