import { describe, expect, it } from "vitest";
import { createAlignment } from "../../src/consume/alignment.js";
import { createMemoryBoard } from "../../src/consume/watermark-board.js";

const D = 100;
const L = 10;
const rec = (...times: number[]) => times.map((time) => ({ time }));

function setup(partitions = { transactions: 2, labels: 1 }) {
  const board = createMemoryBoard();
  let clock = 0;
  const align = createAlignment(
    board,
    { transactionsTopic: "tx", labelsTopic: "lb", partitions, delayMs: D, latenessMs: L, waitMs: 0, pollMs: 1 },
    () => clock,
    async (ms) => {
      clock += ms;
    },
  );
  return { board, align };
}

const plan = (a: ReturnType<typeof setup>["align"], topic: string, p: number, times: number[], high?: bigint) =>
  a.plan(topic, p, rec(...times), high ?? BigInt(times.length), BigInt(times.length - 1), () => true);

describe("event-time alignment", () => {
  it("holds everything until every partition has been heard from", async () => {
    const { align, board } = setup();
    const p = await plan(align, "tx", 0, [1000]);
    expect(p.take).toBe(0);
    await align.finish(p, false);
    // Seen busy by the others, at the lowest point of what it holds.
    expect(board.marks.get("tx:0")).toEqual({ low: 990, idle: false });
    expect(align.busy("tx", 0)).toBe(false);
  });

  it("admits a prefix: transactions up to the slowest partition's low watermark plus the terminal delay", async () => {
    const { align, board } = setup();
    await board.publish("tx", 1, { low: 1000, idle: false });
    await board.publish("lb", 0, { low: 5000, idle: false });
    const p = await plan(align, "tx", 0, [1050, 1100, 1101, 1090]);
    // 1101 − D > 1000: it and everything after it in offset order wait.
    expect(p.take).toBe(2);
    expect(p.caughtUp).toBe(false);
  });

  it("needs every label partition strictly past the transaction's time", async () => {
    const { align, board } = setup();
    await board.publish("tx", 1, { low: 9000, idle: false });
    await board.publish("lb", 0, { low: 1100, idle: false });
    expect((await plan(align, "tx", 0, [1099, 1100])).take).toBe(1);
  });

  it("lets idle partitions hold nobody back, and labels never wait", async () => {
    const { align, board } = setup();
    await board.publish("tx", 1, { low: 0, idle: true });
    await board.publish("lb", 0, { low: 0, idle: true });
    const p = await plan(align, "tx", 0, [10_000, 20_000]);
    expect(p.take).toBe(2);
    expect(p.caughtUp).toBe(true);
    const l = await plan(align, "lb", 0, [1, 2]);
    expect(l.take).toBe(2);
  });

  it("publishes a busy mark before waiting and the new low watermark after the commit", async () => {
    const { align, board } = setup();
    await board.publish("tx", 1, { low: 1000, idle: false });
    await board.publish("lb", 0, { low: 5000, idle: false });
    const p = await plan(align, "tx", 0, [1050, 1100, 1200], 10n);
    expect(board.marks.get("tx:0")).toEqual({ low: 1050, idle: false });
    await align.finish(p, true);
    // 1200 still pending; anything after the batch is ≥ 1200 − L.
    expect(board.marks.get("tx:0")).toEqual({ low: 1190, idle: false });
    expect(p.maxAfter).toBe(1100);
  });

  it("marks a partition idle when its last batch reached the log end, and on the idle watch's word", async () => {
    const { align, board } = setup();
    await board.publish("tx", 1, { low: 0, idle: true });
    await board.publish("lb", 0, { low: 0, idle: true });
    const p = await plan(align, "tx", 0, [500, 600]);
    await align.finish(p, true);
    expect(board.marks.get("tx:0")).toEqual({ low: 590, idle: true });
    align.resume("tx", 1, 700);
    await align.idle("tx", 1);
    expect(board.marks.get("tx:1")).toEqual({ low: 690, idle: true });
  });

  it("does not advance a partition whose batch failed", async () => {
    const { align, board } = setup();
    await board.publish("tx", 1, { low: 0, idle: true });
    await board.publish("lb", 0, { low: 0, idle: true });
    const p = await plan(align, "tx", 0, [500]);
    await expect(align.within(p, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(align.busy("tx", 0)).toBe(false);
    expect(board.marks.get("tx:0")).toEqual({ low: 490, idle: false });
  });
});
