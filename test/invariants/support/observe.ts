import { spawn } from "node:child_process";
import type { Alert, Codecs, Decision } from "@fraud/contracts";
import { createRedis, deleteKeysWithPrefix, isTransientKafkaError, scanKeys } from "@fraud/platform";
import { cleanupLater, consumeAll, kafkaForTest, redisSettingsForTest, withTimeout } from "../../support/helpers.js";
import type { ScorerProcess } from "../../support/scorer.js";

/** What the invariants compare: everything the scorer decides, bar the wall-clock scored_at. */
export type Verdict = Omit<Decision, "scored_at">;

/** Reads a decisions topic (read_committed) until `expected` arrived, plus a settle window to catch extras. */
export async function readDecisions(codecs: Codecs, topic: string, expected: number): Promise<Decision[]> {
  const records = await consumeAll(topic, { expected, settleMs: 3000, timeoutMs: 90_000 });
  return records.map((r) => codecs.decision.decode(r.value));
}

/** Alerts have no known count up front: read until the topic has been quiet for a while. */
export async function readAlerts(codecs: Codecs, topic: string): Promise<Alert[]> {
  const records = await consumeAll(topic, { quietMs: 4000, timeoutMs: 30_000 });
  return records.map((r) => codecs.alert.decode(r.value));
}

export function verdicts(decisions: readonly Decision[]): Map<string, Verdict> {
  return new Map(decisions.map(({ scored_at: _, ...rest }) => [rest.transaction_id, rest]));
}

/** Ids seen more than once: an exactly-once reader must find none. */
export function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(ids.filter((id) => seen.has(id) || !seen.add(id)))];
}

/**
 * Every key under a prefix with its type and content (zset members with scores, hash
 * fields, strings), keyed by the name without the prefix so two deployments compare
 * directly. TTLs are wall-clock and left out on purpose, and so are the alignment board
 * and the publish claims (operational progress of one deployment, not feature state).
 */
export async function dumpRedis(prefix: string): Promise<Map<string, unknown>> {
  const redis = createRedis(redisSettingsForTest());
  await redis.connect();
  try {
    const keys: string[] = [];
    for await (const batch of scanKeys(redis, `${prefix}*`)) keys.push(...batch);
    const out = new Map<string, unknown>();
    // The alignment board holds operational progress (per deployment), not feature state;
    // so do the publish claims (publish/once.ts: input partition:offset per transaction).
    const operational = (k: string) => k.startsWith(`${prefix}{align:`) || k.endsWith(":once");
    for (const key of keys.filter((k) => !operational(k)).sort()) {
      const type = await redis.type(key);
      let content: unknown;
      if (type === "zset") content = await redis.zrange(key, 0, -1, "WITHSCORES");
      else if (type === "hash") content = Object.fromEntries(Object.entries(await redis.hgetall(key)).sort());
      else if (type === "string") content = await redis.get(key);
      else if (type === "set") content = (await redis.smembers(key)).sort();
      else if (type === "list") content = await redis.lrange(key, 0, -1);
      out.set(key.slice(prefix.length), { type, content });
    }
    return out;
  } finally {
    await redis.quit();
  }
}

/** Deletes every key under a scorer's prefix (the scorer made them, not a test factory). */
export function sweepPrefixLater(prefix: string): void {
  cleanupLater(`sweep redis ${prefix}`, async () => {
    const redis = createRedis(redisSettingsForTest());
    await redis.connect();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });
}

/** Polls a scorer metric until `ok` holds; returns the last value. */
export async function waitForMetric(
  p: ScorerProcess,
  name: string,
  ok: (v: number) => boolean,
  timeoutMs: number,
  intervalMs = 50,
): Promise<number> {
  return withTimeout(
    (async () => {
      while (true) {
        const v = await p.metric(name).catch(() => Number.NaN);
        if (ok(v)) return v;
        if (p.child.exitCode !== null || p.child.signalCode !== null) {
          throw new Error(`scorer exited while waiting for ${name}:\n${p.output().slice(-4000)}`);
        }
        await new Promise((r) => setTimeout(r, intervalMs));
      }
    })(),
    timeoutMs,
    `metric ${name}`,
  );
}

/** The partitions of `topic` in each "joined consumer group" line of a scorer's log, latest last. */
export function assignments(output: string, topic: string): number[][] {
  return output
    .split("\n")
    .filter((l) => l.includes('"joined consumer group"'))
    .map((l) => (JSON.parse(l) as { assigned?: Record<string, number[]> }).assigned?.[topic] ?? []);
}

const ROOT = new URL("../../../", import.meta.url).pathname;

/** Runs the scorer expecting it to refuse to start: resolves with its exit status and output. */
export async function runUntilExit(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "services/scorer/src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (b) => {
    output += b;
  });
  child.stderr.on("data", (b) => {
    output += b;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  cleanupLater("kill scorer that should have exited", async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  });
  const status = await withTimeout(exited, timeoutMs, "scorer exit").catch((e) => {
    throw new Error(`${(e as Error).message}\n${output}`);
  });
  return { ...status, output };
}

/**
 * Waits until a consumer group has committed, on every partition of `topics`, the end
 * offset: the scorer commits offsets inside its Kafka transactions, so this is "every
 * input record's outputs are committed" (labels included, which publish nothing).
 */
export async function waitForGroupCaughtUp(
  groupId: string,
  topics: readonly string[],
  timeoutMs: number,
): Promise<void> {
  const admin = kafkaForTest().admin();
  await admin.connect();
  let last = "";
  await withTimeout(
    (async () => {
      while (true) {
        const behind: string[] = [];
        for (const topic of topics) {
          // A busy broker answers "not the coordinator" while it moves or loads the group: ask again.
          const read = await Promise.all([
            admin.fetchTopicOffsets(topic),
            admin.fetchOffsets({ groupId, topics: [topic] }),
          ]).catch((e) => {
            if (!isTransientKafkaError(e)) throw e;
            behind.push(`${topic}: ${(e as Error).message}`);
            return undefined;
          });
          if (!read) continue;
          const [ends, committed] = read;
          const at = new Map(committed[0]?.partitions.map((p) => [p.partition, BigInt(p.offset)]) ?? []);
          for (const e of ends) {
            const c = at.get(e.partition) ?? -1n;
            if (c < BigInt(e.high)) behind.push(`${topic}[${e.partition}] ${c}/${e.high}`);
          }
        }
        last = behind.join(", ");
        if (behind.length === 0) return;
        await new Promise((r) => setTimeout(r, 500));
      }
    })(),
    timeoutMs,
    `group ${groupId} caught up`,
  ).catch((e) => {
    throw new Error(`${(e as Error).message}; behind: ${last}`);
  });
}
