import { fileURLToPath } from "node:url";
import { type Codecs, createCodecs } from "@fraud/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { withTimeout } from "../support/helpers.js";
import { deployment, type ScorerProcess, startScorer, stopScorer } from "../support/scorer.js";
import {
  assignments,
  dumpRedis,
  duplicates,
  readDecisions,
  sweepPrefixLater,
  verdicts,
  waitForGroupCaughtUp,
} from "./support/observe.js";
import { type GoldenStream, goldenStream, produceStream } from "./support/stream.js";
import { freshScorerTopics } from "./support/topics.js";

// Scaling: two instances of one deployment split the partitions between them and decide
// exactly as one instance does, because a card's events stay on one partition and its
// state lives in the shared Redis. Uses the real default LightGBM model.

const DEFAULT_MODEL = fileURLToPath(new URL("../../services/scorer/models/default/", import.meta.url));
const PARTITIONS = 4;

let codecs: Codecs;
let stream: GoldenStream;

beforeAll(async () => {
  codecs = await createCodecs();
  stream = goldenStream({ seed: 7, count: 1500 });
});

/** Waits until the latest assignments of the instances split all partitions of `topic` between them. */
async function settled(instances: ScorerProcess[], topic: string): Promise<number[][]> {
  return withTimeout(
    (async () => {
      while (true) {
        const latest = instances.map((p) => assignments(p.output(), topic).at(-1) ?? []);
        const all = latest.flat();
        const split = latest.every((a) => a.length > 0) && new Set(all).size === all.length;
        if (split && all.length === PARTITIONS) return latest;
        await new Promise((r) => setTimeout(r, 200));
      }
    })(),
    60_000,
    "group settled with partitions on every instance",
  );
}

describe("scaling", () => {
  it("two instances in one group decide exactly as one instance, each transaction once", async () => {
    const n = stream.transactions.length;
    const [topicsOne, topicsTwo] = await Promise.all([freshScorerTopics(PARTITIONS), freshScorerTopics(PARTITIONS)]);
    const one = deployment(topicsOne, DEFAULT_MODEL);
    const two = deployment(topicsTwo, DEFAULT_MODEL);
    sweepPrefixLater(one.redisPrefix);
    sweepPrefixLater(two.redisPrefix);

    // Every instance runs before the stream exists, so the pair processes it in a settled group.
    const [single, first, second] = await Promise.all([startScorer(one), startScorer(two), startScorer(two)]);
    const split = await settled([first, second], topicsTwo.transactions);

    await Promise.all([produceStream(topicsOne, stream, codecs), produceStream(topicsTwo, stream, codecs)]);
    const topicsOf = (t: typeof topicsOne) => [t.transactions, t.labels];
    await Promise.all([
      waitForGroupCaughtUp(one.env.SCORER_GROUP_ID as string, topicsOf(topicsOne), 120_000),
      waitForGroupCaughtUp(two.env.SCORER_GROUP_ID as string, topicsOf(topicsTwo), 120_000),
    ]);

    // Both instances did a share of the work (and no rebalance moved it all to one).
    const consumed = await Promise.all(
      [first, second].map((p) => p.metric(`fraud_consumed_total{topic="${topicsTwo.transactions}"}`)),
    );
    expect(consumed.every((c) => c > 0)).toBe(true);
    expect(consumed.reduce((a, b) => a + b, 0)).toBe(n);

    const [decisionsOne, decisionsTwo] = await Promise.all([
      readDecisions(codecs, topicsOne.decisions, n),
      readDecisions(codecs, topicsTwo.decisions, n),
    ]);
    const exits = await Promise.all([single, first, second].map((p) => stopScorer(p)));
    for (const e of exits) expect(e.code === 0 || e.signal === "SIGTERM").toBe(true);

    expect(duplicates(decisionsOne.map((x) => x.transaction_id))).toEqual([]);
    expect(duplicates(decisionsTwo.map((x) => x.transaction_id))).toEqual([]);
    expect(decisionsOne).toHaveLength(n);
    expect(decisionsTwo).toHaveLength(n);
    const v1 = verdicts(decisionsOne);
    const v2 = verdicts(decisionsTwo);
    expect(new Set(v2.keys())).toEqual(new Set(stream.transactions.map((t) => t.transaction_id)));
    const differing = [...v1].filter(([id, v]) => JSON.stringify(v) !== JSON.stringify(v2.get(id))).map(([id]) => id);
    expect(differing).toEqual([]);
    for (const [id, v] of v1) expect(v2.get(id)).toEqual(v);
    // The comparison means something only if the card features actually vary.
    expect(new Set(decisionsOne.map((x) => x.features.card_amount_count_1h)).size).toBeGreaterThan(10);

    const [state1, state2] = await Promise.all([dumpRedis(one.redisPrefix), dumpRedis(two.redisPrefix)]);
    expect([...state2.keys()].sort()).toEqual([...state1.keys()].sort());
    for (const [key, value] of state1) expect({ key, value: state2.get(key) }).toEqual({ key, value });

    console.log(
      `[scaling] n=${n} split ${JSON.stringify(split)} consumed ${consumed.join("+")}; non-approve: ${decisionsOne.filter((x) => x.decision !== "approve").length}`,
    );
  }, 240_000);
});
