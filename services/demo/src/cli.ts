import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { codecsFromEnv } from "@fraud/contracts";
import {
  createKafka,
  createLogger,
  createRedis,
  kafkaSettings,
  loadConfig,
  redisSettings,
  systemClock,
  topicEnv,
} from "@fraud/platform";
import { type HistoryProgress, historyItems, historySimulator, publishHistory } from "./history.js";
import { runLive } from "./live.js";
import { parseOptions, USAGE, UsageError } from "./options.js";
import { deleteKeysWithPrefix } from "./redis-keys.js";
import { type ScorerProcess, startScorer } from "./scorer-process.js";
import { startScreen } from "./screen.js";
import { percentile, RateMeter } from "./stats.js";
import { formatSummary, summarise, summaryJson } from "./summary.js";
import { createTopics, deleteGroup, deleteTopics, topicNames } from "./topics.js";
import type { Phase, Snapshot } from "./view.js";
import { Ledger, watch } from "./watch.js";

/**
 * The demo's composition root and its story: topics → scorer → watcher → history →
 * catch-up → live → drain → stop → summary. The only place that reads the environment.
 */
let opts: ReturnType<typeof parseOptions>;
try {
  opts = parseOptions(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  process.stderr.write(`${e.message}\n\n${USAGE}\n`);
  process.exit(2);
}
if (opts.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const clock = systemClock;
const runId = randomBytes(4).toString("hex");
const dir = await mkdtemp(join(tmpdir(), `fraud-demo-${runId}-`));
const kafkaConfig = loadConfig(kafkaSettings);
const redisConfig = { ...loadConfig(redisSettings), keyPrefix: `demo-${runId}:` };
// Client warnings go to a file: on a terminal they would tear the live view.
const logger = createLogger({ level: "warn", service: "demo", destination: createWriteStream(join(dir, "demo.log")) });
const kafka = createKafka(kafkaConfig, logger);
const codecs = await codecsFromEnv();
const topics = topicNames(opts.topics, runId);
const population = { cards: opts.cards, terminals: opts.terminals };
const ledger = new Ledger();
const scorerGroup = `demo-${runId}-scorer`;
const tags = { history: `h${runId}`, live: `l${runId}` };

// First Ctrl-C: stop producing, let the scorer catch up (bounded), stop, summarise.
// Second: skip the waiting but still stop the scorer and clean up. Third: exit now.
let stopping = false;
let hurry = false;
let signals = 0;
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);
function onSignal() {
  signals++;
  stopping = true;
  if (signals === 2) hurry = true;
  if (signals >= 3) process.exit(130);
}

console.log(
  `fraud demo ${runId}: topics ${opts.topics === "demo" ? `demo-${runId}-*` : "standard"}, Redis prefix ${redisConfig.keyPrefix}`,
);
console.log(`files: ${dir} (scorer.log, summary.json)`);

let phase: Phase = "starting";
let phaseStart = clock.now();
let phaseEnd: number | undefined;
let lag = Number.NaN;
let deadLetters = 0;
const progress: HistoryProgress = { reached: 0, labels: 0 };
const scoredRate = new RateMeter();
const alertRate = new RateMeter();
const enter = (p: Phase, durationMs?: number) => {
  phase = p;
  phaseStart = clock.now();
  phaseEnd = durationMs === undefined ? undefined : phaseStart + durationMs;
};
const snapshot = (): Snapshot => {
  const now = clock.now();
  return {
    phase,
    phaseElapsedMs: now - phaseStart,
    ...(phaseEnd === undefined ? {} : { phaseLeftMs: phaseEnd - now }),
    ...(phase === "history" && progress.reached
      ? {
          note: `simulated up to ${new Date(progress.reached).toISOString().slice(0, 16)}Z, ${progress.labels} chargebacks`,
        }
      : {}),
    produced: ledger.produced.history + ledger.produced.live,
    scored: ledger.scored,
    pending: ledger.pending(),
    scoredPerSec: scoredRate.sample(now, ledger.scored),
    alertsPerSec: alertRate.sample(now, ledger.alerts),
    alerts: ledger.alerts,
    p50Ms: percentile(ledger.latenciesMs, 50),
    p99Ms: percentile(ledger.latenciesMs, 99),
    lag,
    latest: ledger.latest,
  };
};

let scorer: ScorerProcess | undefined;
let diedEarly: string | undefined;
// The scorer runs in its own process group (so Ctrl-C reaches only the demo); if the
// demo ends any other way than its normal stop (a third Ctrl-C, an error), take the
// scorer down with it rather than leave it running.
process.on("exit", () => {
  if (scorer && !opts.keep && scorer.exitStatus() === undefined) {
    try {
      process.kill(scorer.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});
let exitCode = 0;
if (opts.topics === "demo") await createTopics(kafka, topics);
try {
  scorer = await startScorer(scorerEnv(), join(dir, "scorer.log"));
  console.log(`scorer pid ${scorer.pid} ready, metrics at http://127.0.0.1:${scorer.port}/metrics`);
} catch (e) {
  console.error(String((e as Error).message));
  await cleanup(undefined);
  process.exit(1);
}
const watcher = await watch({
  kafka,
  codecs,
  topics,
  ledger,
  fromBeginning: opts.topics === "demo",
  now: clock.now,
}).catch(async (e) => {
  console.error(`cannot read the decisions back: ${(e as Error).message}`);
  await scorer?.stop(20_000);
  await cleanup(undefined);
  process.exit(1);
});
const screen = startScreen(snapshot, { live: opts.view });
const poller = setInterval(async () => {
  lag = await scorer!.metric("fraud_consumer_lag", `topic="${topics.transactions}"`);
  const dl = await scorer!.metric("fraud_dead_letters_total");
  if (Number.isFinite(dl)) deadLetters = dl;
  if (scorer!.exitStatus() && !diedEarly) {
    diedEarly = scorer!.exitStatus();
    stopping = true;
  }
}, 500);

let historyTokens: string[] | undefined;
let historyStart = 0;
let liveStart = 0;
try {
  if (opts.historyDays > 0 && !stopping) {
    enter("history");
    historyStart = clock.now();
    const end = clock.now();
    const sim = historySimulator(opts.seed, population, opts.historyDays, end);
    const items = historyItems(sim, opts.historyDays, end, tags.history, opts.seed);
    await publishHistory({
      kafka,
      codecs,
      topics,
      items,
      ledger,
      progress,
      stopping: () => stopping,
      now: clock.now,
    });
    enter("catch-up", 180_000);
    await caughtUp(180_000);
    historyTokens = sim.population.cards.map((c) => c.token);
  }
  if (!stopping) {
    enter("live", opts.durationMs);
    liveStart = clock.now();
    await runLive({
      kafka,
      codecs,
      topic: topics.transactions,
      seed: opts.seed,
      rate: opts.rate,
      durationMs: opts.durationMs,
      population,
      tag: tags.live,
      clock,
      ledger,
      stopping: () => stopping,
      onPopulation: (tokens) => {
        if (historyTokens && tokens.join() !== historyTokens.join())
          screen.say("warning: the live population differs from the history's");
      },
    });
  }
  const drainMs = stopping ? 10_000 : 30_000;
  enter("draining", drainMs);
  await caughtUp(drainMs, true);
} catch (e) {
  screen.say(`error: ${(e as Error).message}`);
  exitCode = 1;
} finally {
  enter("stopping");
  clearInterval(poller);
  screen.stop();
}
const scorerExit = diedEarly ? `died (${diedEarly})` : await stopScorerUnlessKept();
await watcher.stop().catch(() => undefined);
await cleanup(scorer);

const summary = summarise({
  history: {
    produced: ledger.produced.history,
    rows: [...ledger.rows.history.values()],
    durationMs: Math.max(0, ledger.lastDecisionAt.history - historyStart),
  },
  live: {
    produced: ledger.produced.live,
    rows: [...ledger.rows.live.values()],
    durationMs: Math.max(0, ledger.lastDecisionAt.live - liveStart),
  },
  latenciesMs: ledger.latenciesMs,
  deadLetters,
  scorerExit,
  interrupted: stopping && !diedEarly,
});
console.log(formatSummary(summary).join("\n"));
await writeFile(join(dir, "summary.json"), summaryJson(summary));
console.log(`summary written to ${join(dir, "summary.json")}`);
// The scorer re-raises SIGTERM after a clean shutdown; anything else means it failed.
const clean = ["stopped by SIGTERM", "exit 0", "kept running"].includes(scorerExit);
if (!clean || ledger.scored === 0) exitCode = 1;
process.exit(exitCode);

function scorerEnv(): Record<string, string> {
  return {
    KAFKA_BROKERS: kafkaConfig.brokers.join(","),
    REDIS_URL: redisConfig.url,
    REDIS_KEY_PREFIX: redisConfig.keyPrefix,
    ...topicEnv(topics),
    SCORER_GROUP_ID: scorerGroup,
    SCORER_TRANSACTIONAL_ID_PREFIX: `demo-${runId}-scorer`,
    // On the standard topics, old traffic is not this run's business.
    SCORER_FROM_BEGINNING: String(opts.topics === "demo"),
    LOG_LEVEL: "warn",
    KAFKAJS_NO_PARTITIONER_WARNING: "1",
  };
}

/** Until every produced transaction has a decision or a dead letter, the scorer dies, Ctrl-C, or the bound. */
async function caughtUp(boundMs: number, evenWhenStopping = false): Promise<void> {
  const deadline = clock.now() + boundMs;
  const go = () => !hurry && !diedEarly && (evenWhenStopping || !stopping);
  while (go() && clock.now() < deadline && ledger.pending() > deadLetters) await sleep(200);
  if (ledger.pending() > deadLetters && go())
    screen.say(`not caught up after ${boundMs / 1000} s: ${ledger.pending()} pending`);
}

async function stopScorerUnlessKept(): Promise<string> {
  if (!scorer) return "not started";
  if (opts.keep) {
    console.log(`--keep: scorer still running (pid ${scorer.pid}); stop it with: kill -TERM ${scorer.pid}`);
    return "kept running";
  }
  return scorer.stop(20_000);
}

async function cleanup(s: ScorerProcess | undefined): Promise<void> {
  if (opts.keep) {
    console.log(`--keep: topics ${Object.values(topics).join(", ")} and Redis keys ${redisConfig.keyPrefix}* kept`);
    s?.release();
    return;
  }
  if (opts.topics === "demo")
    await deleteTopics(kafka, topics).catch((e) => console.error(`topics not deleted: ${e.message}`));
  // Only once the scorer has left: a group with members cannot be deleted.
  if (s?.exitStatus())
    await deleteGroup(kafka, scorerGroup).catch((e) => console.error(`group not deleted: ${e.message}`));
  const redis = createRedis(redisConfig);
  try {
    await redis.connect();
    await deleteKeysWithPrefix(redis, redisConfig.keyPrefix);
  } catch (e) {
    console.error(`Redis keys not deleted: ${(e as Error).message}`);
  } finally {
    redis.disconnect();
  }
}
