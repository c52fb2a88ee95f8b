import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCodecs } from "@fraud/contracts";
import { afterAll, describe, expect, it } from "vitest";
import { consumeAll, withTimeout } from "../support/helpers.js";
import {
  deployment,
  produceTransactions,
  scorerTopics,
  startScorer,
  stopScorer,
  tinyModel,
  transaction,
} from "../support/scorer.js";

// A transient failure is retried, never dead-lettered, and loses nothing: the scorer runs
// against a Redis of its own that the test stops mid-stream and starts again.
const t0 = Date.parse("2026-03-02T12:00:00.000Z");
let redis: ChildProcess | undefined;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--save", ""],
    {
      stdio: "ignore",
    },
  );
  await withTimeout(
    (async () => {
      while (!(await fetchPing(port))) await new Promise((r) => setTimeout(r, 100));
    })(),
    10_000,
    "private redis start",
  );
  return child;
}

async function fetchPing(port: number): Promise<boolean> {
  const { Socket } = await import("node:net");
  return new Promise((resolve) => {
    const s = new Socket();
    s.once("error", () => resolve(false));
    s.connect(port, "127.0.0.1", () => {
      s.write("PING\r\n");
      s.once("data", (d) => {
        s.destroy();
        resolve(d.toString().startsWith("+PONG"));
      });
    });
  });
}

async function stopRedis(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await withTimeout(exited, 10_000, "private redis stop");
}

afterAll(() => stopRedis(redis));

describe("transient failures", () => {
  it("retries while Redis is down, dead-letters nothing, and scores everything once it is back", async () => {
    const codecs = await createCodecs();
    const port = await freePort();
    const dir = await mkdtemp(join(tmpdir(), "fraud-redis-"));
    redis = await startRedis(port, dir);
    const model = await tinyModel({ card_amount_count_1h: 1 }, { bias: -5, review: 0.5, decline: 0.9 });
    const d = deployment(await scorerTopics(2), model, {
      REDIS_URL: `redis://127.0.0.1:${port}`,
      RETRY_INITIAL_BACKOFF: "100ms",
      RETRY_MAX_BACKOFF: "500ms",
    });
    const scorer = await startScorer(d);
    const tx = (i: number) =>
      transaction({ transaction_id: `t${i}`, event_time: t0 + i * 1000, card_token: `tok_${i % 5}` });

    await produceTransactions(d.topics.transactions, [0, 1, 2, 3, 4].map(tx));
    expect(await consumeAll(d.topics.decisions, { expected: 5, timeoutMs: 30_000 })).toHaveLength(5);

    await stopRedis(redis);
    await produceTransactions(d.topics.transactions, [5, 6, 7, 8, 9].map(tx));
    // While Redis is down the scorer retries: nothing is decided and nothing is dead-lettered.
    await expect
      .poll(() => scorer.metric('fraud_transient_retries_total{code="FRAUD_ERR_REDIS_UNAVAILABLE"}'), {
        timeout: 20_000,
      })
      .toBeGreaterThan(1);
    expect(await consumeAll(d.topics.decisions, { quietMs: 2000, timeoutMs: 10_000 })).toHaveLength(5);

    redis = await startRedis(port, dir);
    const decisions = (await consumeAll(d.topics.decisions, { expected: 10, timeoutMs: 60_000 })).map((r) =>
      codecs.decision.decode(r.value),
    );
    expect(decisions.map((x) => x.transaction_id).sort()).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `t${i}`).sort(),
    );
    // Features kept their state across the outage: card tok_0 saw t0 before t5.
    expect(decisions.find((x) => x.transaction_id === "t5")?.features.card_amount_count_1h).toBe(2);
    expect(await consumeAll(d.topics.deadLetters, { quietMs: 2000, timeoutMs: 10_000 })).toHaveLength(0);
    expect(await scorer.metric("fraud_dead_letters_total")).toBe(0);
    await stopScorer(scorer);
  });
});
