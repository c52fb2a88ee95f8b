/**
 * The composition root: the only place that reads the environment and builds adapters.
 * Everything below receives what it needs as arguments.
 */
import { codecsOptions, createCodecs } from "@fraud/contracts";
import { createKafka, createLogger, createRedis, FraudError, loadConfig, systemClock } from "@fraud/platform";
import { Registry } from "prom-client";
import { scorerSettings } from "./config.js";
import { createKafkaSource } from "./consume/kafka-source.js";
import { resolveThresholds } from "./decide/index.js";
import { createFeatureStore, DECLARATIONS, describe, FEATURE_SET, featureName, keySpace } from "./features/index.js";
import { startOpsServer } from "./ops/http.js";
import { countDeadLetters, timeModel, timeStore } from "./ops/instrument.js";
import { createLagReader } from "./ops/lag.js";
import { createMetrics } from "./ops/metrics.js";
import { runShutdown } from "./ops/shutdown.js";
import { createPipeline } from "./pipeline.js";
import { createTransactionalSink } from "./publish/index.js";
import { loadOnnxModel } from "./score/index.js";
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

  const model = await loadOnnxModel({ dir: config.modelDir, featureSet: FEATURE_SET, threads: config.onnxThreads });
  const thresholds = resolveThresholds(model.thresholds, {
    review: config.reviewThreshold,
    decline: config.declineThreshold,
  });
  logger.info({ model: model.version, featureSet: FEATURE_SET.version, thresholds }, "model loaded");

  const codecs = await createCodecs(codecsOptions(config));
  const redis = createRedis(config);
  await redis.connect();
  const kafka = createKafka(config, logger.child({ component: "kafkajs" }));
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
  const descriptions = new Map(DECLARATIONS.map((d) => [featureName(d), describe(d)]));

  // Redis and onnxruntime latency and dead letters by code are measured at the ports (ops/instrument.ts).
  const store = timeStore(
    createFeatureStore(redis, keySpace(config.keyPrefix), FEATURE_SET, config),
    metrics.redisSeconds,
  );
  const sink = countDeadLetters(
    createTransactionalSink(kafka, {
      groupId: config.groupId,
      transactionalIdPrefix: config.transactionalIdPrefix,
      logger,
    }),
    config.deadLetters,
    (code, n) => metrics.deadLettersByCode.inc({ code }, n),
  );
  const pipeline = createPipeline({
    codecs,
    store,
    featureSet: FEATURE_SET,
    model: timeModel(model, metrics.onnxSeconds),
    thresholds,
    sink,
    topics: { decisions: config.decisions, alerts: config.alerts, deadLetters: config.deadLetters },
    clock: systemClock,
    reasonsTopK: config.reasonsTopK,
    describe: (f) => descriptions.get(f) ?? f,
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

  const probes = {
    healthy: () => true,
    ready: async () => {
      const redisOk = await redis.ping().then(
        () => true,
        () => false,
      );
      const consumerOk = source.isReady();
      return { ok: redisOk && consumerOk, detail: { model: true, redis: redisOk, consumer: consumerOk } };
    },
  };
  readiness = async () => (await probes.ready()).ok;
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
          { name: "close Redis", run: () => redis.quit() },
          { name: "close model", run: () => model.close() },
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
    fence: (topic, partition) => sink.fence(topic, partition),
    topics: { transactions: config.transactions, labels: config.labels },
    metrics,
    logger,
    backoff: { initialMs: config.retryInitialMs, maxMs: config.retryMaxMs },
    pendingSweepMs: config.pendingSweepMs,
    now: () => systemClock.now(),
    onFatal: () => void shutdown(1),
  });
  logger.info({ group: config.groupId, topics: [config.transactions, config.labels] }, "scorer running");
}

main().catch((err) => {
  const code = err instanceof FraudError ? err.code : "FRAUD_ERR_UNEXPECTED";
  process.stderr.write(`${code}: ${(err as Error).message}\n`);
  // A configuration error exits 2, like an invalid setting; anything else 1.
  process.exit(err instanceof FraudError && err.is("CONFIG_INVALID") ? 2 : 1);
});
