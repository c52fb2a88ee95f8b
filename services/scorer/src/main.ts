/**
 * The composition root: the only place that reads the environment and builds adapters.
 * Everything below receives what it needs as arguments.
 */
import { codecsOptions, createCodecs } from "@fraud/contracts";
import {
  checkBrokersReachable,
  checkTopicsExist,
  connectRedisOrExplain,
  createKafka,
  createLogger,
  createRedis,
  FraudError,
  loadConfig,
  systemClock,
  TOPICS,
  type TopicRole,
} from "@fraud/platform";
import { createListStore, vocabulary } from "@fraud/rules";
import { Registry } from "prom-client";
import { scorerSettings } from "./config.js";
import { createAlignment } from "./consume/alignment.js";
import { createKafkaSource } from "./consume/kafka-source.js";
import { createRedisBoard } from "./consume/watermark-board.js";
import { createRulesStage, explainMethod, resolveThresholds, watchRuleFile } from "./decide/index.js";
import {
  createFeatureStore,
  createRedisPort,
  DECLARATIONS,
  describe,
  FEATURE_SET,
  featureName,
  keySpace,
} from "./features/index.js";
import { startOpsServer } from "./ops/http.js";
import { countDeadLetters, timeModel, timeStore } from "./ops/instrument.js";
import { createLagReader } from "./ops/lag.js";
import { createMetrics } from "./ops/metrics.js";
import { createProgress } from "./ops/progress.js";
import { cachedPing } from "./ops/readiness.js";
import { runShutdown } from "./ops/shutdown.js";
import { createPipeline } from "./pipeline.js";
import { createTransactionalSink } from "./publish/index.js";
import { createOnceIndex } from "./publish/once.js";
import { withWithheldFallback } from "./publish/withheld-fallback.js";
import { loadOnnxModel } from "./score/index.js";
import { startModels } from "./score/live-models.js";
import { runScorer } from "./service.js";

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig<typeof scorerSettings>>;
  try {
    config = loadConfig(scorerSettings);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const logger = createLogger({ level: config.logLevel, service: "scorer" });
  // Operator mistakes fail here, each as one line naming the variable to fix.
  await checkBrokersReachable(config.brokers);

  const model = await loadOnnxModel({ dir: config.modelDir, featureSet: FEATURE_SET, threads: config.onnxThreads });
  const thresholdsOf = (m: { thresholds: { review: number; decline: number } }) =>
    resolveThresholds(m.thresholds, { review: config.reviewThreshold, decline: config.declineThreshold });
  const thresholds = thresholdsOf(model);
  // Reasons: exact TreeSHAP when the card ships its trees (trees_file), occlusion otherwise.
  logger.info(
    { model: model.version, featureSet: FEATURE_SET.version, thresholds, reasons: explainMethod(model) },
    "model loaded",
  );

  const codecs = await createCodecs(codecsOptions(config));
  const redis = createRedis(config);
  await connectRedisOrExplain(redis, config.url);
  redis.on("error", (err) => logger.warn({ err: { message: err.message } }, "Redis connection error"));
  const kafka = createKafka(config, logger.child({ component: "kafkajs" }));
  const admin = kafka.admin();
  await admin.connect();
  const roles: TopicRole[] = ["transactions", "labels", "decisions", "alerts", "deadLetters"];
  await checkTopicsExist(admin, Object.fromEntries(roles.map((r) => [TOPICS[r].env, config[r]]))).finally(() =>
    admin.disconnect(),
  );
  const registry = new Registry();
  const lag = createLagReader(kafka.admin(), config.groupId, [config.transactions, config.labels]);
  // Set once the probes exist (below); fraud_ready reads it at scrape time.
  let readiness: () => Promise<boolean> = async () => false;
  const metrics = createMetrics(registry, {
    lag,
    ready: () => readiness(),
    onLagError: (err) => logger.warn({ err }, "cannot read the consumer lag for /metrics"),
  });
  metrics.modelInfo.set({ version: model.version, feature_set: FEATURE_SET.version }, 1);
  const models = await startModels({
    baseline: { model: timeModel(model, metrics.onnxSeconds), dir: config.modelDir },
    instrument: (m) => timeModel(m, metrics.onnxSeconds),
    registryDir: config.modelRegistryDir,
    groupId: config.groupId,
    driftWindow: config.driftWindow,
    txnTtlMs: config.txnTtlMs,
    keyPrefix: config.keyPrefix,
    modelsTopic: config.models,
    deployment: config.modelDeployment,
    featureSet: FEATURE_SET,
    threads: config.onnxThreads,
    thresholdsOf,
    cacheSize: config.modelCacheSize,
    kafka,
    redis,
    registry,
    logger,
  });
  const descriptions = new Map(DECLARATIONS.map((d) => [featureName(d), describe(d)]));

  const rules = watchRuleFile(config.rulesFile, vocabulary(FEATURE_SET.names), {
    intervalMs: config.rulesReloadMs,
    logger,
  });
  const keys = keySpace(config.keyPrefix);
  const delayMs = Math.min(...FEATURE_SET.terminalWindows.map((w) => w.delay));
  // Partitions run up to D + L apart in event time (the alignment's bound), so terminal
  // events are kept that much longer than any window reaches, plus the card lateness.
  // Redis and onnxruntime latency and dead letters by code are measured at the ports (ops/instrument.ts).
  const store = timeStore(
    createFeatureStore(createRedisPort(redis, keys), FEATURE_SET, {
      ...config,
      terminalSlackMs: delayMs + config.eventTimeLatenessMs + config.latenessMs,
    }),
    metrics.redisSeconds,
  );
  if (config.eventTimeLatenessMs >= delayMs) {
    process.stderr.write(
      `FRAUD_ERR_CONFIG_INVALID: EVENT_TIME_LATENESS must be below the terminal delay (${delayMs} ms); lower it.\n`,
    );
    process.exit(2);
  }
  const align = createAlignment(
    createRedisBoard(redis, keys.alignment(config.groupId)),
    {
      transactionsTopic: config.transactions,
      labelsTopic: config.labels,
      partitions: await partitionCounts(kafka, [config.transactions, config.labels]).then(([t, l]) => ({
        transactions: t as number,
        labels: l as number,
      })),
      delayMs,
      latenessMs: config.eventTimeLatenessMs,
      waitMs: config.alignmentWaitMs,
      pollMs: 20,
    },
    () => systemClock.now(),
  );
  const sink = countDeadLetters(
    withWithheldFallback(
      createTransactionalSink(kafka, {
        groupId: config.groupId,
        transactionalIdPrefix: config.transactionalIdPrefix,
        logger,
      }),
      logger,
    ),
    config.deadLetters,
    (code, n) => metrics.deadLettersByCode.inc({ code }, n),
  );
  const pipeline = createPipeline({
    codecs,
    store,
    featureSet: FEATURE_SET,
    models: models.board,
    sink,
    topics: { decisions: config.decisions, alerts: config.alerts, deadLetters: config.deadLetters },
    clock: systemClock,
    reasonsTopK: config.reasonsTopK,
    describe: (f) => descriptions.get(f) ?? f,
    align,
    rules: createRulesStage({
      rules: rules.current,
      lists: createListStore(redis, config.keyPrefix),
      featureNames: FEATURE_SET.names,
    }),
    once: createOnceIndex(redis, keys, config.txnTtlMs),
  });
  const source = createKafkaSource(kafka, {
    groupId: config.groupId,
    topics: [config.transactions, config.labels],
    logger,
    sessionTimeoutMs: config.sessionTimeoutMs,
    maxWaitMs: config.maxWaitMs,
    maxBytesPerPartition: config.maxBytesPerPartition,
    partitionsConcurrency: config.partitionsConcurrency,
    fromBeginning: config.fromBeginning,
  });
  source.onAssignment(() => metrics.rebalances.inc());

  const progress = createProgress(() => systemClock.now(), {
    stallMs: config.stallLimitMs,
    wedgeMs: config.wedgeLimitMs,
  });
  const redisCheck = cachedPing(redis, () => systemClock.now());
  const probes = {
    healthy: () => {
      const wedged = progress.wedged();
      return { ok: wedged.length === 0, ...(wedged.length > 0 ? { detail: { wedged } } : {}) };
    },
    ready: () => {
      const redisOk = redisCheck.ok();
      const consumerOk = source.isReady();
      const stalled = progress.stalled();
      return {
        ok: redisOk && consumerOk && stalled.length === 0,
        detail: { model: true, redis: redisOk, consumer: consumerOk, stalled },
      };
    },
  };
  readiness = async () => probes.ready().ok;
  const ops = await startOpsServer(config.httpHost, config.httpPort, registry, probes);
  logger.info({ port: ops.port, host: config.httpHost }, "ops endpoints listening");

  let stopping: Promise<void> | undefined;
  const shutdown = (exitCode: number, signal?: NodeJS.Signals) => {
    stopping ??= (async () => {
      logger.info({ signal, exitCode }, "shutting down");
      const clean = await runShutdown(
        [
          // Before the group is joined there is no runner yet; stopping the source is enough.
          { name: "stop consuming (finish and commit the batch in hand)", run: () => (running ?? source).stop() },
          { name: "close producers", run: () => sink.close() },
          { name: "stop watching rules", run: async () => rules.stop() },
          {
            name: "close Redis",
            run: () => {
              redisCheck.stop();
              return redis.quit();
            },
          },
          { name: "close models and the registry follower", run: () => models.stop() },
          {
            name: "stop ops server",
            run: () => lag.close().then(() => new Promise((r) => ops.server.close(() => r(undefined)))),
          },
          { name: "flush logs", run: () => new Promise((r) => logger.flush(() => r(undefined))) },
        ],
        logger,
        config.shutdownTimeoutMs,
      );
      if (signal && exitCode === 0 && clean) {
        // Re-raise so the parent sees the conventional "killed by SIGTERM" status.
        process.removeAllListeners(signal);
        process.kill(process.pid, signal);
      }
      process.exit(exitCode !== 0 ? exitCode : clean ? 0 : 1);
    })();
    return stopping;
  };
  process.once("SIGTERM", () => void shutdown(0, "SIGTERM"));
  process.once("SIGINT", () => void shutdown(0, "SIGINT"));

  let running: { stop(): Promise<void> } | undefined;
  running = await runScorer({
    source,
    pipeline,
    store,
    align,
    idleCheckMs: config.idleCheckMs,
    fromBeginning: config.fromBeginning,
    fence: (topic, partition) => sink.fence(topic, partition),
    topics: { transactions: config.transactions, labels: config.labels },
    metrics,
    logger,
    backoff: { initialMs: config.retryInitialMs, maxMs: config.retryMaxMs },
    pendingSweepMs: config.pendingSweepMs,
    now: () => systemClock.now(),
    onFatal: () => void shutdown(1),
    progress,
  });
  logger.info({ group: config.groupId, topics: [config.transactions, config.labels] }, "scorer running");
}

/** Partition counts of the input topics, which the alignment needs to know it has heard from every partition. */
async function partitionCounts(kafka: ReturnType<typeof createKafka>, topics: string[]): Promise<number[]> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const { topics: meta } = await admin.fetchTopicMetadata({ topics });
    return topics.map((t) => meta.find((m) => m.name === t)?.partitions.length ?? 0);
  } catch (cause) {
    throw new FraudError("KAFKA_UNAVAILABLE", `cannot read the input topics' partitions: ${(cause as Error).message}`, {
      cause,
    });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

main().catch((err) => {
  const code = err instanceof FraudError ? err.code : "FRAUD_ERR_UNEXPECTED";
  process.stderr.write(`${code}: ${(err as Error).message}\n`);
  // A configuration error (a setting, a missing topic) exits 2; anything else 1.
  process.exit(err instanceof FraudError && (err.is("CONFIG_INVALID") || err.is("KAFKA_TOPIC_MISSING")) ? 2 : 1);
});
