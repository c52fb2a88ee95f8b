import { type TopicRole, topicEnv } from "@fraud/platform";
import { type Child, spawnTs, waitUntil } from "./child.js";
import { freePort } from "./proc.js";
import type { Resources } from "./resources.js";

/** The scorer's topic names, by role (as declared in @fraud/platform's TOPICS). */
export type ScorerTopics = Record<TopicRole, string>;

/**
 * This run's scorer topics, created with the partitions the benchmarks use (12 input
 * partitions like the tests' backlog). `models` is named but not created: benchmark
 * scorers run without a model registry (MODEL_REGISTRY_DIR unset).
 */
export async function createScorerTopics(res: Resources): Promise<ScorerTopics> {
  const topics: ScorerTopics = {
    transactions: res.name("transactions"),
    labels: res.name("labels"),
    decisions: res.name("decisions"),
    alerts: res.name("alerts"),
    deadLetters: res.name("dlq"),
    models: res.name("models"),
  };
  await res.createTopics({
    [topics.transactions]: 12,
    [topics.labels]: 3,
    [topics.decisions]: 12,
    [topics.alerts]: 3,
    [topics.deadLetters]: 3,
  });
  return topics;
}

export interface Scorer {
  readonly child: Child;
  readonly port: number;
  readonly redisPrefix: string;
  metrics(): Promise<string>;
  ready(): Promise<boolean>;
}

/**
 * The real scorer (services/scorer/src/main.ts) with the default model, on this run's
 * topics, Redis prefix, group and transactional ids. At LOG_LEVEL=warn it does not log
 * its port, so the port is chosen here. Not waited for: with a backlog already in the
 * input topic, the first output is the benchmark's start signal.
 */
export async function spawnScorer(
  res: Resources,
  brokers: string[],
  redisUrl: string,
  topics: ScorerTopics,
  /** More or overriding settings (another group and prefix, a model registry). */
  extra: Record<string, string> = {},
) {
  const port = await freePort();
  const redisPrefix = extra.REDIS_KEY_PREFIX ?? `${res.runId}:`;
  res.onCleanup(`delete Redis keys ${redisPrefix}*`, () => res.sweepKeys(redisPrefix));
  const child = spawnTs("services/scorer/src/main.ts", {
    KAFKA_BROKERS: brokers.join(","),
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: redisPrefix,
    ...topicEnv(topics),
    SCORER_GROUP_ID: res.name("scorer"),
    SCORER_TRANSACTIONAL_ID_PREFIX: res.name("scorer-tx"),
    HTTP_HOST: "127.0.0.1",
    HTTP_PORT: String(port),
    LOG_LEVEL: "warn",
    KAFKAJS_NO_PARTITIONER_WARNING: "1",
    ...extra,
  });
  // Registered after the key sweep, so it runs before it: no writes after the sweep.
  res.onCleanup("stop scorer", () => child.stop());
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;
  const scorer: Scorer = {
    child,
    port,
    redisPrefix,
    metrics: async () => (await fetch(url("/metrics"))).text(),
    ready: () =>
      fetch(url("/readyz")).then(
        (r) => r.ok,
        () => false,
      ),
  };
  return scorer;
}

export async function waitReady(s: Scorer, timeoutMs = 60_000): Promise<void> {
  await waitUntil(s.child, "scorer /readyz", () => s.ready(), timeoutMs);
}

/** Cumulative buckets (le → count), sum and count of one Prometheus histogram. */
export interface Histogram {
  buckets: Map<number, number>;
  sum: number;
  count: number;
}

/** `only` keeps the samples whose labels contain it, e.g. 'stage="features"'. */
export function parseHistogram(text: string, name: string, only?: string): Histogram {
  const buckets = new Map<number, number>();
  let sum = 0;
  let count = 0;
  for (const line of text.split("\n")) {
    if (only !== undefined && !line.includes(only)) continue;
    const bucket = new RegExp(`^${name}_bucket\\{.*le="([^"]+)".*\\} (\\S+)`).exec(line);
    if (bucket) {
      const le = bucket[1] === "+Inf" ? Number.POSITIVE_INFINITY : Number(bucket[1]);
      buckets.set(le, (buckets.get(le) ?? 0) + Number(bucket[2]));
    } else if (line.startsWith(`${name}_sum`)) sum += Number(line.split(" ").at(-1));
    else if (line.startsWith(`${name}_count`)) count += Number(line.split(" ").at(-1));
  }
  return { buckets, sum, count };
}

export function histogramDelta(before: Histogram, after: Histogram): Histogram {
  const buckets = new Map<number, number>();
  for (const [le, n] of after.buckets) buckets.set(le, n - (before.buckets.get(le) ?? 0));
  return { buckets, sum: after.sum - before.sum, count: after.count - before.count };
}

/** The upper bound of the bucket holding quantile q: all a histogram can tell. */
export function bucketQuantile(h: Histogram, q: number): number {
  const rank = q * h.count;
  for (const le of [...h.buckets.keys()].sort((a, b) => a - b)) {
    if ((h.buckets.get(le) ?? 0) >= rank) return le;
  }
  return Number.NaN;
}
