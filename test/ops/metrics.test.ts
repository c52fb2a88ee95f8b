import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumeAll, kafkaForTest, withTimeout } from "../support/helpers.js";
import {
  type Deployment,
  deployment,
  produceTransactions,
  type ScorerProcess,
  scorerTopics,
  startScorer,
  stopScorer,
  transaction,
} from "../support/scorer.js";

/**
 * The scorer's /metrics on the real stack: lag read from the broker at scrape time
 * reaches exactly 0 on every partition once the input is processed (a per-batch lag
 * went stale), and the port-level metrics (Redis, onnxruntime, dead letters by code,
 * model info, rebalances, process metrics) are exported with real values.
 */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    out.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return out;
}

const DEFAULT_MODEL = fileURLToPath(new URL("../../services/scorer/models/default/", import.meta.url));
let d: Deployment;
let scorer: ScorerProcess;
const scrape = async () => parse(await (await fetch(`http://127.0.0.1:${scorer.port}/metrics`)).text());

beforeAll(async () => {
  d = deployment(await scorerTopics(3), DEFAULT_MODEL);
  scorer = await startScorer(d);
});
afterAll(async () => {
  if (scorer) await stopScorer(scorer);
});

describe("scorer metrics", () => {
  it("lag is computed at scrape time and is 0 on every partition once caught up; port metrics are real", async () => {
    await produceTransactions(
      d.topics.transactions,
      Array.from({ length: 6 }, (_, i) =>
        transaction({ transaction_id: `m${i}`, event_time: Date.UTC(2026, 2, 2, 12, i), card_token: `tok_${i % 3}` }),
      ),
    );
    const producer = kafkaForTest().producer();
    await producer.connect();
    await producer.send({ topic: d.topics.transactions, messages: [{ key: "x", value: Buffer.from([9, 9, 9]) }] });
    await producer.disconnect();
    await consumeAll(d.topics.decisions, { expected: 6, timeoutMs: 60_000 });
    await consumeAll(d.topics.deadLetters, { expected: 1, timeoutMs: 60_000 });

    // The commit lands with the outputs; the next scrapes must see lag 0 everywhere.
    const samples = await withTimeout(
      (async () => {
        while (true) {
          const s = await scrape();
          const lag = s.filter((x) => x.name === "fraud_consumer_lag" && x.labels.topic === d.topics.transactions);
          if (lag.length === 3 && lag.every((x) => x.value === 0)) return s;
          await new Promise((r) => setTimeout(r, 500));
        }
      })(),
      60_000,
      "lag 0 on the 3 transactions partitions",
    );
    const one = (name: string, labels: Record<string, string> = {}) =>
      samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v))?.value;

    expect(samples.filter((x) => x.name === "fraud_consumer_lag" && x.labels.topic === d.topics.labels)).toHaveLength(
      2,
    );
    expect(one("fraud_consumer_lag_read_errors_total")).toBe(0);
    expect(one("fraud_dead_letters_by_code_total", { code: "FRAUD_ERR_DECODE_BAD_MAGIC" })).toBe(1);
    expect(one("fraud_redis_call_duration_seconds_count", { op: "recordBatch" })).toBeGreaterThan(0);
    expect(one("fraud_onnx_inference_duration_seconds_count")).toBeGreaterThan(0);
    expect(one("fraud_rebalances_total")).toBeGreaterThanOrEqual(1);
    expect(one("process_resident_memory_bytes")).toBeGreaterThan(10 * 1024 * 1024);
    const info = samples.find((x) => x.name === "fraud_model_info");
    expect(info?.value).toBe(1);
    expect(info?.labels.version).toMatch(/\S/);
    expect(info?.labels.feature_set).toMatch(/^fs/);
  });
});
