import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ApiConfig, apiSettings, type ScoreResponse, startApi } from "@fraud/api";
import { createCodecs, type Decision, type Transaction } from "@fraud/contracts";
import { createLogger, deleteKeysWithPrefix, loadConfig, topicEnv } from "@fraud/platform";
import { createListStore } from "@fraud/rules";
import { Ajv } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { cleanupLater, consumeAll, redisClientForTest } from "../support/helpers.js";
import {
  type Deployment,
  deployment,
  produceTransactions,
  type ScorerProcess,
  scorerTopics,
  startScorer,
  tinyModel,
  transaction,
} from "../support/scorer.js";

/**
 * The inline API against the real scorer, Kafka and Redis: one decision per transaction
 * whichever door(s) it came through, a card's events in order across doors, the
 * deadline fallback, and lists and rules changing verdicts live.
 */
const MIN = 60_000;
const t0 = Date.parse("2026-03-02T12:00:00.000Z");
const KEY = "test-api-key-0123456789";
const codecs = await createCodecs();

let d: Deployment;
let scorer: ScorerProcess;
let api: Awaited<ReturnType<typeof startApi>>;
let rulesPath: string;

const RULES = (extra = "") => `version: t
rules:
  - id: blocked-card
    description: card on the block list
    when: card_token in list card_block
    action: decline
  - id: big-amount
    description: large amounts go to review
    when: amount_minor > 900000
    action: review
${extra}`;

beforeAll(async () => {
  // p = sigmoid(-7.5 + 3 * card_amount_count_1h): 1-2 approve, 3 review, 4+ decline.
  const modelDir = await tinyModel(
    { card_amount_count_1h: 3 },
    { bias: -7.5, review: 0.5, decline: 0.9, reference: { card_amount_count_1h: 1 } },
  );
  const dir = await mkdtemp(join(tmpdir(), "fraud-rules-"));
  cleanupLater("remove rules dir", () => rm(dir, { recursive: true, force: true }));
  rulesPath = join(dir, "rules.yaml");
  await writeFile(rulesPath, RULES());
  d = deployment(await scorerTopics(4), modelDir, { RULES_FILE: rulesPath, RULES_RELOAD_INTERVAL: "200ms" });
  scorer = await startScorer(d);
  const config: ApiConfig = loadConfig(apiSettings, {
    KAFKA_BROKERS: d.env.KAFKA_BROKERS,
    ...topicEnv(d.topics),
    API_KEYS: KEY,
    API_PORT: "0",
    API_FALLBACK: "review",
  });
  api = await startApi(config, createLogger({ level: "warn", service: "api-test" }));
  cleanupLater("close api", () => api.close());
});

/** Every answer the tests got, checked against the OpenAPI document at the end. */
const answers: { status: number; body: unknown }[] = [];

async function post(
  tx: Transaction,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: ScoreResponse }> {
  const res = await fetch(`${api.address}/v1/score`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${KEY}`,
      "x-deadline-ms": "30000",
      ...headers,
    },
    body: JSON.stringify(tx),
  });
  const body = (await res.json()) as ScoreResponse;
  answers.push({ status: res.status, body });
  return { status: res.status, body };
}

const tx = (id: string, card: string, minutes: number, over: Partial<Transaction> = {}) =>
  transaction({ transaction_id: id, card_token: card, event_time: t0 + minutes * MIN, ...over });

async function decisionsById(expected: number): Promise<Map<string, Decision[]>> {
  const records = await consumeAll(d.topics.decisions, { expected, settleMs: 3000, timeoutMs: 90_000 });
  const out = new Map<string, Decision[]>();
  for (const r of records) {
    const dec = codecs.decision.decode(r.value);
    out.set(dec.transaction_id, [...(out.get(dec.transaction_id) ?? []), dec]);
  }
  return out;
}

describe("inline API", () => {
  it("gives each transaction exactly one decision, the same through either door or both, in card order", async () => {
    const api1 = await post(tx("api-1", "tok_api", 0));
    expect(api1.status).toBe(200);
    expect(api1.body).toMatchObject({ transaction_id: "api-1", decision: "approve", timed_out: false });

    await produceTransactions(d.topics.transactions, [tx("stream-1", "tok_stream", 0)]);

    // Both doors, stream first: the API answers with the decision the stream got.
    await produceTransactions(d.topics.transactions, [tx("both-1", "tok_both", 0)]);
    const both1 = await post(tx("both-1", "tok_both", 0));
    // API first, then the payment system streams the same transaction.
    const both2 = await post(tx("both-2", "tok_both", 1));
    await produceTransactions(d.topics.transactions, [tx("both-2", "tok_both", 1)]);
    // And the API twice.
    const both2again = await post(tx("both-2", "tok_both", 1));
    expect(both2again.body.already_decided).toBe(true);

    // A card's events in order across doors: stream, API, stream.
    await produceTransactions(d.topics.transactions, [tx("ord-1", "tok_ord", 0)]);
    const ord2 = await post(tx("ord-2", "tok_ord", 1));
    await produceTransactions(d.topics.transactions, [tx("ord-3", "tok_ord", 2)]);

    const got = await decisionsById(7);
    for (const id of ["api-1", "stream-1", "both-1", "both-2", "ord-1", "ord-2", "ord-3"]) {
      expect(got.get(id), id).toHaveLength(1);
    }
    const one = (id: string) => (got.get(id) as Decision[])[0] as Decision;
    for (const [answer, id] of [
      [api1.body, "api-1"],
      [both1.body, "both-1"],
      [both2.body, "both-2"],
      [both2again.body, "both-2"],
      [ord2.body, "ord-2"],
    ] as const) {
      const dec = one(id);
      expect(answer).toMatchObject({
        decision: dec.decision,
        score: dec.score,
        model_version: dec.model_version,
        thresholds: { review: dec.review_threshold, decline: dec.decline_threshold },
        rules_version: dec.rules_version,
        matched_rules: dec.matched_rules,
      });
    }
    expect(one("both-2").features.card_amount_count_1h).toBe(2);
    expect([1, 2, 3].map((i) => one(`ord-${i}`).features.card_amount_count_1h)).toEqual([1, 2, 3]);
    expect(one("ord-3").features.card_time_seconds_since_prev).toBe(60);
    expect(one("ord-3").decision).toBe("review");
  });

  it("answers the fallback when the deadline passes, and the decision still reaches the topic", async () => {
    const r = await post(tx("late-1", "tok_late", 0), { "x-deadline-ms": "1" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ decision: "review", timed_out: true, score: null });
    const got = await decisionsById(8);
    expect(got.get("late-1")).toHaveLength(1);
  });

  it("declines a blocked card within seconds, approves again once unblocked, and records the rule", async () => {
    const redis = await redisClientForTest();
    cleanupLater("delete the lists", async () => {
      // Only the lists: the scorer's own keys (features, alignment board) are still in use.
      await deleteKeysWithPrefix(redis, `${d.redisPrefix}{lists}`);
    });
    const lists = createListStore(redis, d.redisPrefix);
    const who = { by: "test", reason: "stolen card reported", at: Date.now() };

    expect((await post(tx("blk-0", "tok_blk", 0))).body.decision).toBe("approve");
    await lists.change("add", "card_block", "tok_blk", who);
    const blocked = await post(tx("blk-1", "tok_blk", 10));
    expect(blocked.body).toMatchObject({
      decision: "decline",
      model_decision: "approve",
      matched_rules: ["blocked-card"],
    });
    expect(blocked.body.verdict_reason).toContain("decline rule blocked-card matched");

    await lists.change("remove", "card_block", "tok_blk", { ...who, reason: "card found" });
    const unblocked = await post(tx("blk-2", "tok_blk", 120));
    expect(unblocked.body).toMatchObject({ decision: "approve", matched_rules: [] });

    const audit = await lists.audit(10, "card_block");
    expect(audit.map((a) => [a.action, a.value, a.by, a.reason])).toEqual([
      ["remove", "tok_blk", "test", "card found"],
      ["add", "tok_blk", "test", "stolen card reported"],
    ]);
    const dec = (await decisionsById(11)).get("blk-1")?.[0] as Decision;
    expect(dec).toMatchObject({ decision: "decline", model_decision: "approve", matched_rules: ["blocked-card"] });
    expect(dec.rules_version).toMatch(/^t-[0-9a-f]{12}$/);
  });

  it("reloads the rule file without a restart; the decision carries the new version", async () => {
    let n = 0;
    // A fresh card each time, so the model's own verdict stays approve.
    const fresh = () => tx(`rl-${++n}`, `tok_rl_${n}`, 300 + n, { amount_minor: 5000 });
    const before = await post(fresh());
    await writeFile(
      rulesPath,
      RULES(`  - id: small-amount
    description: test rule
    when: amount_minor == 5000
    action: review
`),
    );
    await expect
      .poll(async () => (await post(fresh())).body.matched_rules, { timeout: 60_000, interval: 300 })
      .toEqual(["small-amount"]);
    const after = await post(fresh());
    expect(after.body).toMatchObject({ decision: "review", model_decision: "approve", timed_out: false });
    expect(after.body.verdict_reason).toContain("review rule small-amount matched");
    expect(after.body.rules_version).not.toBe(before.body.rules_version);
  });

  it("refuses bad input and callers without a key, as the stream would", async () => {
    const pan = "4111111111111111";
    const bad = await post(tx("pan-1", pan, 0));
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: "FRAUD_ERR_VALIDATE_INVALID_RECORD", field: "card_token" } });
    expect(JSON.stringify(bad.body)).not.toContain(pan);
    expect((await post(tx("k-1", "tok_k", 0), { authorization: "Bearer wrong-key-000000000" })).status).toBe(401);
    const huge = await fetch(`${api.address}/v1/score`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ ...tx("big", "tok_big", 0), merchant_category: "x".repeat(20_000) }),
    });
    expect(huge.status).toBe(413);
    expect(scorer.output()).not.toContain(pan);
  });

  it("serves the checked-in OpenAPI document, and every answer above matches it", async () => {
    const served = await (await fetch(`${api.address}/openapi.json`)).text();
    const file = await readFile(new URL("../../services/api/openapi.json", import.meta.url), "utf8");
    expect(JSON.parse(served)).toEqual(JSON.parse(file));
    const doc = JSON.parse(file) as {
      paths: Record<
        string,
        { post?: { responses: Record<string, { content?: Record<string, { schema: unknown }> }> } }
      >;
    };
    const ajv = new Ajv({ strict: false, validateFormats: false });
    ajv.addSchema(doc, "openapi");
    expect(answers.length).toBeGreaterThan(10);
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200, 400, 401]));
    for (const a of answers) {
      const response = doc.paths["/v1/score"]?.post?.responses[String(a.status)];
      expect(response, `status ${a.status} is documented`).toBeDefined();
      const schema = response?.content?.["application/json"]?.schema as { $ref: string } | undefined;
      const ref = schema?.$ref ?? "(no schema)";
      const validate = ajv.getSchema(`openapi${ref}`);
      expect(validate?.(a.body), JSON.stringify(validate?.errors)).toBe(true);
    }
  });
});
