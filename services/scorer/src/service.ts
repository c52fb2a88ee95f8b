import { dispositionOf, type FraudError, type Logger } from "@fraud/platform";
import { resumeMaxTime } from "./consume/admitted.js";
import type { Alignment } from "./consume/alignment.js";
import type { BatchControl, InputBatch } from "./consume/batch.js";
import { watchIdle } from "./consume/idle-watch.js";
import type { BatchSource } from "./consume/kafka-source.js";
import { createOwnership } from "./consume/ownership.js";
import type { FeatureStore } from "./features/index.js";
import type { Metrics } from "./ops/metrics.js";
import type { Progress } from "./ops/progress.js";
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
  align: Alignment;
  /** How often partitions that are caught up are marked idle for the alignment. */
  idleCheckMs: number;
  fromBeginning: boolean;
  /** Fences a partition's previous owner (the sink's transactional id). */
  fence(topic: string, partition: number): Promise<void>;
  topics: { transactions: string; labels: string };
  metrics: Metrics;
  logger: Logger;
  backoff: Backoff;
  pendingSweepMs: number;
  now: () => number;
  onFatal: (err: unknown) => void;
  /** Feeds the probes (stalled and wedged partitions). */
  progress?: Progress;
}): Promise<{ stop(): Promise<void> }> {
  const { source, pipeline, metrics: m, logger } = args;
  source.onCrash((err) => {
    logger.fatal({ err }, "the Kafka consumer crashed; shutting down");
    args.onFatal(err);
  });
  const ownership = createOwnership({
    fence: args.fence,
    committedOffset: source.committedOffset,
    resumed: (topic, partition, metadata) => args.align.resume(topic, partition, resumeMaxTime(metadata)),
  });
  source.onAssignment(() => {
    ownership.reset();
    // Cached card state is only trusted for partitions this instance kept owning.
    args.store.resetCache();
  });

  /** One batch (or the prefix of it that alignment admits), published and committed, then counted. */
  async function handle(batch: InputBatch, control: BatchControl): Promise<number> {
    if (batch.topic === args.topics.labels) {
      const r = await pipeline.labels(batch);
      for (const o of r.outcomes) m.labels.inc({ outcome: o });
      m.deadLetters.inc({ topic: batch.topic }, r.deadLetters);
      return batch.records.length;
    }
    const o = await pipeline.transactions(batch, () => control.isRunning() && !control.isStale());
    m.alerts.inc(o.verdicts.review + o.verdicts.decline);
    for (const [decision, n] of Object.entries(o.verdicts)) m.decisions.inc({ decision }, n);
    m.redelivered.inc(o.redelivered);
    m.txnIdConflicts.inc(o.conflicts);
    m.deadLetters.inc({ topic: batch.topic }, o.deadLetters);
    for (const ts of o.inputTimestamps) m.endToEndSeconds.observe(Math.max(0, (o.scoredAt - ts) / 1000));
    for (const [stage, seconds] of Object.entries(o.stages)) m.stageSeconds.observe({ stage }, seconds);
    if (o.held) m.alignmentHeld.inc();
    m.lateRecords.inc(o.late);
    return o.handled;
  }

  await source.start(async (whole, control) => {
    const log = logger.child({ topic: whole.topic, partition: whole.partition, offset: whole.records[0]?.offset });
    const stopTimer = m.batchSeconds.startTimer({ topic: whole.topic });
    const tp = `${whole.topic}:${whole.partition}`;
    const onRetry = (err: unknown) => {
      args.progress?.attemptFailed(tp);
      m.retries.inc({ code: (err as FraudError).code ?? "unknown" });
    };
    try {
      const r = await retryTransient(
        async () => {
          args.progress?.attemptStarted(tp);
          // Records a previous owner (or an earlier attempt) already committed are skipped.
          const batch = await ownership.admit(whole);
          const skipped = whole.records.length - batch.records.length;
          if (batch.records.length === 0) return skipped;
          let handled: number;
          try {
            handled = await handle(batch, control);
          } catch (err) {
            ownership.forget(whole.topic, whole.partition);
            throw err;
          }
          m.consumed.inc({ topic: whole.topic }, handled);
          return skipped + handled;
        },
        control,
        args.backoff,
        log,
        onRetry,
      );
      args.progress?.attemptSettled(tp);
      if (!r.done) log.info({ reason: r.reason }, "batch abandoned; it will be consumed again");
      return r.done ? r.value : 0;
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
          { transactionFingerprints: expired.slice(0, 50), count: expired.length },
          "labels expired without their transaction",
        );
      }
    } catch (err) {
      logger.warn({ err }, "sweep of parked labels failed; will retry");
    }
  }, args.pendingSweepMs);
  sweep.unref();

  const idle = watchIdle({
    source,
    align: args.align,
    topics: [args.topics.transactions, args.topics.labels],
    fromBeginning: args.fromBeginning,
    intervalMs: args.idleCheckMs,
    logger,
    onChecked: (all) => m.caughtUp.set(all ? 1 : 0),
  });

  return {
    async stop() {
      clearInterval(sweep);
      idle.stop();
      await source.stop();
    },
  };
}
