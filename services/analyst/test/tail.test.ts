import { type Alert, createCodecs } from "@fraud/contracts";
import { describe, expect, it } from "vitest";
import type { RawRecord, RecordSource } from "../src/read/source.js";
import { runTail } from "../src/tail.js";

const codecs = await createCodecs();

const alert = (i: number, card = "tok_a", score = 0.9): Alert => ({
  transaction_id: `tx_${i}`,
  card_token: card,
  terminal_id: "term_1",
  event_time: Date.UTC(2026, 0, 1) + i,
  amount_minor: 100 * i,
  currency: "EUR",
  score,
  threshold: 0.8,
  decision: "decline",
  model_version: "m1",
  feature_set_version: "fs-1",
  reasons: [],
  reasons_method: "occlusion",
  reasons_base: null,
  features: {},
  scored_at: Date.UTC(2026, 0, 1),
});

const raw = (offset: number, value: Buffer | null): RawRecord => ({
  topic: "alerts",
  partition: 0,
  offset: String(offset),
  value,
});

/** Hands the given batches over on start, then goes quiet, like a topic with nothing new. */
function fakeSource(
  batches: RawRecord[][],
  failed = new Promise<never>(() => undefined),
): RecordSource & { stopped: number } {
  const s = {
    stopped: 0,
    failed,
    async start(onBatch: (r: RawRecord[]) => Promise<void>) {
      for (const b of batches) await onBatch(b);
    },
    async stop() {
      s.stopped++;
    },
  };
  return s;
}

function collect() {
  const out: string[] = [];
  const bad: string[] = [];
  return {
    out,
    bad,
    write: (t: string) => void out.push(t),
    onBadRecord: (w: RawRecord, e: unknown) => void bad.push(`${w.partition}/${w.offset}: ${(e as Error).message}`),
  };
}

describe("runTail", () => {
  it("skips and reports undecodable records, keeps going, and filters", async () => {
    const c = collect();
    const source = fakeSource([
      [raw(0, codecs.alert.encode(alert(0))), raw(1, Buffer.from("not avro")), raw(2, null)],
      [raw(3, codecs.alert.encode(alert(3, "tok_b"))), raw(4, codecs.alert.encode(alert(4, "tok_a", 0.5)))],
    ]);
    const ac = new AbortController();
    const result = runTail({
      source,
      codecs,
      kind: "alert",
      filter: { card: "tok_a" },
      render: (r) => r.transaction_id,
      ...c,
      signal: ac.signal,
    });
    await new Promise((r) => setTimeout(r, 20));
    ac.abort();
    expect(await result).toEqual({ end: "aborted", read: 5, written: 2, bad: 2 });
    expect(c.out).toEqual(["tx_0\n", "tx_4\n"]);
    expect(c.bad.map((b) => b.split(":")[0])).toEqual(["0/1", "0/2"]);
    expect(source.stopped).toBe(1);
  });

  it("stops at the limit, even in the middle of a batch", async () => {
    const c = collect();
    const source = fakeSource([[0, 1, 2, 3].map((i) => raw(i, codecs.alert.encode(alert(i))))]);
    const result = await runTail({
      source,
      codecs,
      kind: "alert",
      filter: {},
      render: (r) => r.transaction_id,
      ...c,
      limit: 2,
    });
    expect(result.end).toBe("limit");
    expect(c.out).toEqual(["tx_0\n", "tx_1\n"]);
    expect(source.stopped).toBe(1);
  });

  it("ends after the idle time with nothing new, measured on the injected clock", async () => {
    const c = collect();
    let t = 0;
    const source = fakeSource([[raw(0, codecs.alert.encode(alert(0)))]]);
    const result = runTail({
      source,
      codecs,
      kind: "alert",
      filter: {},
      render: (r) => r.transaction_id,
      ...c,
      idleMs: 3000,
      idleCheckMs: 5,
      now: () => t,
    });
    let settled = false;
    void result.then(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 20)); // started, record handed over at t=0
    t = 2999;
    await new Promise((r) => setTimeout(r, 30));
    expect(settled).toBe(false);
    t = 3000;
    expect((await result).end).toBe("idle");
    expect(c.out).toEqual(["tx_0\n"]);
  });

  it("fails when the source fails for good, and still stops it", async () => {
    const c = collect();
    let fail!: (e: Error) => void;
    const failed = new Promise<never>((_, reject) => {
      fail = reject;
    });
    const source = fakeSource([], failed);
    const result = runTail({ source, codecs, kind: "decision", filter: {}, render: () => "", ...c });
    fail(new Error("consumer crashed"));
    await expect(result).rejects.toThrow("consumer crashed");
    expect(source.stopped).toBe(1);
  });
});
