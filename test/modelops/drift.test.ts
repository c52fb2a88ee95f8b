import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createCodecs, type Decision, type Transaction } from "@fraud/contracts";
import { referenceOf } from "@fraud/drift";
import { expect, it } from "vitest";
import { FEATURE_SET } from "../../services/scorer/src/features/index.js";
import { sweepPrefixLater } from "../invariants/support/observe.js";
import { freshScorerTopics } from "../invariants/support/topics.js";
import { consumeAll } from "../support/helpers.js";
import { deployment, startScorer, tinyModel, transaction } from "../support/scorer.js";
import { modelsCli, produceTo, registryDir, versionOf, waitForMetric } from "./support.js";

// Label-free drift on the real pipeline: a model whose card carries reference
// distributions computed (with @fraud/drift) from a baseline week of traffic, then a
// week where 60% of the cards spend three times as much. The amount features' PSI must
// cross 0.25 on /metrics and in the drift CLI, while the hour of day stays below 0.1.
const DAY = 86_400_000;
const CARDS = 40;
const PER_CARD = 20;
const t0 = Date.parse("2026-03-02T00:00:00.000Z");
const codecs = await createCodecs();

/** A small deterministic PRNG (mulberry32), so the streams are the same on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A week of traffic: each card pays PER_CARD times at uniformly random times; amounts around the card's own level. */
function week(start: number, tag: string, seed: number, scale: (card: number) => number) {
  const r = rng(seed);
  const items: Array<{ tx: Transaction; partition: number }> = [];
  for (let c = 0; c < CARDS; c++) {
    const level = 500 + 100 * (c % 30);
    for (let k = 0; k < PER_CARD; k++) {
      items.push({
        tx: transaction({
          transaction_id: `${tag}-${c}-${k}`,
          card_token: `tok_drift_${c}`,
          terminal_id: `term_${c % 7}`,
          event_time: start + Math.floor(r() * 7 * DAY),
          amount_minor: Math.round(level * (0.5 + r()) * scale(c)),
        }),
        partition: c % 4,
      });
    }
  }
  return items.sort((x, y) => x.tx.event_time - y.tx.event_time);
}

async function decisions(topic: string, expected: number): Promise<Decision[]> {
  const records = await consumeAll(topic, { expected, settleMs: 1000, timeoutMs: 120_000 });
  return records.map((r) => codecs.decision.decode(r.value));
}

it("sees the amount features' PSI cross 0.25 while the hour of day stays below 0.1", async () => {
  const plain = await tinyModel({ txn_amount_value: 0.0005 }, { bias: -4, review: 0.5, decline: 0.9 });
  const d = deployment(await freshScorerTopics(4), plain, {
    MODEL_REGISTRY_DIR: await registryDir(),
    MODEL_DEPLOYMENT: `test-drift-${Date.now()}`,
    DRIFT_WINDOW: "600",
  });
  sweepPrefixLater(d.redisPrefix);
  const scorer = await startScorer(d);
  // No reference distributions in this card: drift is off, said once.
  expect(scorer.output()).toMatch(/no reference distributions: drift off/);

  const baseline = week(t0, "base", 1, () => 1);
  await produceTo(d.topics.transactions, baseline, codecs);
  const seen = await decisions(d.topics.decisions, baseline.length);

  // The reference card: the same model, with the baseline week's distributions.
  const values = (f: (x: Decision) => number) => seen.map(f);
  const referenced = join(await registryDir(), "model");
  await mkdir(referenced);
  await copyFile(join(plain, "model.onnx"), join(referenced, "model.onnx"));
  const card = JSON.parse(await readFile(join(plain, "model-card.json"), "utf8"));
  const version = `${card.model_version}-ref`;
  await writeFile(
    join(referenced, "model-card.json"),
    JSON.stringify({
      ...card,
      model_version: version,
      reference_distributions: {
        window: "baseline week of this test",
        score: referenceOf(values((x) => x.score)),
        features: Object.fromEntries(
          FEATURE_SET.names.map((n) => [n, referenceOf(values((x) => x.features[n] as number))]),
        ),
      },
    }),
  );
  expect(await versionOf(referenced)).toBe(version);
  await modelsCli(d, ["register", referenced, "--reason", "card with reference distributions"]);
  await modelsCli(d, ["promote", version, "--to", "champion", "--reason", "watch drift"]);
  await waitForMetric(scorer, `fraud_model_in_use{model_version="${version}",role="champion"}`);

  const shifted = week(t0 + 7 * DAY, "shifted", 2, (c) => (c < 0.6 * CARDS ? 3 : 1));
  await produceTo(d.topics.transactions, shifted, codecs);
  await decisions(d.topics.decisions, baseline.length + shifted.length);
  const psi = (feature: string) =>
    scorer.metric(`fraud_drift_psi{feature="${feature}",model_version="${version}",role="champion"}`);
  // Every shifted decision is committed, so the window (600, sliding by 60) holds only shifted traffic.
  const inWindow = await scorer.metric(`fraud_drift_window_transactions{model_version="${version}",role="champion"}`);
  expect(inWindow).toBeGreaterThanOrEqual(540);
  expect(inWindow).toBeLessThanOrEqual(600);

  const amount = await psi("txn_amount_value");
  const sum1d = await psi("card_amount_sum_1d");
  const hour = await psi("txn_time_hour_of_day");
  expect(amount, "txn_amount_value").toBeGreaterThan(0.25);
  expect(sum1d, "card_amount_sum_1d").toBeGreaterThan(0.25);
  expect(hour, "txn_time_hour_of_day").toBeLessThan(0.1);
  expect(await psi("score")).toBeGreaterThan(0.25); // the score follows the amount
  expect(await scorer.metric(`fraud_alert_rate{model_version="${version}",role="champion"}`)).toBeGreaterThan(0);

  // After the fact, from the decisions topic: the same picture, with the bins that moved.
  const table = await modelsCli(d, ["drift", "--version", version]);
  console.info(`live PSI: amount ${amount}, sum 1d ${sum1d}, hour ${hour}\n${table}`);
  expect(table).toContain(`${shifted.length} decisions by ${version}`);
  expect(table).toMatch(/txn_amount_value\s+\d\.\d{4}\s+significant\s+\(/);
  expect(table).toMatch(/txn_time_hour_of_day\s+0\.0\d{3}\s+stable/);
});
