import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createCodecs, type Decision } from "@fraud/contracts";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createTestTopic, kafkaForTest, withTimeout } from "../support/helpers.js";
import { startTail } from "./tail-cli.js";

// `analyst tail --json` writing a stream: a slow reader gets every line (stdout
// backpressure, no ENOBUFS), and a reader that stops (`| head`) ends it quietly.
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const N = 20_000;
const codecs = await createCodecs();
let topics: { alerts: string; decisions: string };

const decision = (i: number): Decision => ({
  transaction_id: `d${i}`,
  card_token: "tok_pipe",
  terminal_id: "term_pipe",
  event_time: Date.parse("2026-03-01T00:00:00Z"),
  amount_minor: i,
  currency: "EUR",
  score: 0.1,
  decision: "approve",
  review_threshold: 0.5,
  decline_threshold: 0.9,
  model_version: "m",
  feature_set_version: "fs",
  features: { card_amount_count_1h: 1 },
  scored_at: Date.parse("2026-03-01T00:00:01Z"),
});

beforeAll(async () => {
  topics = { alerts: await createTestTopic(1), decisions: await createTestTopic(1, { "retention.ms": "-1" }) };
  const p = kafkaForTest().producer();
  await p.connect();
  for (let from = 0; from < N; from += 2000) {
    await p.send({
      topic: topics.decisions,
      messages: Array.from({ length: 2000 }, (_, k) => ({
        key: `d${from + k}`,
        value: codecs.decision.encode(decision(from + k)),
      })),
    });
  }
  await p.disconnect();
});

describe("tail --json as a stream", () => {
  it("gives a slow reader every line, in order, and exits 0", async () => {
    const run = startTail(["--decisions", "--from", "beginning", "--json", "--limit", String(N)], topics);
    // The reader pauses for a while at a time: the writer must wait for it, not buffer or fail.
    const stdout = run.child.stdout;
    if (!stdout) throw new Error("no stdout");
    const slow = setInterval(() => {
      stdout.pause();
      setTimeout(() => stdout.resume(), 150);
    }, 200);
    const { code } = await withTimeout(run.exited, 180_000, "tail to a slow reader").finally(() => clearInterval(slow));
    const lines = run.stdout().trimEnd().split("\n");
    expect({ code, lines: lines.length, stderr: run.stderr().includes("ENOBUFS") }).toEqual({
      code: 0,
      lines: N,
      stderr: false,
    });
    expect((JSON.parse(lines.at(-1) as string) as Decision).transaction_id).toBe(`d${N - 1}`);
  }, 240_000);

  it("stops quietly when the reader closes the pipe (| head)", async () => {
    const env = {
      ...process.env,
      KAFKA_BROKERS: inject("kafkaBrokers"),
      TOPIC_DECISIONS: topics.decisions,
      TOPIC_ALERTS: topics.alerts,
      KAFKAJS_NO_PARTITIONER_WARNING: "1",
    };
    const { stdout, stderr } = await promisify(execFile)(
      "bash",
      [
        "-c",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash expansion, not a template
        'node --import tsx services/analyst/src/cli/tail.ts --decisions --from beginning --json --idle-exit 30 | head -n 3; echo "status ${PIPESTATUS[0]}"',
      ],
      { cwd: ROOT, env, timeout: 120_000 },
    );
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe("status 0");
    expect(stderr).not.toMatch(/EPIPE|^\s+at /m);
  }, 180_000);
});
