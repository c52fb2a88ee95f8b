/**
 * The cost of a shadow model (a script, not a test): the same backlog drained by the
 * real scorer three times, each with its own group, Redis prefix and output topics:
 *   no registry       MODEL_DIR only (as before model operations);
 *   registry          the default model as champion, following the registry (adds the
 *                     per-transaction version claim in Redis);
 *   registry+shadow   the same plus a shadow (a second session of the default GBM, so
 *                     the shadow costs what a real challenger would).
 *
 * The three run in turn, `rounds` times (the machine is shared: interleaving spreads
 * its noise over all three); the table shows each configuration's median.
 *
 *   npx tsx services/scorer/bench/shadow.ts [--events 10000] [--rounds 2]
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createCodecs } from "@fraud/contracts";
import { FEATURE_SET } from "../src/features/index.js";
import { parseModelCard } from "../src/score/index.js";
import { summarize } from "../src/score/registry/artifacts.js";
import { emptyState, promote, type RegistryState, register } from "../src/score/registry/state.js";
import { publishRegistry } from "../src/score/registry/topic.js";
import { produceBacklog, simulatedBacklog } from "./produce.js";
import { createResources } from "./resources.js";
import { parseHistogram, type ScorerTopics, spawnScorer } from "./scorer-process.js";
import { timeDrain } from "./throughput.js";
import { watchTopic } from "./watch.js";

const DEFAULT_MODEL = fileURLToPath(new URL("../models/default/", import.meta.url));
const { values } = parseArgs({
  options: { events: { type: "string", default: "10000" }, rounds: { type: "string", default: "2" } },
});
const events = Number(values.events);
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1 || rounds > 5) throw new Error("--rounds must be 1..5");
if (!Number.isInteger(events) || events < 1000 || events > 100_000) throw new Error("--events must be 1000..100000");
const brokers = (process.env.KAFKA_BROKERS ?? "127.0.0.1:19092").split(",");
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:16379";
if (![...brokers, redisUrl].every((a) => /(127\.0\.0\.1|localhost)/.test(a))) throw new Error("loopback stack only");
const log = (msg: string) => process.stderr.write(`[shadow-bench] ${msg}\n`);

const res = createResources(brokers, redisUrl);
process.once("SIGINT", () => void res.cleanup().then(() => process.exit(130)));
const registryDir = await mkdtemp(join(tmpdir(), "fraud-shadow-bench-"));
res.onCleanup("remove the registry folder", () => rm(registryDir, { recursive: true, force: true }));
try {
  const codecs = await createCodecs();
  const t = (what: string) => res.name(what);
  await res.createTopics({ [t("transactions")]: 12, [t("labels")]: 3, [t("dlq")]: 3, [t("models")]: 1 });
  const txs = simulatedBacklog(events, Date.now(), 7);
  log(`producing ${txs.length} transactions`);
  await produceBacklog(res.kafka, t("transactions"), txs, codecs);

  // Two versions of the default model in the registry; deployment "plain" has a champion, "shadow" both.
  const card = parseModelCard(JSON.parse(await readFile(join(DEFAULT_MODEL, "model-card.json"), "utf8")), "default");
  const who = { by: "bench", why: "shadow benchmark", at: Date.now() };
  const states: Record<string, RegistryState> = {};
  for (const deployment of ["plain", "shadow"]) {
    let s = emptyState(res.name(deployment));
    for (const suffix of ["champion", "challenger"]) {
      const v = `${card.model_version}-${suffix}`;
      await cp(DEFAULT_MODEL, join(registryDir, v), { recursive: true, force: true });
      await writeFile(join(registryDir, v, "model-card.json"), JSON.stringify({ ...card, model_version: v }));
      s = register(s, { version: v, dir: v, card: summarize({ ...card, model_version: v }) }, who);
    }
    s = promote(s, `${card.model_version}-champion`, "champion", who);
    if (deployment === "shadow") s = promote(s, `${card.model_version}-challenger`, "shadow", who);
    await publishRegistry(res.kafka, t("models"), s);
    states[deployment] = s;
  }

  const figures = new Map<string, Array<{ eps: number; cpu: number; rss: number; scoreUs: number }>>();
  for (let round = 0; round < rounds; round++)
    for (const [name, extra] of [
      ["no registry", {}],
      ["registry, 0 shadow", { MODEL_REGISTRY_DIR: registryDir, MODEL_DEPLOYMENT: res.name("plain") }],
      ["registry, 1 shadow", { MODEL_REGISTRY_DIR: registryDir, MODEL_DEPLOYMENT: res.name("shadow") }],
    ] as const) {
      const k = `${name.replace(/\W+/g, "-")}-${round}`;
      await res.createTopics({ [t(`decisions-${k}`)]: 12, [t(`alerts-${k}`)]: 3 });
      const topics: ScorerTopics = {
        transactions: t("transactions"),
        labels: t("labels"),
        decisions: t(`decisions-${k}`),
        alerts: t(`alerts-${k}`),
        deadLetters: t("dlq"),
        models: t("models"),
      };
      const decisions = await watchTopic(res.kafka, topics.decisions, t(`reader-${k}`));
      res.onCleanup("stop decisions reader", () => decisions.stop());
      log(`scorer: ${name}`);
      const scorer = await spawnScorer(res, brokers, redisUrl, topics, {
        SCORER_GROUP_ID: t(`scorer-${k}`),
        SCORER_TRANSACTIONAL_ID_PREFIX: t(`scorer-tx-${k}`),
        REDIS_KEY_PREFIX: `${res.runId}:${k}:`,
        ...extra,
      });
      const drained = timeDrain(scorer.child.pid, decisions, txs.length, 120_000);
      drained.catch(() => undefined);
      const f = await Promise.race([drained, scorer.child.death]);
      // The shadow's inference runs inside the score stage: its time per event is the direct cost.
      const score = parseHistogram(await scorer.metrics(), "fraud_stage_duration_seconds", 'stage="score"');
      await scorer.child.stop();
      const list = figures.get(name) ?? [];
      list.push({
        eps: f.eventsPerSecond,
        cpu: f.cpuMsPerEvent,
        rss: f.peakRssMiB,
        scoreUs: (score.sum * 1e6) / txs.length,
      });
      figures.set(name, list);
      log(`${name}: ${f.eventsPerSecond.toFixed(0)} events/s, ${f.cpuMsPerEvent.toFixed(3)} CPU ms/event`);
    }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2
      ? (s[(s.length - 1) / 2] as number)
      : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
  };
  const cell = (fs: Array<Record<string, number>>, k: string, digits: number, width: number) =>
    median(fs.map((x) => x[k] as number))
      .toFixed(digits)
      .padStart(width);
  const rows = [...figures].map(
    ([name, fs]) =>
      `${name.padEnd(20)}${cell(fs, "eps", 0, 10)}${cell(fs, "cpu", 3, 14)}${cell(fs, "rss", 0, 14)}${cell(fs, "scoreUs", 1, 16)}`,
  );
  process.stdout.write(`${txs.length} transactions, ${rounds} rounds (medians), feature set ${FEATURE_SET.version}\n`);
  process.stdout.write(
    `${"scorer".padEnd(20)}${"events/s".padStart(10)}${"CPU ms/event".padStart(14)}${"peak RSS MiB".padStart(14)}${"score µs/event".padStart(16)}\n`,
  );
  process.stdout.write(`${rows.join("\n")}\n`);
} finally {
  const failures = await res.cleanup();
  for (const f of failures) log(`cleanup: ${f}`);
}
