import { type Alert, createCodecs, type Decision } from "@fraud/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestTopic, kafkaForTest, randomId, withTimeout } from "../support/helpers.js";
import { runTail, startTail, waitForStderr } from "./tail-cli.js";

// The tail CLI as a process against the real broker: alerts and decisions produced
// (transactionally, with explicit Kafka timestamps) to random topics, and the CLI's
// stdout checked record for record.
const codecs = await createCodecs();
const OLD = Date.parse("2026-01-01T00:00:00.000Z");
const NEW = Date.parse("2026-02-01T00:00:00.000Z");
const BETWEEN = "2026-01-15T00:00:00Z";

const alert = (id: string, card: string, terminal: string, score: number, amount = 123456): Alert => ({
  transaction_id: id,
  card_token: card,
  terminal_id: terminal,
  event_time: OLD + Number(id.replace(/\D/g, "")) * 60_000,
  amount_minor: amount,
  currency: "EUR",
  score,
  threshold: score >= 0.9 ? 0.9 : 0.5,
  decision: score >= 0.9 ? "decline" : "review",
  model_version: "test-model-1",
  feature_set_version: "fs-test",
  reasons: [
    {
      feature: "card_amount_count_1h",
      value: 4,
      contribution: 0.4,
      detail: `four payments in an hour on ${card}`,
      code: "R_CARD_VELOCITY_1H",
    },
    {
      feature: "terminal_fraud_rate_7d",
      value: 0.25,
      contribution: 0.1,
      detail: `terminal ${terminal} had frauds`,
      code: "R_TERMINAL_FRAUD_RISK_7D",
    },
  ],
  features: { card_amount_count_1h: 4, terminal_fraud_rate_7d: 0.25 },
  scored_at: NEW,
  reasons_method: "treeshap",
  reasons_base: -3,
  // alert v3 fields (rules), as a v3 reader fills them.
  matched_rules: [],
  rules_version: "",
  model_decision: "",
  verdict_reason: "",
  merchant_category: null,
  channel: null,
  country: null,
  customer_id: null,
});

const decision = (id: string, card: string, d: string, score: number): Decision => ({
  transaction_id: id,
  card_token: card,
  terminal_id: "term_1",
  event_time: OLD,
  amount_minor: 999,
  currency: "USD",
  score,
  decision: d,
  review_threshold: 0.5,
  decline_threshold: 0.9,
  model_version: "test-model-1",
  feature_set_version: "fs-test",
  features: { card_amount_count_1h: 1 },
  scored_at: NEW,
  // decision/alert v2 fields (rules), as a v2 reader fills them.
  matched_rules: [],
  rules_version: "",
  model_decision: "",
  verdict_reason: "",
  merchant_category: null,
  channel: null,
  country: null,
  customer_id: null,
  shadow: null, // decision v2: no model in shadow
});

const oldAlerts = [alert("a1", "tok_a", "term_1", 0.95), alert("a2", "tok_a", "term_2", 0.6)];
const newAlerts = [
  alert("a3", "tok_b", "term_1", 0.85),
  alert("a4", "tok_b", "term_2", 0.97),
  alert("a5", "tok_c", "term_1", 0.55, 5),
];
const alerts = [...oldAlerts, ...newAlerts];
const decisions = [
  decision("d1", "tok_a", "approve", 0.1),
  decision("d2", "tok_b", "review", 0.7),
  decision("d3", "tok_c", "decline", 0.99),
];

let topics: { alerts: string; decisions: string };
const producer = () =>
  kafkaForTest().producer({ transactionalId: randomId("analyst-test-tx"), idempotent: true, maxInFlightRequests: 1 });

async function produce(
  topic: string,
  records: Array<{ key: string; value: Buffer; timestamp: number }>,
  abort = false,
) {
  const p = producer();
  await p.connect();
  const tx = await p.transaction();
  await tx.send({
    topic,
    messages: records.map((r) => ({ key: r.key, value: r.value, timestamp: String(r.timestamp) })),
  });
  if (abort) await tx.abort();
  else await tx.commit();
  await p.disconnect();
}

beforeAll(async () => {
  // Kept forever: records carry January 2026 timestamps, which time-based retention would delete.
  const forever = { "retention.ms": "-1" };
  topics = { alerts: await createTestTopic(3, forever), decisions: await createTestTopic(3, forever) };
  const enc = (a: Alert, timestamp: number) => ({ key: a.transaction_id, value: codecs.alert.encode(a), timestamp });
  await produce(topics.alerts, [...oldAlerts.map((a) => enc(a, OLD))]);
  // Aborted: read_committed must never show it.
  await produce(topics.alerts, [enc(alert("a9", "tok_a", "term_1", 0.99), NEW)], true);
  await produce(topics.alerts, [
    ...newAlerts.map((a) => enc(a, NEW)),
    { key: "garbage", value: Buffer.from("definitely not avro"), timestamp: NEW },
  ]);
  await produce(
    topics.decisions,
    decisions.map((d) => ({ key: d.transaction_id, value: codecs.decision.encode(d), timestamp: NEW })),
  );
});

const ids = (jsonl: string) =>
  jsonl
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { transaction_id: string }).transaction_id)
    .sort();
const byId = <T extends { transaction_id: string }>(rs: T[]) =>
  [...rs].sort((a, b) => a.transaction_id.localeCompare(b.transaction_id));

describe("analyst tail CLI", () => {
  it("prints committed alerts as JSONL equal to what was produced, and reports the undecodable one", async () => {
    const r = await runTail(["--json", "--from", "beginning", "--idle-exit", "3"], topics);
    expect(r.code, r.stderr).toBe(0);
    const got = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Alert);
    expect(byId(got)).toEqual(byId(alerts));
    expect(r.stderr).toMatch(new RegExp(`skipped undecodable alert at ${topics.alerts}/\\d/\\d+: FRAUD_ERR_DECODE_`));
    expect(r.stderr).toContain("1 undecodable record(s) skipped");
  });

  it("tails decisions with --decisions", async () => {
    const r = await runTail(["--decisions", "--json", "--from", "beginning", "--idle-exit", "3"], topics);
    expect(r.code, r.stderr).toBe(0);
    expect(
      byId(
        r.stdout
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l) as Decision),
      ),
    ).toEqual(byId(decisions));
  });

  it("filters by card, terminal and minimum score, alone and combined", async () => {
    const cases: Array<[string[], string[]]> = [
      [
        ["--card", "tok_a"],
        ["a1", "a2"],
      ],
      [
        ["--terminal", "term_1"],
        ["a1", "a3", "a5"],
      ],
      [
        ["--min-score", "0.9"],
        ["a1", "a4"],
      ],
      [["--card", "tok_b", "--min-score", "0.9"], ["a4"]],
      [["--card", "tok_b", "--terminal", "term_1"], ["a3"]],
    ];
    const results = await Promise.all(
      cases.map(([flags]) => runTail(["--json", "--from", "beginning", "--idle-exit", "3", ...flags], topics)),
    );
    results.forEach((r, i) => {
      expect(r.code, r.stderr).toBe(0);
      expect(ids(r.stdout), cases[i]![0].join(" ")).toEqual(cases[i]![1]);
    });
  });

  it("shows readable lines with amounts, thresholds and the reasons' text, without colour when piped", async () => {
    const r = await runTail(["--from", "beginning", "--idle-exit", "3", "--card", "tok_c"], topics);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(
      `2026-01-01T00:05:00.000Z  REVIEW   score 0.550 >= 0.500  card tok_c  terminal term_1  EUR 0.05  model test-model-1  txn a5`,
    );
    expect(lines.slice(1)).toEqual([
      "    - R_CARD_VELOCITY_1H card_amount_count_1h = 4 (+0.400): four payments in an hour on tok_c",
      "    - R_TERMINAL_FRAUD_RISK_7D terminal_fraud_rate_7d = 0.25 (+0.100): terminal term_1 had frauds",
    ]);
    expect(r.stdout).not.toContain("\u001b[");
  });

  it("--from <time> starts at the offsets for that time, skipping older records", async () => {
    const r = await runTail(["--json", "--from", BETWEEN, "--idle-exit", "3"], topics);
    expect(r.code, r.stderr).toBe(0);
    expect(ids(r.stdout)).toEqual(["a3", "a4", "a5"]);
    // After everything in the log: nothing. "Everything" includes the transaction markers,
    // stamped with the broker's wall clock when each transaction ended, so the time is
    // after now, not merely after the (backdated) record timestamps.
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const none = await runTail(["--json", "--from", later, "--idle-exit", "3"], topics);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toBe("");
  });

  it("--limit stops after that many records, with no idle exit needed", async () => {
    const r = await runTail(["--json", "--from", "beginning", "--limit", "2"], topics);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(2);
  });

  it("--from now shows only new records, and Ctrl-C stops it cleanly", async () => {
    const run = startTail(["--json"], topics);
    await waitForStderr(run, "tailing");
    const fresh = alert("a7", "tok_d", "term_3", 0.92);
    await produce(topics.alerts, [{ key: "a7", value: codecs.alert.encode(fresh), timestamp: Date.now() }]);
    await withTimeout(
      (async () => {
        while (!run.stdout().includes('"a7"')) await new Promise((r) => setTimeout(r, 50));
      })(),
      30_000,
      "the new alert to appear",
    );
    run.child.kill("SIGINT");
    const { signal } = await withTimeout(run.exited, 15_000, "tail to stop on SIGINT");
    expect(signal).toBe("SIGINT");
    expect(ids(run.stdout())).toEqual(["a7"]);
  });

  it("refuses a topic that does not exist, naming the variable to set", async () => {
    const r = await runTail(["--from", "beginning", "--idle-exit", "3"], { ...topics, alerts: randomId("no-such") });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("TOPIC_ALERTS");
  });
});
