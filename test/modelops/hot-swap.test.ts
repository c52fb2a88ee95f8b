import { createCodecs, type Decision, type Transaction } from "@fraud/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { sweepPrefixLater } from "../invariants/support/observe.js";
import { freshScorerTopics } from "../invariants/support/topics.js";
import { consumeAll } from "../support/helpers.js";
import {
  type Deployment,
  deployment,
  type ScorerProcess,
  startScorer,
  tinyModel,
  transaction,
} from "../support/scorer.js";
import {
  joins,
  modelsCli,
  produceLabels,
  produceTo,
  registryDir,
  sigmoid,
  sleep,
  versionOf,
  waitForMetric,
} from "./support.js";

// Model operations on the real stack: two scorers in one group follow the registry
// (models topic + artifact folder) while the real models CLI promotes, shadows, retires
// and rolls back. Each model is a logistic model on one feature, so every decision's
// score can be checked against the formula of the version it names.
const MIN = 60_000;
const PARTITIONS = 4;
const CARDS = 12;
const t0 = Date.parse("2026-03-02T00:00:00.000Z");
const codecs = await createCodecs();

const formulas = new Map<string, (d: Decision) => number>();
let A: string;
let B: string;
let C: string;
let d: Deployment;
const scorers: ScorerProcess[] = [];
let seq = 0;
const all: Array<{ tx: Transaction; partition: number }> = [];

/** One round: a transaction per card, a minute after the previous round, card i on partition i % 4. */
function round(r: number, tag: string) {
  return Array.from({ length: CARDS }, (_, i) => ({
    tx: transaction({
      transaction_id: `${tag}-r${r}-c${i}-${seq++}`,
      event_time: t0 + r * MIN + i * 1000,
      card_token: `tok_swap_${i}`,
      amount_minor: 1000 + 137 * ((r * 7 + i) % 23),
    }),
    partition: i % PARTITIONS,
  }));
}

async function produceRounds(from: number, to: number, tag: string) {
  for (let r = from; r < to; r++) {
    const items = round(r, tag);
    all.push(...items);
    await produceTo(d.topics.transactions, items, codecs);
  }
}

async function decisionsSoFar(): Promise<Map<string, Decision[]>> {
  const records = await consumeAll(d.topics.decisions, { expected: all.length, settleMs: 2000, timeoutMs: 120_000 });
  const byId = new Map<string, Decision[]>();
  for (const r of records) {
    const x = codecs.decision.decode(r.value);
    byId.set(x.transaction_id, [...(byId.get(x.transaction_id) ?? []), x]);
  }
  return byId;
}

function checkScore(x: Decision) {
  const f = formulas.get(x.model_version);
  expect(f, `unknown version ${x.model_version}`).toBeDefined();
  expect(x.score).toBeCloseTo((f as (d: Decision) => number)(x), 5);
}

const champion = (v: string) => `fraud_model_in_use{model_version="${v}",role="champion"}`;

beforeAll(async () => {
  const [a, b, c] = await Promise.all([
    tinyModel({ card_amount_count_1h: 1 }, { bias: -4, review: 0.5, decline: 0.9 }),
    tinyModel({ card_amount_count_1h: 2 }, { bias: -6, review: 0.5, decline: 0.9 }),
    tinyModel({ txn_amount_value: 0.001 }, { bias: -3, review: 0.4, decline: 0.9 }),
  ]);
  [A, B, C] = await Promise.all([versionOf(a), versionOf(b), versionOf(c)]);
  formulas.set(A, (x) => sigmoid(-4 + (x.features.card_amount_count_1h as number)));
  formulas.set(B, (x) => sigmoid(-6 + 2 * (x.features.card_amount_count_1h as number)));
  formulas.set(C, (x) => sigmoid(-3 + 0.001 * (x.features.txn_amount_value as number)));
  d = deployment(await freshScorerTopics(PARTITIONS), a, {
    MODEL_REGISTRY_DIR: await registryDir(),
    MODEL_DEPLOYMENT: `test-deployment-${Date.now()}`,
    SCORER_PARTITIONS_CONCURRENCY: "2",
  });
  sweepPrefixLater(d.redisPrefix);
  for (const dir of [a, b, c]) await modelsCli(d, ["register", dir, "--reason", "trained for the test"]);
  await modelsCli(d, ["promote", A, "--to", "champion", "--reason", "first champion"]);
  scorers.push(await startScorer(d), await startScorer(d));
  for (const s of scorers) await waitForMetric(s, champion(A));
});

describe("model operations", () => {
  it("lists what was registered and refuses a model whose features the scorer does not compute", async () => {
    const listed = await modelsCli(d, ["list"]);
    expect(listed).toMatch(new RegExp(`${A}\\s+champion`));
    expect(listed).toMatch(new RegExp(`${B}\\s+candidate`));
    const bad = await tinyModel({ card_amount_count_1h: 1 }, { bias: 0, review: 0.5, decline: 0.9 });
    const { writeFile, readFile } = await import("node:fs/promises");
    const cardPath = `${bad}/model-card.json`;
    const card = JSON.parse(await readFile(cardPath, "utf8"));
    await writeFile(cardPath, JSON.stringify({ ...card, feature_set_version: "fs0-old" }));
    await expect(modelsCli(d, ["register", bad, "--reason", "stale"])).rejects.toThrow(/feature set fs0-old/);
    await expect(modelsCli(d, ["promote", B, "--to", "champion"])).rejects.toThrow(/--reason is required/);
  });

  it("promotes A → B while a stream runs: one version per decision, one switch per partition, nothing lost or duplicated, no rebalance", async () => {
    await produceRounds(0, 3, "warm");
    await decisionsSoFar();
    const joinsBefore = scorers.map(joins);

    let promoted = false;
    const streaming = (async () => {
      let r = 3;
      let after = 0;
      while (after < 10) {
        await produceRounds(r, r + 1, "live");
        r++;
        if (promoted) after++;
        await sleep(400);
      }
    })();
    await sleep(2000);
    await modelsCli(d, ["promote", B, "--to", "champion", "--reason", "better recall offline"]);
    for (const s of scorers) await waitForMetric(s, champion(B));
    promoted = true;
    await streaming;

    const byId = await decisionsSoFar();
    expect(byId.size).toBe(all.length);
    expect([...byId.values()].filter((x) => x.length !== 1)).toEqual([]);
    const decided = (id: string) => (byId.get(id) as Decision[])[0] as Decision;
    for (const { tx } of all) checkScore(decided(tx.transaction_id));

    const versions = new Set<string>();
    for (let p = 0; p < PARTITIONS; p++) {
      const seqOf = all.filter((x) => x.partition === p).map((x) => decided(x.tx.transaction_id).model_version);
      const switches = seqOf.filter((v, i) => i > 0 && v !== seqOf[i - 1]);
      expect(switches, `partition ${p}: ${seqOf.join(",")}`).toEqual(seqOf.includes(B) && seqOf.includes(A) ? [B] : []);
      expect(seqOf.at(-1)).toBe(B);
      for (const v of seqOf) versions.add(v);
    }
    expect([...versions].sort()).toEqual([A, B].sort());
    expect(scorers.map(joins)).toEqual(joinsBefore);
    for (const s of scorers)
      expect(await s.metric('fraud_model_swaps_total{role="champion"}')).toBeGreaterThanOrEqual(1);
  });

  it("publishes a shadow score for every transaction while C is in shadow and none after it is retired; compare reports both", async () => {
    await produceRounds(200, 202, "pre");
    const before = all.length;
    await decisionsSoFar();
    await modelsCli(d, ["promote", C, "--to", "shadow", "--reason", "challenger"]);
    for (const s of scorers) await waitForMetric(s, `fraud_model_in_use{model_version="${C}",role="shadow"}`);
    await produceRounds(202, 206, "shadowed");
    const shadowed = all.slice(before);
    const byId = await decisionsSoFar();
    for (const { tx } of shadowed) {
      const x = (byId.get(tx.transaction_id) as Decision[])[0] as Decision;
      expect(x.model_version).toBe(B);
      expect(x.shadow?.model_version).toBe(C);
      expect(x.shadow?.score).toBeCloseTo(sigmoid(-3 + 0.001 * tx.amount_minor), 5);
    }
    for (const { tx } of all.slice(0, before))
      expect((byId.get(tx.transaction_id) as Decision[])[0]?.shadow).toBeNull();

    // Labels for the shadowed transactions: the large amounts are the frauds.
    await produceLabels(
      d.topics.labels,
      shadowed.map(({ tx }, i) => ({
        label_id: `l-${i}`,
        transaction_id: tx.transaction_id,
        label_time: tx.event_time + 1000,
        is_fraud: tx.amount_minor > 3500,
        source: "chargeback",
      })),
      codecs,
    );
    const report = await modelsCli(d, ["compare", "--shadow", C]);
    expect(report).toContain(`vs shadow ${C} on ${shadowed.length} transactions`);
    expect(report).toMatch(/labelled subset\s+48 transactions/);
    // C scores by amount, which is exactly how the labels were made: a perfect ranking.
    expect(report).toMatch(/shadow\s+AUC 1\.0000/);

    await modelsCli(d, ["retire", C, "--reason", "seen enough"]);
    for (const s of scorers) await waitForMetric(s, `fraud_model_in_use{model_version="${C}",role="shadow"}`, 0);
    const mark = all.length;
    await produceRounds(206, 208, "after");
    const after = await decisionsSoFar();
    for (const { tx } of all.slice(mark)) expect((after.get(tx.transaction_id) as Decision[])[0]?.shadow).toBeNull();
  });

  it("rolls back to A; a transaction decided by B before, delivered again, keeps B's decision (nothing re-published)", async () => {
    await modelsCli(d, ["rollback", "--reason", "B alerts too much"]);
    for (const s of scorers) await waitForMetric(s, champion(A));
    const mark = all.length;
    await produceRounds(300, 302, "rolled-back");
    const byId = await decisionsSoFar();
    for (const { tx } of all.slice(mark)) expect((byId.get(tx.transaction_id) as Decision[])[0]?.model_version).toBe(A);

    // Duplicates of transactions B decided (same ids, same partitions) arrive after the rollback:
    // the decision B made stands (the once-index publishes nothing for a decided id).
    const byB = all.filter(({ tx }) => (byId.get(tx.transaction_id) as Decision[])[0]?.model_version === B).slice(0, 8);
    expect(byB.length).toBe(8);
    await produceTo(d.topics.transactions, byB, codecs);
    await produceRounds(302, 303, "after-duplicates");
    const again = await decisionsSoFar();
    for (const { tx } of byB) {
      const seen = again.get(tx.transaction_id) as Decision[];
      expect(seen).toHaveLength(1);
      expect(seen[0]?.model_version).toBe(B);
    }
    const shown = await modelsCli(d, ["show", A]);
    expect(shown).toMatch(/retired → champion\s+by test-suite: B alerts too much/);
  });
});
