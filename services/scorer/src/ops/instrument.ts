import type { Histogram } from "prom-client";
import type { FeatureStore } from "../features/index.js";
import type { OutboundRecord, TransactionalSink } from "../publish/index.js";
import type { Model } from "../score/index.js";

/**
 * Latency at the scorer's ports, wrapped at the composition root so the adapters stay
 * free of metrics: every Redis round trip of the feature store (one per batch, by
 * operation), every onnxruntime inference, and dead letters by error code as they are
 * committed.
 */
async function timed<T>(h: Histogram<string>, labels: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const end = h.startTimer(labels);
  try {
    return await fn();
  } finally {
    end();
  }
}

/** The store's Redis operations (each one pipelined round trip or a few), timed by method name. */
export function timeStore(store: FeatureStore, h: Histogram<"op">): FeatureStore {
  return {
    recordBatch: (txs) => timed(h, { op: "recordBatch" }, () => store.recordBatch(txs)),
    applyLabels: (labels, now) => timed(h, { op: "applyLabels" }, () => store.applyLabels(labels, now)),
    sweepExpiredPending: (now, max) =>
      timed(h, { op: "sweepExpiredPending" }, () => store.sweepExpiredPending(now, max)),
    resetCache: () => store.resetCache(),
  };
}

/** Every inference, scoring and explanation alike (both call predict). */
export function timeModel(model: Model, h: Histogram<string>): Model {
  const wrapped = Object.create(model) as Model & { predict: Model["predict"]; close: Model["close"] };
  wrapped.predict = (rows, n) => timed(h, {}, () => model.predict(rows, n));
  wrapped.close = () => model.close();
  return wrapped;
}

/** Counts the dead letters of each committed transaction by their x-error-code header. */
export function countDeadLetters(
  sink: TransactionalSink,
  deadLetterTopic: string,
  onCommitted: (code: string, n: number) => void,
): TransactionalSink {
  return {
    async commit(position, records: readonly OutboundRecord[]) {
      await sink.commit(position, records);
      const byCode = new Map<string, number>();
      for (const r of records) {
        if (r.topic !== deadLetterTopic) continue;
        const code = r.headers?.["x-error-code"] ?? "unknown";
        byCode.set(code, (byCode.get(code) ?? 0) + 1);
      }
      for (const [code, n] of byCode) onCommitted(code, n);
    },
    fence: (topic, partition) => sink.fence(topic, partition),
    release: (topic, partition) => sink.release(topic, partition),
    close: () => sink.close(),
  };
}
