import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/** The scorer's Prometheus metrics, registered on a registry the composition root passes in. */
export function createMetrics(registry: Registry) {
  const registers = [registry];
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
      help: "Records behind the high watermark, by topic and partition.",
      labelNames: ["topic", "partition"],
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
