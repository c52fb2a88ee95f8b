import { describe, expect, it } from "vitest";
import { createTestTopic, kafkaForTest, randomId, withTimeout } from "../support/helpers.js";

// kafkajs 2.2.4 activates at most one aborted transaction per message when it filters a
// read_committed fetch, so when a fetch starts after two aborted transactions began, the
// second one's records leak through. Our scorer aborts several open transactions at once
// when a crashed instance is fenced, so every reader we ship must filter correctly
// (@fraud/platform patches the filter; see shared/platform/src/kafkajs-patch.ts).
describe("read_committed readers", () => {
  it("never see records of aborted transactions that interleave on one partition", async () => {
    const topic = await createTestTopic(1);
    const k = kafkaForTest();
    const p1 = k.producer({ transactionalId: randomId("p1"), idempotent: true, maxInFlightRequests: 1 });
    const p2 = k.producer({ transactionalId: randomId("p2"), idempotent: true, maxInFlightRequests: 1 });
    const p3 = k.producer({ transactionalId: randomId("p3"), idempotent: true, maxInFlightRequests: 1 });
    await Promise.all([p1.connect(), p2.connect(), p3.connect()]);
    const send = (t: Awaited<ReturnType<typeof p1.transaction>>, value: string) =>
      t.send({ topic, messages: [{ partition: 0, value }] });

    const t1 = await p1.transaction();
    await send(t1, "aborted-1a");
    const t2 = await p2.transaction();
    await send(t2, "aborted-2a");
    const t3 = await p3.transaction();
    await send(t3, "committed");
    await t3.commit();
    await send(t1, "aborted-1b");
    await send(t2, "aborted-2b");
    await t1.abort();
    await t2.abort();

    // One record batch per fetch, so fetches start after the aborted transactions began.
    const consumer = k.consumer({ groupId: randomId("rc"), maxBytesPerPartition: 1, maxWaitTimeInMs: 100 });
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(String(message.value));
      },
    });
    await withTimeout(
      (async () => {
        while (!seen.includes("committed")) await new Promise((r) => setTimeout(r, 50));
        await new Promise((r) => setTimeout(r, 2000)); // let every later fetch arrive
      })(),
      30_000,
      "read the committed record",
    );
    await consumer.stop();
    expect(seen).toEqual(["committed"]);
  });
});
