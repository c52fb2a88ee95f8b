import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { codecsFromEnv, type Decision } from "@fraud/contracts";
import { createKafka, kafkaSettings, loadConfig, topicEnv } from "@fraud/platform";
import { DECLARATIONS, WINDOWS } from "../../src/features/index.js";
import { type Arrival, scoredBeforeTerminalPast, scoredBeforeTheirPast } from "./arrival.js";
import { type Cleanup, createCleanup } from "./cleanup.js";
import { compareFeatures, type ParityReport } from "./compare.js";
import { readOfflineFeatures } from "./offline-csv.js";
import { runCli, startScorer } from "./processes.js";
import { collectTopic, createRunTopics, runId, sweepRedisPrefix } from "./stack.js";

/**
 * One parity run, as a story:
 *   simulate → files → extract-features (offline rows)
 *                     → replay to Kafka → the real scorer → decisions (online rows)
 *   → compare the two, value by value.
 * Everything it creates (temp dir, topics, Redis keys, processes) is undone before it
 * returns, or by `cleanup.run()` if the caller gives up first (signal, deadline).
 */
export interface ParityOptions {
  days: number;
  cards: number;
  terminals: number;
  seed: number;
  /**
   * Replay rate, records per second. Bounded on purpose: at full speed the whole dataset
   * is in Kafka before the scorer starts, and it then works through one partition's
   * days before another's, so a terminal's 7-days-back window misses the transactions
   * that sit on lagging partitions. Live traffic does not do that; a paced replay
   * does not either, as long as the scorer keeps up.
   */
  rate: number;
  brokers: string;
  redisUrl: string;
  /** Bound of the whole run; each step gets what is left. */
  timeoutMs: number;
  log?: (line: string) => void;
  /** Keep the files here (simulated data, features.csv, decisions.jsonl) instead of a temp dir. */
  keepDir?: string;
  /** Pass one to be able to cancel the run from outside; else a private one. */
  cleanup?: Cleanup;
}

export interface ParityRun {
  report: ParityReport;
  /** The raw material, for callers that slice it differently (the integration test). */
  offline: Map<string, number[]>;
  online: Decision[];
  /** Scored before their own past was recorded (arrival.ts): the union of the two below. */
  early: Set<string>;
  /** ... because the input put a later transaction of their card first. */
  cardEarly: Set<string>;
  /** ... because the scorer was ahead on their partition (terminal windows). */
  terminalEarly: Set<string>;
  names: string[];
  transactions: number;
  labels: number;
  /** Seconds per step, for the report. */
  timings: Record<string, number>;
}

export async function runParity(o: ParityOptions): Promise<ParityRun> {
  const cleanup = o.cleanup ?? createCleanup();
  const log = o.log ?? (() => undefined);
  const deadline = Date.now() + o.timeoutMs;
  const left = (step: string) => {
    const ms = deadline - Date.now();
    if (ms <= 0) throw new Error(`parity run: out of time before ${step} (limit ${o.timeoutMs} ms)`);
    return ms;
  };
  const timings: Record<string, number> = {};
  const timed = async <T>(step: string, fn: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    log(`${step}...`);
    const result = await fn();
    timings[step] = (Date.now() - started) / 1000;
    return result;
  };
  const tag = runId("parity");
  const base = { KAFKA_BROKERS: o.brokers, REDIS_URL: o.redisUrl, LOG_LEVEL: "info" };

  try {
    const dir = o.keepDir ?? (await mkdtemp(join(tmpdir(), "fraud-parity-")));
    if (o.keepDir === undefined) cleanup.add("remove temp dir", () => rm(dir, { recursive: true, force: true }));
    else await mkdir(dir, { recursive: true });
    const files = { transactions: join(dir, "transactions.csv"), labels: join(dir, "labels.csv") };

    await timed("simulate", () =>
      runCli(
        cleanup,
        "services/traffic/src/cli/simulate.ts",
        [
          "--seed",
          `${o.seed}`,
          "--days",
          `${o.days}`,
          "--cards",
          `${o.cards}`,
          "--terminals",
          `${o.terminals}`,
          "--out",
          dir,
        ],
        base,
        left("simulate"),
      ),
    );

    const offlinePrefix = `${tag}-offline:`;
    cleanup.add("sweep offline keys", () => sweepRedisPrefix(o.redisUrl, offlinePrefix));
    const extracted = await timed("extract", () =>
      runCli(
        cleanup,
        "services/scorer/src/cli/extract-features.ts",
        ["--transactions", files.transactions, "--labels", files.labels, "--out", join(dir, "features.csv")],
        { ...base, REDIS_KEY_PREFIX: offlinePrefix },
        left("extract"),
      ),
    );
    log(extracted.trim());
    const offline = await readOfflineFeatures(join(dir, "features.csv"));

    const kafka = createKafka(loadConfig(kafkaSettings, { KAFKA_BROKERS: o.brokers, KAFKA_CLIENT_ID: tag }));
    const admin = kafka.admin();
    await admin.connect();
    cleanup.add("disconnect admin", () => admin.disconnect());
    const topics = await createRunTopics(admin, cleanup, tag);
    const codecs = await codecsFromEnv();
    const decisions = await collectTopic(
      kafka,
      admin,
      topics.decisions,
      (v) => codecs.decision.decode(v),
      (d) => d.transaction_id,
      cleanup,
    );
    // What the scorer read, in its order: to tell a reordered input from a scorer bug.
    const arrivals = await collectTopic(
      kafka,
      admin,
      topics.transactions,
      (v): Arrival => {
        const { transaction_id, card_token, event_time } = codecs.transaction.decode(v);
        return { transaction_id, card_token, event_time };
      },
      (a) => a.transaction_id,
      cleanup,
    );

    const onlinePrefix = `${tag}-online:`;
    const groupId = `${tag}-scorer`;
    cleanup.add("sweep scorer keys", () => sweepRedisPrefix(o.redisUrl, onlinePrefix));
    cleanup.add("delete scorer group", () => admin.deleteGroups([groupId]).catch(() => undefined));
    const scorerTopicEnv = topicEnv(topics);
    const scorer = await timed("start scorer", () =>
      startScorer(
        cleanup,
        {
          ...base,
          ...scorerTopicEnv,
          REDIS_KEY_PREFIX: onlinePrefix,
          SCORER_GROUP_ID: groupId,
          SCORER_TRANSACTIONAL_ID_PREFIX: `${tag}-tx`,
          HTTP_PORT: "0",
          KAFKAJS_NO_PARTITIONER_WARNING: "1",
        },
        left("start scorer"),
      ),
    );

    const replayed = await timed("replay", () =>
      runCli(
        cleanup,
        "services/traffic/src/cli/replay.ts",
        ["--transactions", files.transactions, "--labels", files.labels, "--rate", `${o.rate}`],
        { ...base, ...scorerTopicEnv },
        left("replay"),
      ),
    );
    log(
      replayed
        .trim()
        .split(/[\r\n]+/)
        .at(-1) ?? "",
    );

    const online = await timed("drain decisions", () => decisions.until(offline.rows.size, left("reading decisions")));
    await scorer.stop();
    const cardEarly = scoredBeforeTheirPast(await arrivals.until(offline.rows.size, left("reading transactions")));
    const terminalEarly = scoredBeforeTerminalPast(online, terminalDelay.delay, terminalDelay.widest);
    const early = new Set([...cardEarly, ...terminalEarly]);
    if (o.keepDir !== undefined) {
      // Features only: a decision carries no PAN, but nothing else is needed to debug parity.
      const lines = online.map((d) => JSON.stringify({ transaction_id: d.transaction_id, features: d.features }));
      await writeFile(join(dir, "decisions.jsonl"), `${lines.join("\n")}\n`);
    }
    const report = compareFeatures(offline.names, offline.rows, online, early);
    const labels = Number(/(\d+) labels/.exec(extracted)?.[1] ?? Number.NaN);
    return {
      report,
      offline: offline.rows,
      online,
      early,
      cardEarly,
      terminalEarly,
      names: offline.names,
      transactions: offline.rows.size,
      labels,
      timings,
    };
  } finally {
    const failures = await cleanup.run();
    for (const f of failures) log(`cleanup failed: ${f}`);
  }
}

// The terminal features' delay and widest window, read from the declarations.
const terminalDelay = (() => {
  const terminal = DECLARATIONS.filter((d) => d.entity === "terminal");
  return {
    delay: Math.max(...terminal.map((d) => WINDOWS[d.delay])),
    widest: Math.max(...terminal.map((d) => WINDOWS[d.window])),
  };
})();
