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

/** Every method of the store (each is one Redis round trip), timed by method name. */
export function timeStore<S extends FeatureStore>(store: S, h: Histogram<"op">): S {
  const wrapped = Object.create(store) as Record<string, unknown>;
  for (const [op, value] of Object.entries(store)) {
    if (typeof value !== "function") continue;
    wrapped[op] = (...args: unknown[]) => timed(h, { op }, () => Promise.resolve(value.apply(store, args)));
  }
  return wrapped as S;
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
