import { describe, expect, it } from "vitest";
import { consumeAll, createTestTopic, kafkaForTest, randomId } from "../support/helpers.js";

/**
 * The scorer's exactly-once step: read input as a consumer group, then in one Kafka
 * transaction write the outputs and that group's offsets. Committed, both become
 * visible; aborted, neither does.
 */
async function readInputAsGroup(groupId: string, input: string, count: number) {
  const read = await consumeAll(input, { groupId, expected: count });
  // The offset to commit is the next one to read, per partition.
  const next = new Map<number, bigint>();
  for (const r of read) next.set(r.partition, BigInt(r.offset) + 1n);
  return [...next].map(([partition, offset]) => ({ partition, offset: offset.toString() }));
}

async function committedOffsets(groupId: string, topic: string) {
  const admin = kafkaForTest().admin();
  await admin.connect();
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return Object.fromEntries(offsets!.partitions.map((p) => [p.partition, p.offset]));
}

async function setUp() {
  const input = await createTestTopic(1);
  const output = await createTestTopic(2);
  const groupId = randomId("test-scorer");
  const kafka = kafkaForTest();
  const plain = kafka.producer();
  await plain.connect();
  await plain.send({ topic: input, messages: ["a", "b", "c"].map((v) => ({ key: v, value: v })) });
  const producer = kafka.producer({ transactionalId: randomId("test-tx"), idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  return { input, output, groupId, producer, offsets: await readInputAsGroup(groupId, input, 3) };
}

describe("Kafka transactions with sendOffsets", () => {
  it("commit: records and the group's offsets become visible together", async () => {
    const { input, output, groupId, producer, offsets } = await setUp();
    expect(offsets).toEqual([{ partition: 0, offset: "3" }]);
    expect(await committedOffsets(groupId, input)).toEqual({ 0: "-1" });

    const tx = await producer.transaction();
    await tx.send({ topic: output, messages: ["A", "B", "C"].map((v) => ({ key: v, value: v })) });
    await tx.sendOffsets({ consumerGroupId: groupId, topics: [{ topic: input, partitions: offsets }] });
    await tx.commit();

    const seen = await consumeAll(output, { isolation: "read_committed", expected: 3 });
    expect(seen.map((r) => r.value?.toString()).sort()).toEqual(["A", "B", "C"]);
    expect(await committedOffsets(groupId, input)).toEqual({ 0: "3" });
  });

  it("abort: a read_committed reader sees nothing and the offsets do not move", async () => {
    const { input, output, groupId, producer, offsets } = await setUp();

    const aborted = await producer.transaction();
    await aborted.send({ topic: output, messages: ["X1", "X2", "X3"].map((v) => ({ key: v, value: v })) });
    await aborted.sendOffsets({ consumerGroupId: groupId, topics: [{ topic: input, partitions: offsets }] });
    await aborted.abort();
    // A later committed transaction ends the wait: the reader is demonstrably reading,
    // so the absence of the aborted records is not just a slow consumer.
    const marker = await producer.transaction();
    await marker.send({ topic: output, messages: [{ key: "M", value: "M" }] });
    await marker.commit();

    const committed = await consumeAll(output, { isolation: "read_committed", expected: 1 });
    expect(committed.map((r) => r.value?.toString())).toEqual(["M"]);
    const uncommitted = await consumeAll(output, { isolation: "read_uncommitted", expected: 4 });
    expect(uncommitted.map((r) => r.value?.toString()).sort()).toEqual(["M", "X1", "X2", "X3"]);
    expect(await committedOffsets(groupId, input)).toEqual({ 0: "-1" });
  });
});
