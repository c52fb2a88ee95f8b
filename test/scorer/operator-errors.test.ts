import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { topicEnv } from "@fraud/platform";
import { describe, expect, it } from "vitest";
import { randomId, withTimeout } from "../support/helpers.js";
import { freePort, startPrivateRedis } from "../support/private-redis.js";
import { deployment, scorerTopics } from "../support/scorer.js";

// Operator mistakes end the scorer fast with one line naming what to fix: the variable,
// the value, the remedy. Never a library's stack trace or "Unhandled error event".
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MODEL_DIR = fileURLToPath(new URL("../../services/scorer/models/default/", import.meta.url));

async function runScorer(env: Record<string, string>): Promise<{ code: number | null; out: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", "services/scorer/src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (b) => (out += b));
  child.stderr.on("data", (b) => (out += b));
  const code = await withTimeout(
    new Promise<number | null>((r) => child.once("exit", (c) => r(c))),
    60_000,
    "scorer exit",
  ).catch((e) => {
    child.kill("SIGKILL");
    throw new Error(`${(e as Error).message}\n${out}`);
  });
  return { code, out, ms: Date.now() - started };
}

const noStack = (out: string) => {
  expect(out).not.toMatch(/^\s+at /m);
  expect(out).not.toContain("Unhandled error event");
};

describe("operator errors", () => {
  it("names the unreachable brokers and KAFKA_BROKERS within the connection timeout", async () => {
    const d = deployment(await scorerTopics(1), MODEL_DIR);
    const port = await freePort();
    const r = await runScorer({ ...d.env, KAFKA_BROKERS: `127.0.0.1:${port}` });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain(`FRAUD_ERR_KAFKA_UNREACHABLE: KAFKA_BROKERS=127.0.0.1:${port}: no broker could be reached`);
    expect(r.out).toContain("ECONNREFUSED");
    noStack(r.out);
  });

  it("names REDIS_PASSWORD when Redis refuses the credentials, and REDIS_URL when it cannot be reached", async () => {
    const redis = await startPrivateRedis(["--requirepass", "right-password"]);
    const d = deployment(await scorerTopics(1), MODEL_DIR);
    const wrong = await runScorer({ ...d.env, REDIS_URL: redis.url, REDIS_PASSWORD: "wrong-password" });
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(
      /FRAUD_ERR_REDIS_REFUSED: Redis at REDIS_URL=redis:\/\/127\.0\.0\.1:\d+ refused the credentials/,
    );
    expect(wrong.out).toContain("fix REDIS_PASSWORD");
    expect(wrong.out).not.toContain("wrong-password");
    noStack(wrong.out);

    const port = await freePort();
    const down = await runScorer({ ...d.env, REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(down.code).toBe(1);
    expect(down.out).toContain(`Redis at REDIS_URL=redis://127.0.0.1:${port} cannot be reached`);
    noStack(down.out);
  });

  it("names a missing input or output topic and its variable, exits 2, and warns about misspelt variables", async () => {
    const topics = await scorerTopics(1);
    const d = deployment(topics, MODEL_DIR);
    const missing = randomId("decisions-missing");
    const r = await runScorer({
      ...d.env,
      ...topicEnv({ ...topics, decisions: missing }),
      KAFKA_BROKER: "typo:1",
      REVEIW_THRESHOLD: "0.5",
    });
    expect(r.code).toBe(2);
    expect(r.out).toContain(
      `TOPIC_DECISIONS=${missing}: topic does not exist; create it with npx tsx infra/topics.ts or fix the variable`,
    );
    expect(r.out).toContain(
      "KAFKA_BROKER is not a setting of this service and is ignored; did you mean KAFKA_BROKERS?",
    );
    expect(r.out).toContain(
      "REVEIW_THRESHOLD is not a setting of this service and is ignored; did you mean REVIEW_THRESHOLD?",
    );
    noStack(r.out);

    const input = randomId("transactions-missing");
    const r2 = await runScorer({ ...d.env, ...topicEnv({ ...topics, transactions: input }) });
    expect(r2.code).toBe(2);
    expect(r2.out).toContain(`TOPIC_TRANSACTIONS=${input}: topic does not exist`);
  });
});
