import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Codecs, createCodecs, type Decision } from "@fraud/contracts";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createCleanup } from "../../services/scorer/bench/parity/cleanup.js";
import { readOfflineFeatures } from "../../services/scorer/bench/parity/offline-csv.js";
import { runCli } from "../../services/scorer/bench/parity/processes.js";
import { cleanupLater, randomId, withTimeout } from "../support/helpers.js";
import { type Deployment, deployment, type ScorerProcess, startScorer, stopScorer } from "../support/scorer.js";
import { duplicates, readDecisions, sweepPrefixLater, waitForGroupCaughtUp } from "./support/observe.js";
import { freshScorerTopics } from "./support/topics.js";

// Determinism: features are a function of the input streams' contents, never of
// processing speed, partition assignment, crashes or the number of scorers. One simulated
// backlog (transactions and labels, all in Kafka before any scorer starts, 12 partitions,
// unpaced) is scored four ways — one scorer; one scorer killed with SIGKILL five times;
// three scorers in one group; the offline backfill — and every transaction's feature
// values must be identical across all four: not "within tolerance", identical.

const DEFAULT_MODEL = fileURLToPath(new URL("../../services/scorer/models/default/", import.meta.url));
const SIM = { seed: 20261201, days: 30, cards: 700, terminals: 200 };
const PARTITIONS = 12;
const KILLS = 5;

let dir: string;
let codecs: Codecs;
let transactions: number;

const cli = (script: string, args: string[], env: Record<string, string>, timeoutMs = 240_000) => {
  const cleanup = createCleanup();
  cleanupLater(`cli ${script}`, () => cleanup.run());
  return runCli(cleanup, script, args, { KAFKA_BROKERS: inject("kafkaBrokers"), ...env }, timeoutMs);
};

beforeAll(async () => {
  codecs = await createCodecs();
  dir = await mkdtemp(join(tmpdir(), "fraud-determinism-"));
  cleanupLater(`remove ${dir}`, () => rm(dir, { recursive: true, force: true }));
  const args = Object.entries(SIM).flatMap(([k, v]) => [`--${k}`, String(v)]);
  await cli("services/traffic/src/cli/simulate.ts", [...args, "--out", dir], {});
  transactions = (await readFile(join(dir, "transactions.csv"), "utf8")).trim().split("\n").length - 1;
}, 240_000);

/** A deployment on fresh topics with the whole backlog in them before any scorer runs. */
async function backlog(env: Record<string, string> = {}): Promise<Deployment> {
  const topics = await freshScorerTopics(PARTITIONS);
  const d = deployment(topics, DEFAULT_MODEL, env);
  sweepPrefixLater(d.redisPrefix);
  await cli(
    "services/traffic/src/cli/replay.ts",
    ["--transactions", join(dir, "transactions.csv"), "--labels", join(dir, "labels.csv")],
    { TOPIC_TRANSACTIONS: topics.transactions, TOPIC_LABELS: topics.labels },
  );
  return d;
}

async function caughtUp(d: Deployment): Promise<void> {
  await waitForGroupCaughtUp(d.env.SCORER_GROUP_ID as string, [d.topics.transactions, d.topics.labels], 420_000);
}

/**
 * One scorer, killed with SIGKILL after each life has scored a share of the backlog,
 * restarted each time. Every kill must land mid-backlog: a life that finds the backlog
 * done proves nothing about crashes. A life overshoots its share by up to one round of
 * batches (one per partition, in flight when the kill lands), so the share is small and
 * the killed deployment fetches smaller batches.
 */
async function runKilled(d: Deployment): Promise<number> {
  let kills = 0;
  let p: ScorerProcess = await startScorer(d);
  const share = Math.floor(transactions / (4 * KILLS));
  const lives: string[] = [];
  while (kills < KILLS) {
    const life = await withTimeout(
      (async () => {
        while (true) {
          const n = await p.metric(`fraud_consumed_total{topic="${d.topics.transactions}"}`).catch(() => 0);
          if (n >= share) return { n, done: false };
          if (n > 0 && (await p.metric("fraud_caught_up").catch(() => 0)) === 1) return { n, done: true };
          await new Promise((r) => setTimeout(r, 20));
        }
      })(),
      300_000,
      "a scorer life scoring its share",
    );
    p.child.kill("SIGKILL");
    await p.exited;
    lives.push(`${life.n}${life.done ? " (caught up)" : ""}`);
    expect(life.done, `kill ${kills + 1} came after the backlog was done; lives consumed ${lives.join(", ")}`).toBe(
      false,
    );
    kills++;
    p = await startScorer(d);
  }
  await caughtUp(d);
  return kills;
}

function featuresById(decisions: readonly Decision[]): Map<string, Record<string, number>> {
  return new Map(decisions.map((d) => [d.transaction_id, d.features]));
}

/** Every (transaction, feature) whose value differs from the reference, as readable lines. */
function differences(
  names: readonly string[],
  reference: Map<string, number[]>,
  run: Map<string, Record<string, number>>,
): string[] {
  const out: string[] = [];
  for (const [id, values] of reference) {
    const got = run.get(id);
    if (!got) {
      out.push(`${id}: missing`);
      continue;
    }
    names.forEach((name, i) => {
      if (!Object.is(got[name], values[i])) out.push(`${id} ${name}: ${values[i]} vs ${got[name]}`);
    });
  }
  if (run.size !== reference.size) out.push(`${run.size} decisions for ${reference.size} transactions`);
  return out;
}

describe("determinism", () => {
  it("one scorer, one scorer killed five times, three scorers and the offline backfill give identical features", async () => {
    expect(transactions).toBeGreaterThanOrEqual(50_000);
    const [one, killed, three] = await Promise.all([
      backlog(),
      backlog({ KAFKA_MAX_BYTES_PER_PARTITION: "65536" }),
      backlog(),
    ]);

    const offlinePrefix = `${randomId("determinism-offline")}:`;
    sweepPrefixLater(offlinePrefix);
    const extracted = await cli(
      "services/scorer/src/cli/extract-features.ts",
      [
        "--transactions",
        join(dir, "transactions.csv"),
        "--labels",
        join(dir, "labels.csv"),
        "--out",
        join(dir, "features.csv"),
      ],
      { REDIS_URL: inject("redisUrl"), REDIS_KEY_PREFIX: offlinePrefix },
    );
    const labels = Number(/(\d+) labels/.exec(extracted)?.[1] ?? 0);
    expect(labels).toBeGreaterThan(100);
    const offline = await readOfflineFeatures(join(dir, "features.csv"));
    expect(offline.rows.size).toBe(transactions);

    // One deployment at a time: on 2 shared cores five scorers at once starve each other,
    // and what is compared does not depend on how fast any of them goes.
    const single = await startScorer(one);
    await caughtUp(one);
    await stopScorer(single);
    const trio = await Promise.all([startScorer(three), startScorer(three), startScorer(three)]);
    await caughtUp(three);
    await Promise.all(trio.map((p) => stopScorer(p)));
    expect(await runKilled(killed)).toBe(KILLS);

    for (const [name, d] of Object.entries({ one, killed, three })) {
      const decisions = await readDecisions(codecs, d.topics.decisions, transactions);
      expect(duplicates(decisions.map((x) => x.transaction_id)), `${name}: duplicate decisions`).toEqual([]);
      const diff = differences(offline.names, offline.rows, featuresById(decisions));
      expect(diff.slice(0, 20), `${name}: ${diff.length} differences from the offline backfill`).toEqual([]);
    }
  }, 900_000);
});
