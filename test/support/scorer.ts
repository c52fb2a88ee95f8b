import { type ChildProcess, execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Codecs, createCodecs, type Transaction } from "@fraud/contracts";
import { type TopicRole, topicEnv } from "@fraud/platform";
import { inject } from "vitest";
import { FEATURE_SET } from "../../services/scorer/src/features/index.js";
import { cleanupLater, createTestTopic, kafkaForTest, randomId, withTimeout } from "./helpers.js";
import { loggedPort, spawnCaptured } from "./process.js";

/**
 * Runs the real scorer (services/scorer/src/main.ts) as a child process against the
 * test stack, on random topics, a random Redis prefix, group and transactional ids, so
 * tests can SIGKILL it, run two of them, and read what they published.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);

/** The scorer's topic names, by role (as declared in @fraud/platform's TOPICS). */
export type ScorerTopics = Record<TopicRole, string>;

export async function scorerTopics(transactionPartitions = 4): Promise<ScorerTopics> {
  const [transactions, labels, decisions, alerts, deadLetters, models] = await Promise.all([
    createTestTopic(transactionPartitions),
    createTestTopic(2),
    createTestTopic(3),
    createTestTopic(2),
    createTestTopic(1),
    createTestTopic(1, { "cleanup.policy": "compact" }),
  ]);
  return { transactions, labels, decisions, alerts, deadLetters, models };
}

/** One deployment: the identity every instance of it shares. */
export interface Deployment {
  topics: ScorerTopics;
  env: Record<string, string>;
  redisPrefix: string;
}

export function deployment(topics: ScorerTopics, modelDir: string, extra: Record<string, string> = {}): Deployment {
  const redisPrefix = `${randomId("test-scorer")}:`;
  return {
    topics,
    redisPrefix,
    env: {
      KAFKA_BROKERS: inject("kafkaBrokers"),
      REDIS_URL: inject("redisUrl"),
      REDIS_MODE: inject("redisMode"),
      REDIS_KEY_PREFIX: redisPrefix,
      ...topicEnv(topics),
      SCORER_GROUP_ID: randomId("test-scorer-group"),
      SCORER_TRANSACTIONAL_ID_PREFIX: randomId("test-scorer-tx"),
      MODEL_DIR: modelDir,
      HTTP_PORT: "0",
      LOG_LEVEL: "info",
      KAFKA_SESSION_TIMEOUT: "10s",
      KAFKAJS_NO_PARTITIONER_WARNING: "1",
      ...extra,
    },
  };
}

export interface ScorerProcess {
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  metric(name: string): Promise<number>;
}

export async function startScorer(d: Deployment, timeoutMs = 60_000): Promise<ScorerProcess> {
  const p = spawnCaptured(process.execPath, ["--import", "tsx", "services/scorer/src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...d.env },
  });
  const { child, exited } = p;
  cleanupLater("stop scorer", async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  });

  const port = await loggedPort(p, "scorer", timeoutMs);
  await withTimeout(
    (async () => {
      while (true) {
        const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return;
        if (child.exitCode !== null) throw new Error(`scorer exited before ready:\n${p.output()}`);
        await sleep(200);
      }
    })(),
    timeoutMs,
    "scorer ready",
  );
  return {
    port,
    child,
    output: p.output,
    exited,
    async metric(name) {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      // Samples of exactly this metric: `name value` or `name{labels} value`.
      return text
        .split("\n")
        .filter(
          (l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`) || (name.includes("{") && l.startsWith(name)),
        )
        .reduce((sum, l) => sum + Number(l.split(" ").at(-1)), 0);
    },
  };
}

/** Sends SIGTERM and waits for a clean exit. */
export async function stopScorer(
  p: ScorerProcess,
  timeoutMs = 30_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  p.child.kill("SIGTERM");
  return withTimeout(p.exited, timeoutMs, "scorer graceful stop");
}

/**
 * A real ONNX model for tests: a logistic model over the scorer's own feature set, built
 * by training/fraudtrain/tiny_model.py, so expected scores can be computed by hand.
 */
export async function tinyModel(
  weights: Record<string, number>,
  options: { bias: number; review: number; decline: number; reference?: Record<string, number> },
): Promise<string> {
  const python = join(ROOT, "training/.venv/bin/python");
  if (!existsSync(python)) throw new Error("training/.venv is missing: run training/setup.sh (the test command does)");
  const dir = await mkdtemp(join(tmpdir(), "fraud-tiny-model-"));
  cleanupLater(`remove ${dir}`, () => rm(dir, { recursive: true, force: true }));
  const featuresJson = join(dir, "features.json");
  await writeFile(
    featuresJson,
    JSON.stringify({ feature_set_version: FEATURE_SET.version, features: FEATURE_SET.names }),
  );
  const args = [
    "-m",
    "fraudtrain.tiny_model",
    "--features-json",
    featuresJson,
    "--weights",
    Object.entries(weights)
      .map(([k, v]) => `${k}=${v}`)
      .join(","),
    "--bias",
    String(options.bias),
    "--review",
    String(options.review),
    "--decline",
    String(options.decline),
    "--out",
    dir,
  ];
  if (options.reference) {
    args.push(
      "--reference-values",
      Object.entries(options.reference)
        .map(([k, v]) => `${k}=${v}`)
        .join(","),
    );
  }
  await run(python, args, { cwd: join(ROOT, "training") });
  return dir;
}

/** Produces transactions (Avro, keyed by card token) in the given order. */
export async function produceTransactions(topic: string, txs: readonly Transaction[], codecs?: Codecs): Promise<void> {
  const c = codecs ?? (await createCodecs());
  const producer = kafkaForTest().producer({ idempotent: true });
  await producer.connect();
  await producer.send({
    topic,
    messages: txs.map((tx) => ({ key: tx.card_token, value: c.transaction.encode(tx) })),
  });
  await producer.disconnect();
}

export function transaction(over: Partial<Transaction> & { transaction_id: string; event_time: number }): Transaction {
  return {
    card_token: "tok_test_card",
    terminal_id: "term_test",
    amount_minor: 1000,
    currency: "EUR",
    merchant_category: null,
    channel: null,
    country: null,
    customer_id: null,
    ...over,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
