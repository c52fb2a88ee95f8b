import { describe, expect, it } from "vitest";
import { filterAbortedMessages } from "../src/kafkajs-patch.js";

const msg = (offset: number, producerId: string, value: string, inTransaction = true) => ({
  offset: String(offset),
  key: value === "ABORT" ? Buffer.from([0, 0, 0, 0]) : value === "COMMIT" ? Buffer.from([0, 0, 0, 1]) : null,
  batchContext: { producerId, inTransaction },
  value,
});

describe("read_committed filter", () => {
  it("drops every aborted transaction the fetch has reached, even two that began before it", () => {
    // A fetch starting at offset 4: P1 (from 0) and P2 (from 1) were aborted, P3 committed.
    const messages = [
      msg(4, "1", "1b"),
      msg(5, "2", "2b"),
      msg(6, "3", "3a"),
      msg(7, "1", "ABORT"),
      msg(8, "2", "ABORT"),
      msg(9, "3", "COMMIT"),
    ];
    const kept = filterAbortedMessages({
      messages,
      abortedTransactions: [
        { producerId: "2", firstOffset: "1" },
        { producerId: "1", firstOffset: "0" },
      ],
    });
    expect(kept.map((m) => m.value)).toEqual(["3a", "ABORT", "ABORT", "COMMIT"]);
  });

  it("keeps a producer's later committed transaction after its aborted one ends", () => {
    const messages = [
      msg(0, "7", "old"),
      msg(1, "7", "ABORT"),
      msg(2, "7", "new"),
      msg(3, "7", "COMMIT"),
      msg(4, "8", "plain", false),
    ];
    const kept = filterAbortedMessages({ messages, abortedTransactions: [{ producerId: "7", firstOffset: "0" }] });
    expect(kept.map((m) => m.value)).toEqual(["ABORT", "new", "COMMIT", "plain"]);
  });
});
