import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { consumeAll, kafkaForTest, withTimeout } from "../support/helpers.js";
import { startPrivateRedis } from "../support/private-redis.js";
import {
  deployment,
  produceTransactions,
  scorerTopics,
  startScorer,
  stopScorer,
  transaction,
} from "../support/scorer.js";

// Probes answer from cached state within their own deadline: /readyz even while Redis is
// frozen (SIGSTOP of a Redis of the test's own), /healthz turns false on a wedged batch,
// and /readyz turns false while a partition cannot publish (its output topic deleted).
const MODEL_DIR = fileURLToPath(new URL("../../services/scorer/models/default/", import.meta.url));
const t0 = Date.parse("2026-03-02T12:00:00.000Z");

async function probe(port: number, path: string): Promise<{ status: number; ms: number; body: string }> {
  const started = Date.now();
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, ms: Date.now() - started, body: await res.text() };
}

describe("probes", () => {
  it("/readyz answers promptly and says not ready while Redis is frozen; /healthz reports the wedged batch", async () => {
    const redis = await startPrivateRedis();
    const d = deployment(await scorerTopics(1), MODEL_DIR, {
      REDIS_URL: redis.url,
      SCORER_WEDGE_LIMIT: "2s",
    });
    const scorer = await startScorer(d);
    expect((await probe(scorer.port, "/readyz")).status).toBe(200);

    redis.child.kill("SIGSTOP");
    // A batch now hangs on Redis (until ioredis' 10 s command timeout): a wedge past 2 s.
    await produceTransactions(d.topics.transactions, [transaction({ transaction_id: "frozen", event_time: t0 })]);
    const samples: { status: number; ms: number }[] = [];
    let wedged = false;
    const until = Date.now() + 20_000;
    while (Date.now() < until && (samples.filter((s) => s.status === 503).length < 3 || !wedged)) {
      samples.push(await probe(scorer.port, "/readyz"));
      if ((await probe(scorer.port, "/healthz")).status === 503) wedged = true;
      await new Promise((r) => setTimeout(r, 300));
    }
    redis.child.kill("SIGCONT");
    // Answers come from cached state: no request waits on the frozen Redis (generous bound for a loaded machine).
    expect(samples.every((s) => s.ms < 2000)).toBe(true);
    expect(samples.some((s) => s.status === 503)).toBe(true);
    expect(wedged).toBe(true);

    // Redis back: ready and healthy again, and the transaction is decided.
    await expect.poll(async () => (await probe(scorer.port, "/readyz")).status, { timeout: 60_000 }).toBe(200);
    await expect.poll(async () => (await probe(scorer.port, "/healthz")).status, { timeout: 60_000 }).toBe(200);
    expect(await consumeAll(d.topics.decisions, { expected: 1, timeoutMs: 60_000 })).toHaveLength(1);
    await withTimeout(stopScorer(scorer), 60_000, "stop");
  }, 240_000);

  it("/readyz fails while a partition cannot publish for longer than SCORER_STALL_LIMIT, and recovers", async () => {
    const topics = await scorerTopics(1);
    const d = deployment(topics, MODEL_DIR, { SCORER_STALL_LIMIT: "3s", RETRY_MAX_BACKOFF: "1s" });
    const scorer = await startScorer(d);
    const admin = kafkaForTest().admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topics.decisions] });
    await produceTransactions(topics.transactions, [transaction({ transaction_id: "stuck", event_time: t0 })]);

    await expect.poll(async () => (await probe(scorer.port, "/readyz")).status, { timeout: 90_000 }).toBe(503);
    const body = JSON.parse((await probe(scorer.port, "/readyz")).body) as { detail: { stalled: string[] } };
    expect(body.detail.stalled).toEqual([`${topics.transactions}:0`]);
    expect(scorer.child.exitCode).toBeNull();

    await admin.createTopics({ topics: [{ topic: topics.decisions, numPartitions: 3 }] });
    const decisions = await consumeAll(topics.decisions, { expected: 1, timeoutMs: 90_000 });
    expect(decisions).toHaveLength(1);
    await expect.poll(async () => (await probe(scorer.port, "/readyz")).status, { timeout: 30_000 }).toBe(200);
    await withTimeout(stopScorer(scorer), 60_000, "stop");
  }, 240_000);
});
