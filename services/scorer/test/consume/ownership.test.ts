import { describe, expect, it } from "vitest";
import { createOwnership } from "../../src/consume/ownership.js";

const batch = (partition: number, offsets: number[]) => ({
  topic: "t",
  partition,
  records: offsets.map((o) => ({ offset: String(o), key: null, value: null, timestamp: "0" })),
});

describe("ownership", () => {
  it("fences once per partition and assignment, then skips what the previous owner committed", async () => {
    const calls: string[] = [];
    const committed = new Map([
      [0, 12n],
      [1, -1n],
    ]);
    const own = createOwnership({
      fence: async (_t, p) => {
        calls.push(`fence ${p}`);
      },
      committedOffset: async (_t, p) => {
        calls.push(`offset ${p}`);
        return { offset: committed.get(p) ?? -1n, metadata: `m${p}` };
      },
      resumed: (_t, p, metadata) => calls.push(`resumed ${p} ${metadata}`),
    });
    expect((await own.admit(batch(0, [10, 11, 12, 13]))).records.map((r) => r.offset)).toEqual(["12", "13"]);
    expect((await own.admit(batch(0, [14]))).records.map((r) => r.offset)).toEqual(["14"]);
    expect((await own.admit(batch(1, [0, 1]))).records).toHaveLength(2);
    // Fence strictly before reading the offset, and only once per partition.
    expect(calls).toEqual(["fence 0", "offset 0", "resumed 0 m0", "fence 1", "offset 1", "resumed 1 m1"]);

    own.reset(); // a new assignment: take over again
    committed.set(0, 20n);
    expect((await own.admit(batch(0, [15, 16]))).records).toEqual([]);
    expect(calls.slice(6)).toEqual(["fence 0", "offset 0", "resumed 0 m0"]);
  });
});
