import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Codecs, createCodecs, type Label, type Transaction } from "@fraud/contracts";
import { cleanupLater, kafkaForTest, withTimeout } from "../support/helpers.js";
import type { Deployment, ScorerProcess } from "../support/scorer.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);

/** A fresh registry artifact folder, removed at cleanup. */
export async function registryDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "fraud-model-registry-"));
  cleanupLater(`remove ${dir}`, () => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs the real models CLI against a deployment's topics and registry; resolves with its stdout. */
export async function modelsCli(d: Deployment, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", "services/scorer/src/cli/models.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...d.env, MODELS_BY: "test-suite" },
  }).catch((e: Error & { stderr?: string; stdout?: string }) => {
    throw new Error(`models ${args.join(" ")} failed: ${e.message}\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  });
  return stdout;
}

export async function versionOf(modelDir: string): Promise<string> {
  return JSON.parse(await readFile(join(modelDir, "model-card.json"), "utf8")).model_version as string;
}

/** Waits until a scorer's /metrics has a sample of `series` equal to `value`. */
export async function waitForMetric(p: ScorerProcess, series: string, value = 1, timeoutMs = 60_000): Promise<void> {
  await withTimeout(
    (async () => {
      while ((await p.metric(series).catch(() => Number.NaN)) !== value) await sleep(250);
    })(),
    timeoutMs,
    `${series} = ${value}`,
  );
}

/** Produces transactions to explicit partitions (so a test knows each partition's order). */
export async function produceTo(
  topic: string,
  items: ReadonlyArray<{ tx: Transaction; partition: number }>,
  codecs?: Codecs,
): Promise<void> {
  const c = codecs ?? (await createCodecs());
  const producer = kafkaForTest().producer({ idempotent: true });
  await producer.connect();
  await producer.send({
    topic,
    messages: items.map(({ tx, partition }) => ({ key: tx.card_token, value: c.transaction.encode(tx), partition })),
  });
  await producer.disconnect();
}

export async function produceLabels(topic: string, labels: readonly Label[], codecs?: Codecs): Promise<void> {
  const c = codecs ?? (await createCodecs());
  const producer = kafkaForTest().producer({ idempotent: true });
  await producer.connect();
  await producer.send({ topic, messages: labels.map((l) => ({ key: l.transaction_id, value: c.label.encode(l) })) });
  await producer.disconnect();
}

/** How many times a scorer joined its consumer group (a rebalance shows as another join). */
export const joins = (p: ScorerProcess) => p.output().split("joined consumer group").length - 1;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
