import { Registry } from "prom-client";
import { expect, it } from "vitest";
import type { FeatureStore } from "../../src/features/index.js";
import { countDeadLetters, timeModel, timeStore } from "../../src/ops/instrument.js";
import { createMetrics } from "../../src/ops/metrics.js";
import type { TransactionalSink } from "../../src/publish/index.js";
import type { Model } from "../../src/score/index.js";

const count = async (r: Registry, name: string, labels: Record<string, string> = {}) =>
  (await r.getSingleMetric(name)?.get())?.values.find(
    (v) =>
      (v as { metricName?: string }).metricName === `${name}_count` &&
      Object.entries(labels).every(([k, x]) => v.labels[k] === x),
  )?.value;

it("times every store method by name and every inference, passing results through", async () => {
  const registry = new Registry();
  const m = createMetrics(registry);
  const raw: FeatureStore = {
    recordBatch: async () => [],
    applyLabels: async () => ["applied"],
    sweepExpiredPending: async () => ["t1"],
    resetCache: () => undefined,
  };
  const store = timeStore(raw, m.redisSeconds);
  expect(await store.applyLabels([], 0)).toEqual(["applied"]);
  expect(await store.sweepExpiredPending(0)).toEqual(["t1"]);
  await store.sweepExpiredPending(0);
  expect(await count(registry, "fraud_redis_call_duration_seconds", { op: "applyLabels" })).toBe(1);
  expect(await count(registry, "fraud_redis_call_duration_seconds", { op: "sweepExpiredPending" })).toBe(2);

  const model = timeModel(
    {
      version: "v1",
      featureSetVersion: "fs1",
      features: ["a"],
      thresholds: { review: 0.5, decline: 0.9 },
      referenceValues: {},
      predict: async (_rows, n) => new Float32Array(n).fill(0.25),
      close: async () => undefined,
    },
    m.onnxSeconds,
  ) satisfies Model;
  expect(model.version).toBe("v1");
  expect([...(await model.predict(new Float32Array(2), 2))]).toEqual([0.25, 0.25]);
  expect(await count(registry, "fraud_onnx_inference_duration_seconds")).toBe(1);
});

it("counts committed dead letters by error code, and nothing when the commit fails", async () => {
  const seen: [string, number][] = [];
  let fail = false;
  const sink = countDeadLetters(
    {
      commit: async () => {
        if (fail) throw new Error("broker down");
      },
      fence: async () => undefined,
      release: async () => undefined,
      close: async () => undefined,
    } satisfies TransactionalSink,
    "dlq",
    (code, n) => seen.push([code, n]),
  );
  const dl = (code: string) => ({ topic: "dlq", key: null, value: null, headers: { "x-error-code": code } });
  const position = { topic: "t", partition: 0, nextOffset: "1" };
  await sink.commit(position, [dl("A"), { topic: "decisions", key: null, value: null }, dl("A"), dl("B")]);
  fail = true;
  await expect(sink.commit(position, [dl("C")])).rejects.toThrow("broker down");
  expect(seen).toEqual([
    ["A", 2],
    ["B", 1],
  ]);
});
