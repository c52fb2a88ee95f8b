import { fileURLToPath } from "node:url";
import { createCodecs, type Label } from "@fraud/contracts";
import { CompressionTypes } from "kafkajs";
import { describe, expect, it } from "vitest";
import { type BadRecord, labelCorpus, PLANTED, transactionCorpus } from "../support/corpus.js";
import { consumeAll, createTestTopic, kafkaForTest, withTimeout } from "../support/helpers.js";
import { scanRedisForPans, scanTextForPans, scanTopicsForPans } from "../support/pan-scan.js";
import { deployment, type ScorerTopics, startScorer, stopScorer, transaction } from "../support/scorer.js";

// One scorer process against the adversarial corpus (issue 9): every bad record and key
// dead-lettered with its origin, every good record decided exactly once, no crash, no card
// number anywhere (topics, Redis, logs), /readyz answering throughout. The 3 MB giant
// (gzip on the way in) sits in the middle of the only transactions partition.
const MODEL_DIR = fileURLToPath(new URL("../../services/scorer/models/default/", import.meta.url));
const t0 = Date.parse("2026-03-02T12:00:00.000Z");
const codecs = await createCodecs();

const good = (id: string) =>
  transaction({ transaction_id: id, event_time: t0, card_token: "tok_good", terminal_id: "term_good" });
const goodLabel = (id: string): Label => ({
  label_id: `lab_${id}`,
  transaction_id: id.replace(/^bad-/, ""),
  label_time: t0 + 60_000,
  is_fraud: true,
  source: "chargeback",
});
const giant = (): BadRecord => ({
  kind: "3 MB transaction, gzip",
  key: "tok_giant",
  value: codecs.transaction.encode(good("g".repeat(3_000_000))),
  code: "FRAUD_ERR_VALIDATE_LIMIT",
});

interface Sent {
  bad: Map<string, BadRecord>; // "topic:offset" → record
  goodIds: string[];
}

/** Sends good and bad records interleaved on partition 0, the giant on its own gzip batch in the middle. */
async function sendCorpus(topics: ScorerTopics, withGiant = true): Promise<Sent> {
  const producer = kafkaForTest().producer({ idempotent: true });
  await producer.connect();
  const bad = new Map<string, BadRecord>();
  const goodIds: string[] = [];
  const send = async (topic: string, records: (BadRecord | { good: string })[], gzip = false) => {
    const [meta] = await producer.send({
      topic,
      ...(gzip ? { compression: CompressionTypes.GZIP } : {}),
      messages: records.map((r) =>
        "good" in r
          ? {
              partition: 0,
              key: "tok_good",
              value:
                topic === topics.labels
                  ? codecs.label.encode(goodLabel(r.good))
                  : codecs.transaction.encode(good(r.good)),
            }
          : { partition: 0, key: r.key, value: r.value },
      ),
    });
    const base = BigInt(meta?.baseOffset ?? "0");
    records.forEach((r, i) => {
      if ("good" in r) {
        if (topic === topics.transactions) goodIds.push(r.good);
      } else bad.set(`${topic}:${base + BigInt(i)}`, r);
    });
  };
  const interleave = (rs: BadRecord[], prefix: string) =>
    rs.flatMap((r, i) => [r, { good: `${prefix}${i}` }] as (BadRecord | { good: string })[]);
  const txs = transactionCorpus(codecs, good);
  const half = Math.floor(txs.length / 2);
  await send(topics.transactions, interleave(txs.slice(0, half), "ok-a"));
  if (withGiant) await send(topics.transactions, [giant(), { good: "after-giant" }], true);
  await send(topics.transactions, interleave(txs.slice(half), "ok-b"));
  await send(topics.labels, interleave(labelCorpus(codecs, goodLabel), "ok-a"));
  await producer.disconnect();
  return { bad, goodIds };
}

async function oneTopicEach(dlqConfig: Record<string, string> = {}): Promise<ScorerTopics> {
  const [transactions, labels, decisions, alerts, deadLetters] = await Promise.all([
    createTestTopic(1),
    createTestTopic(1),
    createTestTopic(2),
    createTestTopic(1),
    createTestTopic(1, dlqConfig),
  ]);
  return { transactions, labels, decisions, alerts, deadLetters } as ScorerTopics;
}

describe("adversarial corpus", () => {
  it("dead-letters every bad record and key, decides every good one once, leaks no PAN, stays up and ready", async () => {
    const topics = await oneTopicEach();
    const d = deployment(topics, MODEL_DIR);
    const scorer = await startScorer(d);

    // /readyz polled throughout: every request must get an answer (no hang, no refused connection).
    const probes: { ok: boolean; ms: number; error?: string }[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const started = Date.now();
        const r = await fetch(`http://127.0.0.1:${scorer.port}/readyz`, { signal: AbortSignal.timeout(5000) }).then(
          (res) => ({ ok: res.ok, ms: Date.now() - started }),
          (e: Error) => ({ ok: false, ms: Date.now() - started, error: e.message }),
        );
        probes.push(r);
        await new Promise((res) => setTimeout(res, 250));
      }
    })();

    const sent = await sendCorpus(topics);
    const kinds = new Set([...sent.bad.values()].map((b) => b.kind));
    expect(kinds.size).toBeGreaterThanOrEqual(40);

    const dead = await consumeAll(topics.deadLetters, { expected: sent.bad.size, timeoutMs: 120_000, settleMs: 3000 });
    const decisions = await consumeAll(topics.decisions, {
      expected: sent.goodIds.length,
      timeoutMs: 120_000,
      settleMs: 3000,
    });
    polling = false;
    await poller;

    // Every bad record, once, with its origin and the expected code; PAN records withheld.
    const seen = dead.map((r) => `${r.headers["x-origin-topic"]}:${r.headers["x-origin-offset"]}`);
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(new Set(sent.bad.keys()));
    const mismatches = dead.flatMap((r) => {
      const b = sent.bad.get(`${r.headers["x-origin-topic"]}:${r.headers["x-origin-offset"]}`) as BadRecord;
      const got = String(r.headers["x-error-code"]);
      const problems: string[] = [];
      if (got !== b.code) problems.push(`${b.kind}: ${got}, expected ${b.code}`);
      if (r.headers["x-origin-partition"]?.toString() !== "0") problems.push(`${b.kind}: no origin partition`);
      if (b.withheld && (r.key !== null || r.value !== null)) problems.push(`${b.kind}: key or value not withheld`);
      if (!b.withheld && r.value?.length !== (b.value?.length ?? 0) && b.value !== null)
        problems.push(`${b.kind}: value not copied byte for byte`);
      return problems;
    });
    expect(mismatches).toEqual([]);

    // Every good transaction decided exactly once, including the one right after the giant.
    const ids = decisions.map((r) => codecs.decision.decode(r.value).transaction_id);
    expect(ids.length).toBe(new Set(ids).size);
    expect(new Set(ids)).toEqual(new Set(sent.goodIds));
    expect(ids).toContain("after-giant");

    // No PAN anywhere.
    const hits = [
      ...(await scanTopicsForPans([topics.decisions, topics.alerts, topics.deadLetters], PLANTED)),
      ...(await scanRedisForPans(d.redisPrefix, PLANTED)),
      ...scanTextForPans("scorer log", scorer.output(), PLANTED),
    ];
    expect(hits).toEqual([]);

    // Up and answering throughout.
    expect(scorer.child.exitCode).toBeNull();
    expect(probes.filter((p) => p.error !== undefined)).toEqual([]);
    expect(await scorer.metric("fraud_dead_letters_total")).toBe(sent.bad.size);
    await withTimeout(stopScorer(scorer), 60_000, "stop");
  }, 300_000);

  it("dead-letters the giant without key and value when the dead-letter topic refuses even the compressed copy", async () => {
    // max.message.bytes below the giant's gzip size (~3 kB): the copy is refused (MESSAGE_TOO_LARGE).
    const topics = await oneTopicEach({ "max.message.bytes": "1200" });
    const scorer = await startScorer(deployment(topics, MODEL_DIR));
    const producer = kafkaForTest().producer({ idempotent: true });
    await producer.connect();
    const g = giant();
    await producer.send({
      topic: topics.transactions,
      compression: CompressionTypes.GZIP,
      messages: [
        { key: g.key as string, value: g.value },
        { key: "tok_good", value: codecs.transaction.encode(good("after-giant")) },
      ],
    });
    const [dead] = await consumeAll(topics.deadLetters, { expected: 1, timeoutMs: 90_000 });
    const decisions = await consumeAll(topics.decisions, { expected: 1, timeoutMs: 90_000 });
    expect([dead?.key, dead?.value]).toEqual([null, null]);
    expect(String(dead?.headers["x-error-code"])).toBe("FRAUD_ERR_VALIDATE_LIMIT");
    expect(String(dead?.headers["x-original-value-bytes"])).toBe(String(g.value?.length));
    expect(String(dead?.headers["x-original-sha256"])).toMatch(/^[0-9a-f]{64}$/);
    expect(String(dead?.headers["x-origin-offset"])).toBe("0");
    expect(codecs.decision.decode(decisions[0]?.value ?? null).transaction_id).toBe("after-giant");
    expect(scorer.child.exitCode).toBeNull();
    await stopScorer(scorer);
  }, 240_000);
});
