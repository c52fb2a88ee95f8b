import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Alert, createCodecs, type Decision, type Label } from "@fraud/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { FEATURE_SET } from "../../services/scorer/src/features/index.js";
import { consumeAll, kafkaForTest } from "../support/helpers.js";
import {
  type Deployment,
  deployment,
  produceTransactions,
  type ScorerProcess,
  scorerTopics,
  startScorer,
  stopScorer,
  tinyModel,
  transaction,
} from "../support/scorer.js";

// The whole scorer as a process, against the real broker, Redis and an ONNX model:
// a hand-made stream with exact expected features, verdicts, alerts and dead letters.
const MIN = 60_000;
const DAY = 86_400_000;
const t0 = Date.parse("2026-03-02T12:00:00.000Z");
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

let d: Deployment;
let scorer: ScorerProcess;
let modelDir: string;
const codecs = await createCodecs();

beforeAll(async () => {
  // p = sigmoid(-7.5 + 3 * card_amount_count_1h): 1 → 0.011, 2 → 0.18, 3 → 0.82 (review), 4 → 0.989 (decline)
  modelDir = await tinyModel(
    { card_amount_count_1h: 3 },
    { bias: -7.5, review: 0.5, decline: 0.9, reference: { card_amount_count_1h: 1 } },
  );
  d = deployment(await scorerTopics(4), modelDir);
  scorer = await startScorer(d);
});

const byId = <T extends { transaction_id: string }>(records: T[]) => new Map(records.map((r) => [r.transaction_id, r]));

describe("scorer end to end", () => {
  it("scores a hand-made stream: exact features, out-of-order events, a redelivery, alerts with reasons", async () => {
    const a = (id: string, t: number, amount = 1000) =>
      transaction({ transaction_id: id, event_time: t, card_token: "tok_a", amount_minor: amount });
    await produceTransactions(d.topics.transactions, [
      a("a1", t0),
      a("a2", t0 + MIN, 3000),
      a("a3", t0 + 2 * MIN),
      a("a4", t0 + 3 * MIN),
      a("a5", t0 - 30 * MIN), // out of order: a1..a4 are in its future
      a("a2", t0 + MIN, 3000), // redelivery
      a("a6", t0 + 4 * MIN),
    ]);
    const decisions = (await consumeAll(d.topics.decisions, { expected: 6, settleMs: 3000, timeoutMs: 60_000 })).map(
      (r) => codecs.decision.decode(r.value),
    );
    // The second a2 is a duplicate submission: one transaction, one decision (publish/once.ts).
    expect(decisions).toHaveLength(6);
    const got = byId(decisions);
    const f = (id: string) => (got.get(id) as Decision).features;

    expect(f("a1").card_amount_count_1h).toBe(1);
    expect(f("a2")).toMatchObject({
      card_amount_count_1h: 2,
      card_amount_sum_1h: 4000,
      card_amount_max_1h: 3000,
      card_time_seconds_since_prev: 60,
    });
    expect(f("a3").card_amount_count_1h).toBe(3);
    expect(f("a4").card_amount_count_1h).toBe(4);
    expect(f("a5")).toMatchObject({
      card_amount_count_1h: 1,
      card_amount_count_30d: 1,
      card_time_seconds_since_prev: -1,
    });
    // a5 counts for a6 (inside its hour); the redelivered a2 is not counted twice.
    expect(f("a6")).toMatchObject({ card_amount_count_1h: 6, card_amount_sum_1h: 8000 });

    expect(decisions.filter((x) => x.transaction_id === "a2")).toHaveLength(1);

    const verdict = (id: string) => (got.get(id) as Decision).decision;
    expect([verdict("a1"), verdict("a2"), verdict("a3"), verdict("a4"), verdict("a5")]).toEqual([
      "approve",
      "approve",
      "review",
      "decline",
      "approve",
    ]);
    expect((got.get("a3") as Decision).score).toBeCloseTo(sigmoid(1.5), 5);

    const alerts = (await consumeAll(d.topics.alerts, { expected: 3, timeoutMs: 30_000 })).map((r) =>
      codecs.alert.decode(r.value),
    );
    const alertIds = alerts.map((x) => x.transaction_id).sort();
    expect(alertIds).toEqual(["a3", "a4", "a6"]);
    const card = JSON.parse(await readFile(join(modelDir, "model-card.json"), "utf8"));
    const a3 = alerts.find((x) => x.transaction_id === "a3") as Alert;
    expect(a3).toMatchObject({
      transaction_id: "a3",
      card_token: "tok_a",
      terminal_id: "term_test",
      amount_minor: 1000,
      currency: "EUR",
      event_time: t0 + 2 * MIN,
      decision: "review",
      threshold: 0.5,
      model_version: card.model_version,
      feature_set_version: FEATURE_SET.version,
    });
    expect(a3.score).toBeCloseTo(sigmoid(1.5), 5);
    expect(Object.keys(a3.features).sort()).toEqual([...FEATURE_SET.names].sort());
    expect(a3.reasons[0]?.feature).toBe("card_amount_count_1h");
    expect(a3.reasons[0]?.value).toBe(3);
    // Resetting the count to its reference (1) gives sigmoid(-4.5): that drop is the contribution.
    expect(a3.reasons[0]?.contribution).toBeCloseTo(sigmoid(1.5) - sigmoid(-4.5), 4);
    expect(a3.reasons[0]?.detail).toMatch(/card's transactions in the last 1h is 3/);
    // The tiny model ships no trees: occlusion, with the same reason codes as TreeSHAP would give.
    expect([a3.reasons_method, a3.reasons_base, a3.reasons[0]?.code]).toEqual([
      "occlusion",
      null,
      "R_CARD_VELOCITY_1H",
    ]);
    expect((alerts.find((x) => x.transaction_id === "a4") as Alert).threshold).toBe(0.9);
  });

  it("raises a terminal's risk from a label for later transactions, without leaking into earlier ones", async () => {
    const at = (id: string, t: number, card: string) =>
      transaction({ transaction_id: id, event_time: t, card_token: card, terminal_id: "term_risky" });
    await produceTransactions(d.topics.transactions, [at("r0", t0 - 8 * DAY, "tok_r0")]);
    const label: Label = {
      label_id: "cb-r0",
      transaction_id: "r0",
      label_time: t0 - 12 * 60 * MIN,
      is_fraud: true,
      source: "chargeback",
    };
    const producer = kafkaForTest().producer();
    await producer.connect();
    await producer.send({ topic: d.topics.labels, messages: [{ key: "tok_r0", value: codecs.label.encode(label) }] });
    await expect.poll(() => scorer.metric('fraud_labels_total{outcome="applied"}'), { timeout: 30_000 }).toBe(1);

    // r1 happened before the label was known; r2 after. Both have r0 in their delayed 7d window.
    await produceTransactions(d.topics.transactions, [at("r1", t0 - 13 * 60 * MIN, "tok_r1"), at("r2", t0, "tok_r2")]);
    const decisions = byId(
      (await consumeAll(d.topics.decisions, { expected: 9, timeoutMs: 60_000 })).map((r) =>
        codecs.decision.decode(r.value),
      ),
    );
    expect((decisions.get("r1") as Decision).features).toMatchObject({
      terminal_tx_count_7d: 1,
      terminal_fraud_risk_7d: 0,
    });
    expect((decisions.get("r2") as Decision).features).toMatchObject({
      terminal_tx_count_7d: 1,
      terminal_fraud_risk_7d: 1,
    });
  });

  it("dead-letters garbage and invalid records with their origin and scores the good ones on the same partition", async () => {
    const producer = kafkaForTest().producer();
    await producer.connect();
    const good = (id: string) => transaction({ transaction_id: id, event_time: t0 + 10 * MIN, card_token: "tok_dlq" });
    const pan = "4111111111111111";
    const sent = await producer.send({
      topic: d.topics.transactions,
      messages: [
        { key: "tok_dlq", value: codecs.transaction.encode(good("g1")) },
        { key: "tok_dlq", value: Buffer.from("definitely not avro") },
        { key: "tok_dlq", value: codecs.transaction.encode({ ...good("bad-currency"), currency: "euro" }) },
        { key: "tok_dlq", value: codecs.transaction.encode({ ...good("pan-as-token"), card_token: pan }) },
        { key: "tok_dlq", value: Buffer.alloc(0) },
        { key: "tok_dlq", value: codecs.transaction.encode(good("g2")) },
      ],
    });
    const partition = sent[0]?.partition as number;
    const base = BigInt(sent[0]?.baseOffset as string);

    const dead = await consumeAll(d.topics.deadLetters, { expected: 4, timeoutMs: 60_000 });
    const h = (i: number, name: string) => String(dead[i]?.headers[name]);
    expect(dead.map((_, i) => h(i, "x-error-code"))).toEqual([
      "FRAUD_ERR_DECODE_BAD_MAGIC",
      "FRAUD_ERR_VALIDATE_INVALID_RECORD",
      "FRAUD_ERR_VALIDATE_CONTAINS_PAN",
      "FRAUD_ERR_DECODE_EMPTY",
    ]);
    dead.forEach((_, i) => {
      expect(h(i, "x-origin-topic")).toBe(d.topics.transactions);
      expect(h(i, "x-origin-partition")).toBe(String(partition));
      expect(h(i, "x-origin-offset")).toBe(String(base + BigInt(i + 1)));
      expect(h(i, "x-error-message")).not.toContain(pan);
    });
    expect(dead[0]?.value?.toString()).toBe("definitely not avro"); // byte for byte, nothing lost
    // The record that carries a PAN is withheld: no key (the "token"), no value.
    expect([dead[2]?.key, dead[2]?.value, String(dead[2]?.headers["x-redacted"])]).toEqual([
      null,
      null,
      "record withheld: it contains a PAN",
    ]);

    const decisions = byId(
      (await consumeAll(d.topics.decisions, { expected: 11, timeoutMs: 60_000 })).map((r) =>
        codecs.decision.decode(r.value),
      ),
    );
    expect(decisions.has("g1")).toBe(true);
    expect((decisions.get("g2") as Decision).features.card_amount_count_1h).toBe(2);
    expect(decisions.has("bad-currency")).toBe(false);
  });

  it("stops cleanly on SIGTERM", async () => {
    const exit = await stopScorer(scorer);
    expect(exit.code === 0 || exit.signal === "SIGTERM").toBe(true);
    expect(scorer.output()).toMatch(/shutdown step done.*flush logs|flush logs.*shutdown step done/);
  });
});
