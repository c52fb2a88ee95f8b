import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Label, Transaction } from "@fraud/contracts";
import { type FraudError, isFraudError, ManualClock } from "@fraud/platform";
import { afterAll, describe, expect, it } from "vitest";
import { mergeByTime, type Numbered, type ReplayItem } from "../../src/replay/merge.js";
import { replay } from "../../src/replay/run.js";
import { countRecords, labelsFrom, transactionsFrom } from "../../src/replay/source.js";
import type { Outgoing } from "../../src/sinks/outgoing.js";

const dir = mkdtempSync(join(tmpdir(), "traffic-replay-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tx = (id: string, t: number, card = "tok_a1"): Transaction => ({
  transaction_id: id,
  event_time: t,
  card_token: card,
  terminal_id: "term_1",
  amount_minor: 1000,
  currency: "EUR",
  merchant_category: null,
  channel: null,
  country: null,
  customer_id: null,
});
const label = (id: string, t: number): Label => ({
  label_id: `cb_${id}`,
  transaction_id: id,
  label_time: t,
  is_fraud: true,
  source: "chargeback",
});
async function* numbered<T>(xs: T[]): AsyncGenerator<Numbered<T>> {
  let line = 2;
  for (const record of xs) yield { line: line++, record };
}
const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};
const memory = () => {
  const sent: Outgoing[] = [];
  return { sent, publish: (o: Outgoing) => void sent.push(o), close: async () => {} };
};

describe("mergeByTime", () => {
  it("puts each label at its own time between transactions, a transaction first on ties", async () => {
    const merged = await collect(
      mergeByTime(
        numbered([tx("t1", 100), tx("t2", 200), tx("t3", 300), tx("t4", 400)]),
        numbered([label("t1", 150), label("t2", 300), label("t9", 1000)]),
      ),
    );
    const ids = merged.map((m) => (m.kind === "transaction" ? m.tx.transaction_id : `L:${m.label.transaction_id}`));
    expect(ids).toEqual(["t1", "L:t1", "t2", "t3", "L:t2", "t4", "L:t9"]);
  });

  it("reports records that go back in time, and still publishes them", async () => {
    const late: ReplayItem[] = [];
    const merged = await collect(
      mergeByTime(numbered([tx("t1", 100), tx("t2", 50), tx("t3", 300)]), undefined, (i) => late.push(i)),
    );
    expect(merged).toHaveLength(3);
    expect(late.map((i) => i.line)).toEqual([3]);
  });
});

describe("replay", () => {
  it("keys labels by their transaction's card, honours --limit", async () => {
    const out = memory();
    const items = mergeByTime(
      numbered([tx("t1", 100, "tok_x"), tx("t2", 200, "tok_y")]),
      numbered([label("t1", 150), label("zz", 160)]),
    );
    const counts = await replay(items, out, { clock: new ManualClock(0), sleep: async () => {} });
    expect(counts).toEqual({ transactions: 2, labels: 2, labelsWithoutTransaction: 1 });
    expect(out.sent[1]).toMatchObject({ kind: "label", key: "tok_x" });
    expect(out.sent[2]).toMatchObject({ kind: "label", key: "zz" });

    const limited = memory();
    const again = mergeByTime(numbered([tx("a", 1), tx("b", 2), tx("c", 3)]), undefined);
    await replay(again, limited, { limit: 2, clock: new ManualClock(0), sleep: async () => {} });
    expect(limited.sent).toHaveLength(2);
  });

  it("paces to --rate with the injected clock", async () => {
    const clock = new ManualClock(0);
    const sleeps: number[] = [];
    const sleep = async (ms: number) => {
      sleeps.push(ms);
      clock.advance(ms);
    };
    const items = mergeByTime(numbered(Array.from({ length: 100 }, (_, i) => tx(`t${i}`, i))), undefined);
    await replay(items, memory(), { rate: 50, clock, sleep });
    // 100 records at 50/s: the last is due at 2 s; the pacer sleeps whenever it is >10 ms ahead.
    expect(clock.now()).toBeGreaterThanOrEqual(1980);
    expect(clock.now()).toBeLessThanOrEqual(2000);
    expect(sleeps.length).toBeGreaterThan(50);
  });
});

describe("replay input errors", () => {
  const header =
    "transaction_id,event_time,card_token,terminal_id,amount_minor,currency,merchant_category,channel,country,customer_id";
  const good = (id: string, t: string) => `${id},${t},tok_a1,term_1,1000,EUR,,,,`;
  const path = join(dir, "bad.csv");
  writeFileSync(
    path,
    [
      header,
      good("t1", "2026-01-01T00:00:00.000Z"),
      "t2,2026-01-01T00:00:01.000Z,tok_a1,term_1,12.5x,EUR,,,,",
      "t3,yesterday,tok_a1,term_1,1000,EUR,,,,",
      good("t4", "2026-01-01T00:00:03.000Z"),
      "",
    ].join("\n"),
  );

  it("stops at the first bad line, naming line and field", async () => {
    const err = await collect(transactionsFrom(path, { onError: "stop", onSkip: () => {} })).catch((e) => e);
    expect(isFraudError(err, "FILE_PARSE")).toBe(true);
    expect((err as FraudError).details).toMatchObject({ line: 3, field: "amount_minor" });
  });

  it("skips and reports every bad line with --on-error skip", async () => {
    const skipped: FraudError[] = [];
    const rows = await collect(transactionsFrom(path, { onError: "skip", onSkip: (e) => skipped.push(e) }));
    expect(rows.map((r) => r.record.transaction_id)).toEqual(["t1", "t4"]);
    expect(skipped.map((e) => [e.details.line, e.details.field])).toEqual([
      [3, "amount_minor"],
      [4, "event_time"],
    ]);
    expect(await countRecords(path)).toBe(4);
  });

  it("reports a missing column", async () => {
    const p = join(dir, "nocol.csv");
    writeFileSync(p, "transaction_id,event_time,card_token\nt1,2026-01-01T00:00:00.000Z,tok_a\n");
    const err = await collect(transactionsFrom(p, { onError: "skip", onSkip: () => {} })).catch((e) => e);
    expect(isFraudError(err, "FILE_PARSE")).toBe(true);
    expect((err as FraudError).details).toMatchObject({ line: 1, field: "terminal_id" });
  });

  it("reads labels files too", async () => {
    const p = join(dir, "labels.jsonl");
    writeFileSync(
      p,
      `${JSON.stringify({ ...label("t1", 0), label_time: "2026-01-02T00:00:00.000Z" })}\n{"label_id":1}\n`,
    );
    const skipped: FraudError[] = [];
    const rows = await collect(labelsFrom(p, { onError: "skip", onSkip: (e) => skipped.push(e) }));
    expect(rows).toHaveLength(1);
    expect(skipped[0]!.details.line).toBe(2);
  });
});
