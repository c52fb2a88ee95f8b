import { describe, expect, it } from "vitest";
import { admittedPart, timedRecords } from "../../src/consume/admitted.js";
import { type InputBatch, offsetAfter } from "../../src/consume/batch.js";

const record = (offset: number) => ({ offset: String(offset), key: null, value: null, timestamp: "0" });

// An upstream written in Kafka transactions leaves a commit marker after its records; the
// fetch's last offset (`end`) counts it, and committing past it is what lets the partition
// reach its log end and go idle.
describe("a batch's end", () => {
  const whole: InputBatch = {
    topic: "t",
    partition: 0,
    records: [record(10), record(11)],
    highWatermark: "13",
    end: "12",
  };
  const decoded = { good: [], bad: [] };

  it("a batch handled whole is committed past its end, markers included", () => {
    expect(offsetAfter(whole)).toBe(13n);
    const [, , , high, last] = timedRecords(whole, [], () => 0);
    expect(last + 1n >= high).toBe(true);
  });

  it("without an end, the last record's offset", () => {
    expect(offsetAfter({ ...whole, end: undefined })).toBe(12n);
  });

  it("a prefix ends at its last record: what follows is not handled yet", () => {
    const part = admittedPart(whole, decoded, 1).batch;
    expect(offsetAfter(part)).toBe(11n);
    expect(offsetAfter(admittedPart(whole, decoded, 2).batch)).toBe(13n);
  });
});
