/**
 * Inline API latency beside the stream path's, at the same offered rates, on the local
 * stack (loopback only, bounded in time):
 *
 *   npx tsx services/api/bench/latency.ts [--rates 100,500,1000] [--seconds 10]
 *
 * Starts the real scorer (default model) and the real API as child processes on fresh
 * topics and a fresh Redis prefix. For each rate: POST /v1/score at that rate (open loop,
 * keep-alive, deadline 5 s so the true latency is measured rather than the fallback),
 * then the stream path at the same rate (produce → decision visible to a read_committed
 * reader, the scorer benchmark's own measure). Prints p50/p99 of both and the scorer's
 * per-stage time per batch from /metrics (fraud_stage_duration_seconds).
 */
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createCodecs, type Transaction } from "@fraud/contracts";
import { systemClock } from "@fraud/platform";
import { createLiveTraffic } from "@fraud/traffic";
import { spawnTs, waitUntil } from "../../scorer/bench/child.js";
import { offerLoad, summarize } from "../../scorer/bench/latency.js";
import { freePort } from "../../scorer/bench/proc.js";
import { createResources, deleteGroups } from "../../scorer/bench/resources.js";
import {
  createScorerTopics,
  histogramDelta,
  parseHistogram,
  spawnScorer,
  waitReady,
} from "../../scorer/bench/scorer-process.js";
import { watchTopic } from "../../scorer/bench/watch.js";

const KEY = "bench-api-key-0123456789";
const STAGES = ["decode", "align", "features", "score", "decide", "publish"];
const log = (m: string) => process.stderr.write(`[api-bench] ${m}\n`);

function stageSplit(before: string, after: string): string {
  return STAGES.map((s) => {
    const h = histogramDelta(
      parseHistogram(before, "fraud_stage_duration_seconds", `stage="${s}"`),
      parseHistogram(after, "fraud_stage_duration_seconds", `stage="${s}"`),
    );
    return `${s} ${h.count > 0 ? ((h.sum * 1000) / h.count).toFixed(1) : "-"}`;
  }).join(", ");
}

function batchesOf(before: string, after: string) {
  const b = histogramDelta(
    parseHistogram(before, "fraud_batch_duration_seconds", 'topic="'),
    parseHistogram(after, "fraud_batch_duration_seconds", 'topic="'),
  );
  return { count: b.count, meanMs: b.count > 0 ? (b.sum * 1000) / b.count : Number.NaN };
}

/** Offers POST /v1/score at `rate` for `seconds`; returns client-side latencies and server-side ones. */
async function offerApi(url: string, rate: number, seconds: number, seed: number, idPrefix: string) {
  const live = createLiveTraffic({ seed, rate, clock: systemClock });
  const latencies: number[] = [];
  const server: number[] = [];
  let offered = 0;
  let timedOut = 0;
  let failed = 0;
  const inflight = new Set<Promise<void>>();
  const t0 = Date.now();
  while (Date.now() - t0 < seconds * 1000) {
    for (const e of live.poll().transactions) {
      const tx: Transaction = { ...e.tx, transaction_id: `${idPrefix}-${offered++}` };
      const started = performance.now();
      const p = fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${KEY}`, "x-deadline-ms": "5000" },
        body: JSON.stringify(tx),
      })
        .then(async (r) => {
          const body = (await r.json()) as { timed_out?: boolean; latency_ms?: number };
          if (r.status !== 200) failed++;
          else if (body.timed_out) timedOut++;
          else {
            latencies.push(performance.now() - started);
            server.push(body.latency_ms ?? Number.NaN);
          }
        })
        .catch(() => {
          failed++;
        })
        .finally(() => inflight.delete(p));
      inflight.add(p);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const achieved = offered / ((Date.now() - t0) / 1000);
  await Promise.all(inflight);
  return {
    client: summarize(latencies, offered, achieved),
    server: summarize(server, offered, achieved),
    timedOut,
    failed,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rates: { type: "string", default: "100,500,1000" }, seconds: { type: "string", default: "10" } },
  });
  const rates = (values.rates as string).split(",").map(Number);
  const seconds = Math.min(60, Number(values.seconds));
  const brokers = (process.env.KAFKA_BROKERS ?? "127.0.0.1:19092").split(",");
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:16379";
  const res = createResources(brokers, redisUrl);
  const stop = () => void res.cleanup().then(() => process.exit(130));
  process.once("SIGINT", stop);
  try {
    const codecs = await createCodecs();
    const topics = await createScorerTopics(res);
    res.onCleanup("delete consumer groups", () => deleteGroups(res.kafka, [res.name("scorer"), res.name("reader")]));
    const scorer = await spawnScorer(res, brokers, redisUrl, topics);
    await waitReady(scorer);
    const port = await freePort();
    const api = spawnTs("services/api/src/main.ts", {
      KAFKA_BROKERS: brokers.join(","),
      TOPIC_TRANSACTIONS: topics.transactions,
      TOPIC_DECISIONS: topics.decisions,
      TOPIC_ALERTS: topics.alerts,
      API_KEYS: KEY,
      API_PORT: String(port),
      API_GROUP_PREFIX: res.name("api"),
      LOG_LEVEL: "warn",
      KAFKAJS_NO_PARTITIONER_WARNING: "1",
    });
    res.onCleanup("stop api", () => api.stop());
    const base = `http://127.0.0.1:${port}`;
    await waitUntil(
      api,
      "api /readyz",
      () =>
        fetch(`${base}/readyz`).then(
          (r) => r.ok,
          () => false,
        ),
      60_000,
    );
    const decisions = await watchTopic(res.kafka, topics.decisions, res.name("reader"));
    res.onCleanup("stop decisions reader", () => decisions.stop());

    // Warm-up (not measured): the scorer's per-partition transactional producers, JIT, connections.
    log("warm-up: 50/s for 3 s through the API");
    await offerApi(`${base}/v1/score`, 50, 3, 99, `${res.runId}-warm`);
    const rows: string[] = [];
    for (const [i, rate] of rates.entries()) {
      log(`API ${rate}/s for ${seconds} s`);
      const m0 = await scorer.metrics();
      const a = await offerApi(`${base}/v1/score`, rate, seconds, 100 + i, `${res.runId}-api-${rate}`);
      const m1 = await scorer.metrics();
      log(`stream ${rate}/s for ${seconds} s`);
      const s = await offerLoad(res.kafka, codecs, {
        topic: topics.transactions,
        rate,
        seconds,
        seed: 200 + i,
        decisions,
        drainMs: 30_000,
      });
      const m2 = await scorer.metrics();
      const ab = batchesOf(m0, m1);
      rows.push(
        `| ${rate} | ${a.client.achievedRate.toFixed(0)} | ${a.client.p50.toFixed(1)} | ${a.client.p99.toFixed(1)} | ${a.server.p99.toFixed(1)} | ${a.timedOut} / ${a.failed} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${ab.meanMs.toFixed(1)} | ${stageSplit(m0, m1)} |`,
      );
      log(`stream phase stages (ms per batch): ${stageSplit(m1, m2)}; batches ${JSON.stringify(batchesOf(m1, m2))}`);
    }
    process.stdout.write(
      [
        `API vs stream latency, ${seconds} s per phase, ${availableParallelism()} cpus, load ${loadavg()[0]?.toFixed(2)}`,
        "",
        "| rate/s | API achieved/s | API p50 ms | API p99 ms | API p99 server-side ms | API timed out / failed | stream p50 ms | stream p99 ms | scorer batch ms (API phase) | scorer ms per batch by stage (API phase) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ...rows,
        "",
      ].join("\n"),
    );
  } finally {
    await res.cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  },
);
