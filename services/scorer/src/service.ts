import { dispositionOf, type FraudError, type Logger } from "@fraud/platform";
import type { BatchSource } from "./consume/kafka-source.js";
import { createOwnership } from "./consume/ownership.js";
import type { FeatureStore } from "./features/index.js";
import type { Metrics } from "./ops/metrics.js";
import { type Backoff, retryTransient } from "./ops/retry.js";
import type { Pipeline } from "./pipeline.js";

/**
 * Runs the pipeline on the consumer: routes each batch by topic, retries transient
 * failures, records metrics, and hands anything fatal to `onFatal` (which shuts down
 * and exits non-zero). Returns a stop function for the shutdown sequence.
 */
export async function runScorer(args: {
  source: BatchSource;
  pipeline: Pipeline;
  store: FeatureStore;
  /** Fences a partition's previous owner (the sink's transactional id). */
  fence(topic: string, partition: number): Promise<void>;
  topics: { transactions: string; labels: string };
  metrics: Metrics;
  logger: Logger;
  backoff: Backoff;
  pendingSweepMs: number;
  now: () => number;
  onFatal: (err: unknown) => void;
}): Promise<{ stop(): Promise<void> }> {
  const { source, pipeline, metrics: m, logger } = args;
  source.onCrash((err) => args.onFatal(err));
  const ownership = createOwnership({ fence: args.fence, committedOffset: source.committedOffset });
  source.onAssignment(() => ownership.reset());

  await source.start(async (whole, control) => {
    const log = logger.child({ topic: whole.topic, partition: whole.partition, offset: whole.records[0]?.offset });
    const stopTimer = m.batchSeconds.startTimer({ topic: whole.topic });
    const onRetry = (err: unknown) => m.retries.inc({ code: (err as FraudError).code ?? "unknown" });
    try {
      // Records a previous owner already committed are skipped, never published twice.
      const admitted = await retryTransient(() => ownership.admit(whole), control, args.backoff, log, onRetry);
      if (!admitted.done) return false;
      const batch = admitted.value;
      if (batch.records.length === 0) return true;
      if (batch.topic === args.topics.labels) {
        const r = await retryTransient(() => pipeline.labels(batch), control, args.backoff, log, onRetry);
        if (!r.done) return false;
        for (const o of r.value.outcomes) m.labels.inc({ outcome: o });
        m.deadLetters.inc({ topic: batch.topic }, r.value.deadLetters);
      } else {
        const r = await retryTransient(() => pipeline.transactions(batch), control, args.backoff, log, onRetry);
        if (!r.done) {
          log.info({ reason: r.reason }, "batch abandoned; it will be consumed again");
          return false;
        }
        const o = r.value;
        m.alerts.inc(o.alerts);
        for (const [decision, n] of Object.entries(o.verdicts)) m.decisions.inc({ decision }, n);
        m.redelivered.inc(o.redelivered);
        m.deadLetters.inc({ topic: batch.topic }, o.deadLetters);
        for (const ts of o.inputTimestamps) m.endToEndSeconds.observe(Math.max(0, (o.scoredAt - ts) / 1000));
      }
      m.consumed.inc({ topic: whole.topic }, batch.records.length);
      return true;
    } catch (err) {
      log.fatal({ err, disposition: dispositionOf(err) }, "fatal error in batch; shutting down");
      args.onFatal(err);
      throw err;
    } finally {
      stopTimer();
      for (const [tp, lag] of source.lag()) {
        const [topic, partition] = tp.split(":");
        m.lag.set({ topic, partition }, lag);
      }
    }
  });

  // Parked labels whose transaction never came are reported, not dropped silently.
  const sweep = setInterval(async () => {
    try {
      const expired = await args.store.sweepExpiredPending(args.now());
      if (expired.length > 0) {
        m.labelsExpired.inc(expired.length);
        logger.warn(
          { transactions: expired.slice(0, 50), count: expired.length },
          "labels expired without their transaction",
        );
      }
    } catch (err) {
      logger.warn({ err }, "sweep of parked labels failed; will retry");
    }
  }, args.pendingSweepMs);
  sweep.unref();

  return {
    async stop() {
      clearInterval(sweep);
      await source.stop();
    },
  };
}
