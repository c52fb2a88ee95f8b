import { createCodecs, type Decision } from "@fraud/contracts";
import { topicEnv as topicEnvOf } from "@fraud/platform";
import { beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser.js";
import { type ConsoleProcess, startConsole } from "../support/console.js";
import { consumeAll, kafkaForTest, randomId, withTimeout } from "../support/helpers.js";
import {
  deployment,
  produceTransactions,
  type ScorerTopics,
  scorerTopics,
  startScorer,
  tinyModel,
  transaction,
} from "../support/scorer.js";

// The console in a real headless Chromium against the real stack: the real scorer (a
// tiny model that declines large amounts) writes alerts and decisions; the console,
// a child process, reads them; the analyst's clicks publish labels the scorer applies.
const codecs = await createCodecs();
const DAY = 86_400_000;
const run = randomId("c");
const card = `tok_${run}`;
const terminal = `term_${run}`;
const now = Date.now();
// The alert's event time sits 7.5 days back, so the terminal window of a transaction
// "now" ([t-8d, t-7d) for the 1d risk) contains it, and the analyst's label, stamped
// at the click, is older than that later transaction (labels count from label_time).
const flagged = transaction({
  transaction_id: `tx_${run}_flagged`,
  event_time: now - 7.5 * DAY,
  card_token: card,
  terminal_id: terminal,
  amount_minor: 900_000,
});
const earlier = transaction({
  transaction_id: `tx_${run}_earlier`,
  event_time: now - 7.5 * DAY - 3_600_000,
  card_token: card,
  terminal_id: terminal,
  amount_minor: 1_500,
});

let topics: ScorerTopics;
let console_: ConsoleProcess;
const decisions = new Map<string, Decision>();

beforeAll(async () => {
  topics = await scorerTopics(2);
  const model = await tinyModel({ txn_amount_value: 0.00002 }, { bias: -4, review: 0.5, decline: 0.9 });
  const scorer = await startScorer(deployment(topics, model));
  console_ = await startConsole(topics, { CONSOLE_METRICS_URLS: `http://127.0.0.1:${scorer.port}/metrics` });
  // An independent read_committed reader of the scorer's decisions.
  const reader = kafkaForTest().consumer({ readUncommitted: false, maxWaitTimeInMs: 200 });
  await reader.connect();
  await reader.subscribe({ topic: topics.decisions, fromBeginning: true });
  await reader.run({
    eachMessage: async ({ message }) => {
      const d = codecs.decision.decode(message.value);
      decisions.set(d.transaction_id, d);
    },
  });
}, 180_000);

async function until<T>(what: string, f: () => Promise<T | undefined> | T | undefined, ms = 60_000): Promise<T> {
  return withTimeout(
    (async () => {
      while (true) {
        const v = await f();
        if (v !== undefined) return v;
        await new Promise((r) => setTimeout(r, 250));
      }
    })(),
    ms,
    what,
  );
}

describe("analyst console in a browser", () => {
  it("refuses a request without a session", async () => {
    const res = await fetch(`${console_.url}/`, { headers: { accept: "text/html" }, redirect: "manual" });
    expect(res.status).toBe(401);
    expect((await fetch(`${console_.url}/events`)).status).toBe(401);
    expect((await fetch(`${console_.url}/alerts/${flagged.transaction_id}/label`, { method: "POST" })).status).toBe(
      401,
    );
    const browser = await launchChromium();
    const page = await (await browser.newContext()).newPage();
    const r = await page.goto(`${console_.url}/overview`);
    expect(r?.status()).toBe(401);
    await expect(page.locator('form[action="/login"]').count()).resolves.toBe(1);
  });

  it("shows a live alert, its reasons and card history; one label for a double confirm; the terminal risk follows; lookup finds it", async () => {
    const browser = await launchChromium();
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${console_.url}/login`);
    await page.fill('input[name="user"]', console_.user);
    await page.fill('input[name="password"]', console_.password);
    await Promise.all([page.waitForURL(`${console_.url}/`), page.click('button[type="submit"]')]);
    await expect(page.locator("h1").textContent()).resolves.toBe("Review queue");
    await page.locator("#live.on").waitFor({ timeout: 30_000 });

    // Produced after the queue is open: it must arrive through the live stream.
    await produceTransactions(topics.transactions, [earlier, flagged], codecs);
    const row = page.locator(`tr[data-txid="${flagged.transaction_id}"]`);
    await row.waitFor({ timeout: 60_000 });
    await expect(row.locator("td.verdict").textContent()).resolves.toBe("decline");
    await expect(page.locator(`tr[data-txid="${earlier.transaction_id}"]`).count()).resolves.toBe(0);

    await Promise.all([page.waitForURL(/\/alerts\//), row.locator("a").first().click()]);
    await expect(page.locator("#txid").textContent()).resolves.toBe(flagged.transaction_id);
    await expect(page.locator("svg.waterfall rect").count()).resolves.toBeGreaterThan(0);
    // The sentence derived from the feature's declaration; the code before it is the
    // reason code (v2+ alerts) or the feature name (v1).
    await expect(page.locator("ul.reasons").textContent()).resolves.toMatch(
      /(R_\w+|txn_amount_value) amount of this transaction/,
    );
    // The card's history comes from `decisions`: wait for the earlier one to be indexed.
    await until("card history", async () => {
      await page.reload();
      return (await page.locator("#card-history").textContent())?.includes(earlier.transaction_id) ? true : undefined;
    });
    await expect(page.locator("#card-history").textContent()).resolves.toContain("approve");

    // A double click, then one more click on the page it lands on.
    await page.locator("#confirm-fraud").dblclick();
    await page.waitForURL(/\/alerts\//);
    await page.locator("#confirm-fraud").click();
    await page.waitForLoadState("load");
    const labels = await consumeAll(topics.labels, { isolation: "read_committed", expected: 1, settleMs: 4000 });
    expect(labels).toHaveLength(1);
    const label = codecs.label.decode(labels[0]?.value ?? null);
    expect(label).toMatchObject({ transaction_id: flagged.transaction_id, is_fraud: true, source: "analyst" });
    expect(labels[0]?.key?.toString()).toBe(card);
    const history = await page.locator("#case").textContent();
    expect(history).toContain(console_.user);
    expect(history).toContain("label fraud");
    expect(history).toContain("already published");

    // A later transaction at the same terminal: its 1d fraud risk counts the label.
    // The scorer applies labels asynchronously, so send until one reflects it.
    const risk = await until(
      "terminal risk reflecting the label",
      async () => {
        const later = transaction({
          transaction_id: randomId(`tx_${run}_later`),
          event_time: Date.now(),
          card_token: `tok_${run}_other`,
          terminal_id: terminal,
          amount_minor: 1_000,
        });
        await produceTransactions(topics.transactions, [later], codecs);
        const d = await until("later decision", () => decisions.get(later.transaction_id), 30_000);
        const r = d.features.terminal_fraud_risk_1d ?? 0;
        return r > 0 ? r : undefined;
      },
      90_000,
    );
    // The window holds the terminal's two transactions (earlier, flagged); one is fraud.
    expect(risk).toBe(0.5);

    await page.goto(`${console_.url}/lookup`);
    await page.fill("#q", flagged.transaction_id);
    await Promise.all([page.waitForURL(/lookup\?q=/), page.click('form.filters button[type="submit"]')]);
    await expect(page.locator("#txid").textContent()).resolves.toBe(flagged.transaction_id);
    await expect(page.locator("ul.labels").textContent()).resolves.toContain("analyst");

    // The overview reads the scorer's own counters: it has decided at least the three above.
    await page.goto(`${console_.url}/overview`);
    const decided = Number(await page.locator("#ov-decisions").textContent());
    expect(decided).toBeGreaterThanOrEqual(3);
  });
});

describe("analyst CLI on the same desk", () => {
  const cli = async (...args: string[]) => {
    const { execFile } = await import("node:child_process");
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ["--import", "tsx", "services/analyst/src/cli/analyst.ts", ...args],
        {
          env: { ...process.env, ...topicEnvOf(topics), REDIS_KEY_PREFIX: console_.redisPrefix, ANALYST_NAME: "bob" },
          timeout: 90_000,
        },
        (_err, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
      );
    });
  };

  it("show, label (idempotent with the console's click) and queue", async () => {
    const label = await cli("label", flagged.transaction_id, "--fraud", "--note", "seen in the console");
    expect(label.stderr).not.toMatch(/error/i);
    expect(label.stdout).toMatch(/^already published fraud label analyst-[0-9a-f]{32} /);
    const show = await cli("show", flagged.transaction_id);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/(R_\w+|txn_amount_value) \(\+[\d.]+\): amount of this transaction/);
    expect(show.stdout).toContain(earlier.transaction_id); // the card's history
    expect(show.stdout).toMatch(/bob {2}label_fraud \(already published\) {2}"seen in the console"/);
    const queue = await cli("queue", "--status", "all", "--terminal", terminal);
    expect(queue.stdout.trim().split("\n")).toHaveLength(1);
    expect(queue.stdout).toContain(`${flagged.transaction_id}  in_review@alice`);
    const missing = await cli("show", "tx_does_not_exist");
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain("FRAUD_ERR_CASE_UNKNOWN_TRANSACTION");
    // Still exactly one label on the topic.
    expect(await consumeAll(topics.labels, { expected: 1, settleMs: 2000 })).toHaveLength(1);
  });
});
