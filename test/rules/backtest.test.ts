import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createCodecs, type Decision, type Label } from "@fraud/contracts";
import { deleteKeysWithPrefix, topicEnv } from "@fraud/platform";
import { type BacktestReport, createListStore } from "@fraud/rules";
import { expect, inject, it } from "vitest";
import { cleanupLater, createTestTopic, kafkaForTest, randomId, redisClientForTest } from "../support/helpers.js";

/** `rules backtest` over real topics equals a computation done here by hand, rule by rule. */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);
const codecs = await createCodecs();
const t0 = Date.parse("2026-03-02T00:00:00.000Z");
const HOUR = 3_600_000;

function decision(i: number): Decision {
  const model = i % 7 === 0 ? "decline" : i % 5 === 0 ? "review" : "approve";
  return {
    transaction_id: `bt-${i}`,
    card_token: `tok_${i % 9}`,
    terminal_id: `term_${i % 4}`,
    event_time: t0 + i * HOUR,
    amount_minor: 1000 + ((i * 1237) % 9000),
    currency: i % 11 === 0 ? "USD" : "EUR",
    score: (i % 10) / 10,
    decision: model,
    review_threshold: 0.5,
    decline_threshold: 0.9,
    model_version: "m",
    feature_set_version: "fs",
    features: { card_amount_count_1h: i % 5, txn_amount_value: 1000 + ((i * 1237) % 9000) },
    scored_at: t0 + i * HOUR + 5,
    matched_rules: [],
    rules_version: "",
    model_decision: model,
    verdict_reason: "",
    merchant_category: null,
    channel: null,
    country: i % 3 === 0 ? "FR" : "DE",
    customer_id: null,
  };
}

it("matches an independent computation per rule", async () => {
  const [decisionsTopic, labelsTopic] = await Promise.all([createTestTopic(3), createTestTopic(2)]);
  const all = Array.from({ length: 120 }, (_, i) => decision(i));
  const labels: Label[] = all
    .filter((_, i) => i % 4 === 1 || i % 13 === 0)
    .map((d, k) => ({
      label_id: `l-${k}`,
      transaction_id: d.transaction_id,
      label_time: d.event_time + 86_400_000,
      is_fraud: k % 9 !== 5,
      source: "chargeback",
    }));
  const producer = kafkaForTest().producer({ idempotent: true });
  await producer.connect();
  await producer.send({
    topic: decisionsTopic,
    messages: all.map((d) => ({ key: d.transaction_id, value: codecs.decision.encode(d) })),
  });
  await producer.send({
    topic: labelsTopic,
    messages: labels.map((l) => ({ key: l.transaction_id, value: codecs.label.encode(l) })),
  });

  const prefix = `${randomId("test-bt")}:`;
  const redis = await redisClientForTest();
  cleanupLater("delete the lists", () => deleteKeysWithPrefix(redis, prefix));
  await createListStore(redis, prefix).change("add", "card_block", "tok_4", { by: "test", reason: "t", at: t0 });

  const dir = await mkdtemp(join(tmpdir(), "fraud-bt-"));
  cleanupLater("rm", () => rm(dir, { recursive: true, force: true }));
  const file = join(dir, "rules.yaml");
  await writeFile(
    file,
    `rules:
  - { id: big, description: big amounts, when: "amount_minor > 6000", action: review }
  - { id: burst-fr, description: bursts in FR, when: "card_amount_count_1h >= 3 and country in ['FR']", action: decline }
  - { id: blocked, description: block list, when: "card_token in list card_block or currency == 'USD'", action: decline }
`,
  );
  const from = new Date(t0 + 10 * HOUR).toISOString();
  const to = new Date(t0 + 110 * HOUR).toISOString();
  const { stdout } = await run(
    process.execPath,
    [
      "--import",
      "tsx",
      "services/rules/src/cli/rules.ts",
      "backtest",
      file,
      "--from",
      from,
      "--to",
      to,
      "--json",
      "--examples",
      "3",
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        KAFKA_BROKERS: inject("kafkaBrokers"),
        REDIS_URL: inject("redisUrl"),
        REDIS_KEY_PREFIX: prefix,
        ...topicEnv({
          transactions: "unused",
          labels: labelsTopic,
          decisions: decisionsTopic,
          alerts: "unused",
          deadLetters: "unused",
          models: "unused",
        }),
      },
      timeout: 120_000,
    },
  );
  const report = JSON.parse(stdout) as BacktestReport;

  // The same numbers, computed here without the rules code.
  const inWindow = all.filter((d) => d.event_time >= t0 + 10 * HOUR && d.event_time < t0 + 110 * HOUR);
  const frauds = new Set(labels.filter((l) => l.is_fraud).map((l) => l.transaction_id));
  const fraudsInWindow = inWindow.filter((d) => frauds.has(d.transaction_id)).length;
  const predicates: Record<string, (d: Decision) => boolean> = {
    big: (d) => d.amount_minor > 6000,
    "burst-fr": (d) => (d.features.card_amount_count_1h ?? 0) >= 3 && d.country === "FR",
    blocked: (d) => d.card_token === "tok_4" || d.currency === "USD",
  };
  expect(report.transactions).toBe(inWindow.length);
  expect(report.frauds).toBe(fraudsInWindow);
  for (const [id, p] of Object.entries(predicates)) {
    const m = inWindow.filter(p);
    const caught = m.filter((d) => frauds.has(d.transaction_id));
    const flagged = m.filter((d) => d.model_decision !== "approve");
    const value: Record<string, number> = {};
    for (const d of caught) value[d.currency] = (value[d.currency] ?? 0) + d.amount_minor;
    const stats = report.rules.find((r) => r.id === id);
    expect(m.length, id).toBeGreaterThan(0);
    expect(stats, id).toMatchObject({
      matches: m.length,
      fraudsCaught: caught.length,
      overlapWithModel: flagged.length,
      addedAlerts: m.length - flagged.length,
      addedFrauds: caught.filter((d) => d.model_decision === "approve").length,
      valueCaught: value,
      examples: m.slice(0, 3).map((d) => d.transaction_id),
    });
    expect(stats?.precision).toBeCloseTo(caught.length / m.length, 12);
    expect(stats?.recall).toBeCloseTo(caught.length / fraudsInWindow, 12);
    expect(stats?.matchRate).toBeCloseTo(m.length / inWindow.length, 12);
  }
});
