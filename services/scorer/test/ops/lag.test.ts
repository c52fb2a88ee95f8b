import { expect, it } from "vitest";
import { computeLag, createLagReader, type LagAdmin } from "../../src/ops/lag.js";

it("lag is end offset minus committed offset; with nothing committed, everything from the start", () => {
  const rows = computeLag(
    ["tx", "lb"],
    [
      {
        topic: "tx",
        partitions: [
          { partition: 0, offset: "100" },
          { partition: 1, offset: "-1" },
        ],
      },
      { topic: "lb", partitions: [{ partition: 0, offset: "7" }] },
    ],
    [
      [
        { partition: 0, high: "100", low: "0" },
        { partition: 1, high: "50", low: "20" },
        { partition: 2, high: "5", low: "0" },
      ],
      [{ partition: 0, high: "10", low: "0" }],
    ],
  );
  expect(rows).toEqual([
    { topic: "tx", partition: 0, lag: 0 },
    { topic: "tx", partition: 1, lag: 30 },
    { topic: "tx", partition: 2, lag: 5 },
    { topic: "lb", partition: 0, lag: 3 },
  ]);
});

it("a committed offset past the end (records deleted by retention) is lag 0, not negative", () => {
  expect(
    computeLag(
      ["t"],
      [{ topic: "t", partitions: [{ partition: 0, offset: "9" }] }],
      [[{ partition: 0, high: "5", low: "5" }]],
    ),
  ).toEqual([{ topic: "t", partition: 0, lag: 0 }]);
});

it("reads both offsets from the broker on every call (nothing cached), connecting once", async () => {
  let connects = 0;
  let high = 10;
  const admin = {
    connect: async () => {
      connects++;
    },
    disconnect: async () => undefined,
    fetchOffsets: async () => [{ topic: "t", partitions: [{ partition: 0, offset: "4", metadata: null }] }],
    fetchTopicOffsets: async () => [{ partition: 0, high: String(high), low: "0", offset: String(high) }],
  } as unknown as LagAdmin;
  const reader = createLagReader(admin, "g", ["t"]);
  expect(await reader.read()).toEqual([{ topic: "t", partition: 0, lag: 6 }]);
  high = 4;
  expect(await reader.read()).toEqual([{ topic: "t", partition: 0, lag: 0 }]);
  expect(connects).toBe(1);
});
