import { type Codecs, createCodecs } from "@fraud/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { consumeAll, withTimeout } from "../support/helpers.js";
import { deployment, startScorer, stopScorer, tinyModel } from "../support/scorer.js";
import {
  dumpRedis,
  duplicates,
  readAlerts,
  readDecisions,
  sweepPrefixLater,
  verdicts,
  waitForGroupCaughtUp,
  waitForMetric,
} from "./support/observe.js";
import { type GoldenStream, goldenStream, produceStream } from "./support/stream.js";
import { freshScorerTopics } from "./support/topics.js";

// Crash recovery: a scorer SIGKILLed mid-stream and restarted with the same deployment
// must leave a read_committed reader exactly what an uninterrupted run leaves: the same
// decisions and alerts, each once, and the same Redis feature state.

let codecs: Codecs;
let modelDir: string;
let stream: GoldenStream;

beforeAll(async () => {
  codecs = await createCodecs();
  // p = sigmoid(0.5 * count_1h - 29.75): review from 60 transactions in the card's hour,
  // decline from 65. The golden stream's hot cards reach that a few dozen times.
  modelDir = await tinyModel(
    { card_amount_count_1h: 0.5 },
    { bias: -29.75, review: 0.5, decline: 0.9, reference: { card_amount_count_1h: 1 } },
  );
  stream = goldenStream();
}, 60_000);

// Small fetches: the scorer works through the stream in a couple of hundred small Kafka
// transactions, so a kill reliably lands between the first and the last.
const SMALL_FETCHES = { KAFKA_MAX_BYTES_PER_PARTITION: "1024" };

describe("crash recovery", () => {
  it("SIGKILL mid-stream then restart: no lost or duplicate decisions or alerts, same values, same Redis state", async () => {
    const n = stream.transactions.length;
    const [topicsA, topicsB] = await Promise.all([freshScorerTopics(4), freshScorerTopics(4)]);
    const dA = deployment(topicsA, modelDir, SMALL_FETCHES);
    const dB = deployment(topicsB, modelDir, SMALL_FETCHES);
    sweepPrefixLater(dA.redisPrefix);
    sweepPrefixLater(dB.redisPrefix);
    await Promise.all([produceStream(topicsA, stream, codecs), produceStream(topicsB, stream, codecs)]);

    const runA = (async () => {
      const a = await startScorer(dA);
      await waitForGroupCaughtUp(dA.env.SCORER_GROUP_ID as string, [topicsA.transactions, topicsA.labels], 150_000);
      return stopScorer(a);
    })();

    const runB = (async () => {
      const first = await startScorer(dB);
      const atKill = await waitForMetric(first, "fraud_decisions_total", (v) => v >= n * 0.35, 150_000, 20);
      first.child.kill("SIGKILL");
      const exit = await withTimeout(first.exited, 10_000, "SIGKILLed scorer exit");
      // What a read_committed reader could see once the first process was gone.
      const committedAtKill = (await consumeAll(topicsB.decisions, { quietMs: 3000, timeoutMs: 30_000 })).length;
      const second = await startScorer(dB, 90_000);
      await waitForGroupCaughtUp(dB.env.SCORER_GROUP_ID as string, [topicsB.transactions, topicsB.labels], 150_000);
      return { atKill, exit, committedAtKill, second };
    })();

    const [exitA, b] = await Promise.all([runA, runB]);
    expect(exitA.code === 0 || exitA.signal === "SIGTERM").toBe(true);
    expect(b.exit.signal).toBe("SIGKILL");
    expect(b.atKill).toBeLessThan(n);
    expect(b.committedAtKill).toBeGreaterThan(0);
    expect(b.committedAtKill).toBeLessThan(n);

    const [decisionsA, decisionsB] = await Promise.all([
      readDecisions(codecs, topicsA.decisions, n),
      readDecisions(codecs, topicsB.decisions, n),
    ]);
    const redelivered = await b.second.metric("fraud_redelivered_total");
    await stopScorer(b.second);

    // Decisions: every input exactly once in both runs, and B decided exactly as A did.
    expect(decisionsA).toHaveLength(n);
    expect(duplicates(decisionsB.map((x) => x.transaction_id)), "duplicate decisions in B").toEqual([]);
    expect(decisionsB).toHaveLength(n);
    const va = verdicts(decisionsA);
    const vb = verdicts(decisionsB);
    expect(new Set(vb.keys())).toEqual(new Set(stream.transactions.map((t) => t.transaction_id)));
    const differing = [...va].filter(([id, v]) => JSON.stringify(v) !== JSON.stringify(vb.get(id))).map(([id]) => id);
    const show = (id: string) => JSON.stringify({ a: va.get(id), b: vb.get(id) });
    expect(differing, `decisions of B differ from A's, e.g. ${differing.slice(0, 2).map(show).join("\n")}`).toEqual([]);
    for (const [id, v] of va) expect(vb.get(id)).toEqual(v);

    // Alerts: the same transaction ids, each exactly once.
    const [alertsA, alertsB] = await Promise.all([
      readAlerts(codecs, topicsA.alerts),
      readAlerts(codecs, topicsB.alerts),
    ]);
    const flagged = decisionsA.filter((x) => x.decision !== "approve").map((x) => x.transaction_id);
    expect(flagged.length).toBeGreaterThanOrEqual(24); // the model must flag a meaningful share
    expect(alertsA.map((x) => x.transaction_id).sort()).toEqual(flagged.sort());
    expect(duplicates(alertsB.map((x) => x.transaction_id)), "duplicate alerts in B").toEqual([]);
    expect(alertsB.map((x) => x.transaction_id).sort()).toEqual(flagged.sort());

    // Redis: the same keys with the same contents under each prefix.
    const [stateA, stateB] = await Promise.all([dumpRedis(dA.redisPrefix), dumpRedis(dB.redisPrefix)]);
    expect(stateA.size).toBeGreaterThan(n); // one record per transaction plus cards and terminals
    expect([...stateB.keys()].sort()).toEqual([...stateA.keys()].sort());
    for (const [key, value] of stateA) expect({ key, value: stateB.get(key) }).toEqual({ key, value });

    console.log(
      `[crash-recovery] n=${n} alerts=${flagged.length} killed at ${b.atKill} decisions (committed visible: ${b.committedAtKill}), redelivered after restart: ${redelivered}, redis keys: ${stateA.size}`,
    );
  }, 280_000);
});
