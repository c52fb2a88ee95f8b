import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Codecs, createCodecs } from "@fraud/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { cleanupLater, consumeAll, withTimeout } from "../support/helpers.js";
import { deployment, startScorer, tinyModel } from "../support/scorer.js";
import {
  duplicates,
  readDecisions,
  runUntilExit,
  sweepPrefixLater,
  waitForGroupCaughtUp,
  waitForMetric,
} from "./support/observe.js";
import { goldenStream, produceStream } from "./support/stream.js";
import { freshScorerTopics } from "./support/topics.js";

// Graceful shutdown: SIGTERM mid-stream finishes and commits the batch in hand and exits
// within a bound; a restart carries on with nothing decided twice. And a scorer refuses
// to start, loudly and with the right status, on a mismatched model or a bad setting.

const DEFAULT_MODEL = fileURLToPath(new URL("../../services/scorer/models/default/", import.meta.url));
const EXIT_BOUND_MS = 30_000;

let codecs: Codecs;

beforeAll(async () => {
  codecs = await createCodecs();
});

describe("graceful shutdown", () => {
  it("SIGTERM mid-stream: exits in time, commits what it did, a restart finishes with no duplicates", async () => {
    const stream = goldenStream({ seed: 11, count: 1500 });
    const n = stream.transactions.length;
    const modelDir = await tinyModel(
      { card_amount_count_1h: 0.5 },
      { bias: -29.75, review: 0.5, decline: 0.9, reference: { card_amount_count_1h: 1 } },
    );
    const topics = await freshScorerTopics(4);
    const d = deployment(topics, modelDir, { KAFKA_MAX_BYTES_PER_PARTITION: "1024" });
    sweepPrefixLater(d.redisPrefix);
    await produceStream(topics, stream, codecs);

    const first = await startScorer(d);
    const atSignal = await waitForMetric(first, "fraud_decisions_total", (v) => v >= n * 0.3, 120_000, 20);
    const signalled = Date.now();
    first.child.kill("SIGTERM");
    const exit = await withTimeout(first.exited, EXIT_BOUND_MS, "scorer exit after SIGTERM").catch((e) => {
      throw new Error(`${(e as Error).message}\n${first.output().slice(-4000)}`);
    });
    const exitMs = Date.now() - signalled;
    expect(exit.code === 0 || exit.signal === "SIGTERM").toBe(true);
    expect(first.output()).toMatch(/"shutdown step done".*flush logs|flush logs.*"shutdown step done"/);
    expect(atSignal).toBeLessThan(n);

    // Nothing is left open: a read_committed reader sees a strict prefix of the work at once.
    const committed = await consumeAll(topics.decisions, { quietMs: 3000, timeoutMs: 30_000 });
    expect(committed.length).toBeGreaterThanOrEqual(atSignal);
    expect(committed.length).toBeLessThan(n);
    expect(duplicates(committed.map((r) => String(r.key)))).toEqual([]);

    const second = await startScorer(d);
    await waitForGroupCaughtUp(d.env.SCORER_GROUP_ID as string, [topics.transactions, topics.labels], 120_000);
    // The batch in hand at SIGTERM was committed, not left half-done in Redis.
    const redelivered = await second.metric("fraud_redelivered_total");
    const decisions = await readDecisions(codecs, topics.decisions, n);
    expect(duplicates(decisions.map((x) => x.transaction_id))).toEqual([]);
    expect(decisions).toHaveLength(n);
    expect(new Set(decisions.map((x) => x.transaction_id))).toEqual(
      new Set(stream.transactions.map((t) => t.transaction_id)),
    );
    expect(redelivered).toBe(0);
    const exit2 = await withTimeout(
      (async () => {
        second.child.kill("SIGTERM");
        return second.exited;
      })(),
      EXIT_BOUND_MS,
      "restarted scorer exit after SIGTERM",
    );
    expect(exit2.code === 0 || exit2.signal === "SIGTERM").toBe(true);
    console.log(
      `[shutdown] SIGTERM at ${atSignal}/${n} decisions, exited in ${exitMs} ms, committed ${committed.length}; restart redelivered ${redelivered}`,
    );
  }, 200_000);
});

describe("refusing to start", () => {
  it("exits non-zero naming FRAUD_ERR_MODEL_FEATURE_MISMATCH when the model card lists other features", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fraud-mismatch-model-"));
    cleanupLater(`remove ${dir}`, () => rm(dir, { recursive: true, force: true }));
    await cp(DEFAULT_MODEL, dir, { recursive: true });
    const cardPath = join(dir, "model-card.json");
    const card = JSON.parse(await readFile(cardPath, "utf8"));
    // A coherent card of a model trained on another feature set: one window differs.
    const rename = (f: string) => (f === "card_amount_count_1h" ? "card_amount_count_2h" : f);
    card.features = card.features.map(rename);
    card.reference_values = Object.fromEntries(
      Object.entries(card.reference_values as Record<string, number>).map(([f, v]) => [rename(f), v]),
    );
    card.feature_set_version = "fs1-000000000000";
    await writeFile(cardPath, JSON.stringify(card, null, 2));

    const d = deployment(await freshScorerTopics(1), dir);
    const r = await runUntilExit(d.env);
    expect(r.signal).toBeNull();
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("FRAUD_ERR_MODEL_FEATURE_MISMATCH");
    expect(r.output).toContain("card_amount_count_2h");
    expect(r.output).toContain("card_amount_count_1h");
    expect(r.output).not.toContain("ops endpoints listening");
  }, 60_000);

  it("exits with status 2 naming the variable on a bad setting", async () => {
    const d = deployment(await freshScorerTopics(1), DEFAULT_MODEL, { REASONS_TOP_K: "abc" });
    const r = await runUntilExit(d.env);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.output).toContain("REASONS_TOP_K");
    expect(r.output).not.toContain("ops endpoints listening");
  }, 60_000);
});
