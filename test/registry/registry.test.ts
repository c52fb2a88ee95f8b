import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Codecs, createCodecs, loadCatalogue } from "@fraud/contracts";
import { isFraudError, topicEnv } from "@fraud/platform";
import { SchemaRegistry } from "@kafkajs/confluent-schema-registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumeAll, kafkaForTest } from "../support/helpers.js";
import {
  deployment,
  type ScorerProcess,
  scorerTopics,
  startScorer,
  stopScorer,
  transaction,
} from "../support/scorer.js";
import { startTestRegistry, type TestRegistry } from "./server.js";

/**
 * Schema registry compatibility, from both sides, through a Confluent-compatible test
 * registry whose ids start at 1000 and where another team registered a schema first, so
 * registry ids never coincide with the catalogue's (1-5):
 *   - our codecs: registration, lookup-only mode (read-only credentials), retries at start;
 *   - the scorer (lookup-only) scores what the simulator and replay CLIs write through it;
 *   - standard clients, the Python confluent-kafka[avro] and the Node
 *     @kafkajs/confluent-schema-registry, produce transactions the scorer scores and
 *     decode the scorer's decisions and alerts.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DEFAULT_MODEL = join(ROOT, "services/scorer/models/default/");
const OPS_PYTHON = join(ROOT, "infra/python/.venv/bin/python");
const run = promisify(execFile);
const wireId = (b: Buffer) => b.readInt32BE(1);

let registry: TestRegistry;
const catalogueIds = new Set([...loadCatalogue().byId.keys()]);

beforeAll(async () => {
  registry = await startTestRegistry({ firstId: 1000 });
  registry.preRegister(
    "payments-value",
    JSON.stringify({ type: "record", name: "Payment", fields: [{ name: "id", type: "string" }] }),
  );
});
afterAll(async () => {
  await registry?.stop();
});

describe("schema registry", () => {
  let registered: Codecs;

  it("lookup-only mode refuses to start while our schemas are not registered, naming the setting", async () => {
    const err = await createCodecs({
      registryUrl: registry.url,
      registryMode: "lookup",
      registryStartTimeoutMs: 0,
    }).catch((e) => e);
    expect(isFraudError(err, "CONFIG_INVALID")).toBe(true);
    expect(err.message).toMatch(/transactions-value version 2 is not registered.*SCHEMA_REGISTRY_MODE/);
  });

  it("a registry that is down at start is waited for, then our schemas get its ids", async () => {
    registry.setDown(true);
    const starting = createCodecs({ registryUrl: registry.url, registryStartTimeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 1500));
    registry.setDown(false);
    registered = await starting;
    const id = wireId(registered.transaction.encode(transaction({ transaction_id: "x", event_time: 0 })));
    expect(id).toBeGreaterThan(1000);
    expect(catalogueIds.has(id)).toBe(false);
  });

  it("lookup-only mode with read-only credentials finds the same ids and never registers", async () => {
    registry.setReadOnly(true);
    const before = registry.calls.length;
    const lookedUp = await createCodecs({ registryUrl: registry.url, registryMode: "lookup" });
    const tx = transaction({ transaction_id: "y", event_time: 0 });
    expect(wireId(lookedUp.transaction.encode(tx))).toBe(wireId(registered.transaction.encode(tx)));
    expect(registry.calls.slice(before).filter((c) => c.startsWith("POST") && c.endsWith("/versions"))).toEqual([]);
    // Register mode cannot start on read-only credentials: the refusal is a config error, not a hang.
    const refused = await createCodecs({ registryUrl: registry.url, registryStartTimeoutMs: 0 }).catch((e) => e);
    expect(isFraudError(refused, "CONFIG_INVALID")).toBe(true);
  });

  it("the scorer, the simulator, replay and the standard Python and Node clients agree through the registry", async () => {
    registry.setReadOnly(true);
    const env = { SCHEMA_REGISTRY_URL: registry.url, SCHEMA_REGISTRY_MODE: "lookup" };
    const topics = await scorerTopics(2);
    const d = deployment(topics, DEFAULT_MODEL, env);
    let scorer: ScorerProcess | undefined;
    try {
      scorer = await startScorer(d);
      // The simulator writes through the registry (codecsFromEnv), so the scorer can read it.
      await run(
        process.execPath,
        [
          "--import",
          "tsx",
          "services/traffic/src/cli/simulate.ts",
          "--live",
          "--rate",
          "100",
          "--count",
          "20",
          "--to-kafka",
        ],
        { cwd: ROOT, env: { ...process.env, ...topicEnv(topics), ...env, KAFKA_BROKERS: d.env.KAFKA_BROKERS } },
      );
      // Replay writes 10 from a file through the registry too.
      const dir = await mkdtemp(join(tmpdir(), "registry-replay-"));
      try {
        const cli = (args: string[]) =>
          run(process.execPath, ["--import", "tsx", ...args], {
            cwd: ROOT,
            env: { ...process.env, ...topicEnv(topics), ...env, KAFKA_BROKERS: d.env.KAFKA_BROKERS },
          });
        await cli([
          "services/traffic/src/cli/simulate.ts",
          "--days",
          "1",
          "--cards",
          "30",
          "--terminals",
          "10",
          "--out",
          dir,
        ]);
        await cli([
          "services/traffic/src/cli/replay.ts",
          "--transactions",
          join(dir, "transactions.csv"),
          "--limit",
          "10",
        ]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      // The standard client writes 5 more with the latest registered version.
      const brokers = d.env.KAFKA_BROKERS as string;
      const txs = Array.from({ length: 5 }, (_, i) => ({
        ...transaction({ transaction_id: `py-${i}`, event_time: Date.UTC(2026, 2, 2, 12, i), card_token: "tok_py" }),
        amount_minor: 1000 + i,
      }));
      const produced = await run(OPS_PYTHON, [
        join(ROOT, "test/registry/confluent_client.py"),
        "produce",
        JSON.stringify({
          registry: registry.url,
          brokers,
          topic: topics.transactions,
          subject: "transactions-value",
          transactions: txs,
        }),
      ]);
      expect(JSON.parse(produced.stdout).schema_id).toBeGreaterThan(1000);

      // The standard Node client writes 3 more, with the latest id it looks up itself.
      const standard = new SchemaRegistry({ host: registry.url });
      const latestId = await standard.getLatestSchemaId("transactions-value");
      const producer = kafkaForTest().producer({ idempotent: true });
      await producer.connect();
      await producer.send({
        topic: topics.transactions,
        messages: await Promise.all(
          [0, 1, 2].map(async (i) => ({
            key: "tok_node",
            value: await standard.encode(latestId, {
              ...transaction({
                transaction_id: `node-${i}`,
                event_time: Date.UTC(2026, 2, 2, 13, i),
                card_token: "tok_node",
              }),
              amount_minor: 2000 + i,
            }),
          })),
        ),
      });
      await producer.disconnect();

      const decisions = await consumeAll(topics.decisions, { expected: 38, timeoutMs: 90_000 });
      expect(decisions).toHaveLength(38);
      const values = decisions.map((r) => r.value as Buffer);
      for (const v of values) expect(catalogueIds.has(wireId(v))).toBe(false);
      await registered.prepare(values);
      const decoded = values.map((v) => registered.decision.decode(v));
      expect(decoded.filter((x) => x.transaction_id.startsWith("py-")).map((x) => x.amount_minor)).toEqual(
        expect.arrayContaining([1000, 1001, 1002, 1003, 1004]),
      );
      expect(decoded.filter((x) => x.transaction_id.startsWith("node-")).map((x) => x.amount_minor)).toEqual(
        expect.arrayContaining([2000, 2001, 2002]),
      );
      // The standard Node client decodes every decision as we do.
      for (const [i, v] of values.entries()) {
        const theirs = (await standard.decode(v)) as { transaction_id: string; score: number; decision: string };
        expect(theirs.transaction_id).toBe(decoded[i]?.transaction_id);
        expect(theirs.score).toBeCloseTo(decoded[i]?.score as number, 6);
        expect(theirs.decision).toBe(decoded[i]?.decision);
      }
      const dead = await consumeAll(topics.deadLetters, { quietMs: 2000, timeoutMs: 10_000 });
      expect(dead).toEqual([]);

      // The standard client decodes the scorer's decisions (and alerts, if any) by their registry ids.
      const alerts = await consumeAll(topics.alerts, { quietMs: 2000, timeoutMs: 10_000 });
      const consumed = await run(OPS_PYTHON, [
        join(ROOT, "test/registry/confluent_client.py"),
        "consume",
        JSON.stringify({
          registry: registry.url,
          brokers,
          topics: [topics.decisions, topics.alerts],
          expected: 38 + alerts.length,
          timeout_s: 60,
        }),
      ]);
      const lines = consumed.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { topic: string; schema_id: number; value: Record<string, unknown> });
      expect(lines).toHaveLength(38 + alerts.length);
      const pyDecisions = lines.filter((l) => l.topic === topics.decisions);
      expect(new Set(pyDecisions.map((l) => l.value.transaction_id))).toEqual(
        new Set(decoded.map((x) => x.transaction_id)),
      );
      for (const l of pyDecisions) {
        const ours = decoded.find((x) => x.transaction_id === l.value.transaction_id);
        expect(l.value.score).toBeCloseTo(ours?.score as number, 6);
        expect(l.value.decision).toBe(ours?.decision);
      }
    } finally {
      if (scorer) await stopScorer(scorer);
    }
  }, 240_000);
});
