import { Counter, collectDefaultMetrics, Gauge, Histogram, type Registry } from "prom-client";
import type { LagReader } from "./lag.js";

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export interface MetricsOptions {
  /** Reads the group's lag from the broker at each scrape; without it the lag gauge stays empty. */
  lag?: LagReader;
  /** Told when a scrape could not read the lag (the gauge is then empty, never stale). */
  onLagError?: (err: unknown) => void;
  /** The /readyz verdict, evaluated at each scrape, so alerts can see readiness flapping. */
  ready?: () => Promise<boolean>;
}

/**
 * The scorer's Prometheus metrics, registered on a registry the composition root passes
 * in, with the default process and Node.js metrics (process_*, nodejs_*). Every name is
 * listed in infra/prometheus and infra/grafana only if registered here (a test checks).
 */
export function createMetrics(registry: Registry, options: MetricsOptions = {}) {
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  const lagErrors = new Counter({
    name: "fraud_consumer_lag_read_errors_total",
    help: "Scrapes at which the consumer lag could not be read from the broker.",
    registers,
  });
  return {
    consumed: new Counter({
      name: "fraud_consumed_total",
      help: "Records consumed, by topic.",
      labelNames: ["topic"],
      registers,
    }),
    decisions: new Counter({
      name: "fraud_decisions_total",
      help: "Decisions published, by verdict.",
      labelNames: ["decision"],
      registers,
    }),
    alerts: new Counter({ name: "fraud_alerts_total", help: "Alerts published.", registers }),
    redelivered: new Counter({
      name: "fraud_redelivered_total",
      help: "Transactions seen before (their features recomputed as of their place in the card's history).",
      registers,
    }),
    txnIdConflicts: new Counter({
      name: "fraud_txn_id_conflicts_total",
      help: "Transactions reusing a seen transaction_id with other content (dead-lettered, never scored).",
      registers,
    }),
    deadLetters: new Counter({
      name: "fraud_dead_letters_total",
      help: "Records sent to the dead-letter topic, by origin topic.",
      labelNames: ["topic"],
      registers,
    }),
    labels: new Counter({
      name: "fraud_labels_total",
      help: "Labels consumed, by outcome.",
      labelNames: ["outcome"],
      registers,
    }),
    labelsExpired: new Counter({
      name: "fraud_labels_unmatched_expired_total",
      help: "Parked labels whose transaction never arrived within the pending TTL.",
      registers,
    }),
    retries: new Counter({
      name: "fraud_transient_retries_total",
      help: "Batch retries after a transient failure, by error code.",
      labelNames: ["code"],
      registers,
    }),
    batchSeconds: new Histogram({
      name: "fraud_batch_duration_seconds",
      help: "Time to process one batch, decode to commit.",
      labelNames: ["topic"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    endToEndSeconds: new Histogram({
      name: "fraud_end_to_end_latency_seconds",
      help: "From the input record's Kafka timestamp to its decision being committed.",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    stageSeconds: new Histogram({
      name: "fraud_stage_duration_seconds",
      help: "Time one batch of transactions spends in each stage (align = waiting for other partitions in event time).",
      labelNames: ["stage"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
    alignmentHeld: new Counter({
      name: "fraud_alignment_held_total",
      help: "Batches that waited for other partitions to catch up in event time and were fetched again.",
      registers,
    }),
    lateRecords: new Counter({
      name: "fraud_late_transactions_total",
      help: "Transactions more than EVENT_TIME_LATENESS behind their partition: they count at their terminal from when their stream reached them.",
      registers,
    }),
    caughtUp: new Gauge({
      name: "fraud_caught_up",
      help: "1 when every partition assigned to this instance is committed up to its end offset (checked every IDLE_CHECK_INTERVAL); tools wait on it.",
      registers,
    }),
    lag: new Gauge({
      name: "fraud_consumer_lag",
      help: "Records the group has yet to process (end offset - committed offset), by topic and partition, read from the broker at scrape time.",
      labelNames: ["topic", "partition"],
      registers,
      async collect() {
        this.reset();
        if (!options.lag) return;
        try {
          for (const r of await options.lag.read()) this.set({ topic: r.topic, partition: String(r.partition) }, r.lag);
        } catch (err) {
          lagErrors.inc();
          options.onLagError?.(err);
        }
      },
    }),
    lagErrors,
    ready: new Gauge({
      name: "fraud_ready",
      help: "1 when the instance is ready (model loaded, Redis answers, group joined), as /readyz says; read at scrape time.",
      registers,
      async collect() {
        this.set(options.ready ? Number(await options.ready().catch(() => false)) : 0);
      },
    }),
    redisSeconds: new Histogram({
      name: "fraud_redis_call_duration_seconds",
      help: "One feature-store round trip to Redis, by operation.",
      labelNames: ["op"],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    onnxSeconds: new Histogram({
      name: "fraud_onnx_inference_duration_seconds",
      help: "One onnxruntime inference call (scoring or explanation).",
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    modelInfo: new Gauge({
      name: "fraud_model_info",
      help: "The model being served: always 1, labelled with its version and feature set.",
      labelNames: ["version", "feature_set"],
      registers,
    }),
    scores: new Histogram({
      name: "fraud_score",
      help: "Fraud probability of each scored transaction.",
      buckets: [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99],
      registers,
    }),
    deadLettersByCode: new Counter({
      name: "fraud_dead_letters_by_code_total",
      help: "Records committed to the dead-letter topic, by error code (FRAUD_ERR_*).",
      labelNames: ["code"],
      registers,
    }),
    rebalances: new Counter({
      name: "fraud_rebalances_total",
      help: "Consumer group (re)joins of this instance, each with a new assignment.",
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
