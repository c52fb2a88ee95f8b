import { describe, expect, it } from "vitest";
import {
  createTopicsAndWait,
  isFraudError,
  isTransientTopicError,
  ManualClock,
  retryTransientTopicErrors,
  type TopicAdminPort,
} from "../src/index.js";

// The broker's own answers, shaped as kafkajs throws them.
const notHosted = () =>
  Object.assign(new Error("This server does not host this topic-partition"), {
    name: "KafkaJSProtocolError",
    type: "UNKNOWN_TOPIC_OR_PARTITION",
  });
const denied = () =>
  Object.assign(new Error("Not authorized to access topics"), {
    name: "KafkaJSProtocolError",
    type: "TOPIC_AUTHORIZATION_FAILED",
  });

function timing() {
  const clock = new ManualClock(0);
  const slept: number[] = [];
  const sleep = async (ms: number) => {
    slept.push(ms);
    clock.advance(ms);
  };
  return { clock, slept, sleep };
}

describe("isTransientTopicError", () => {
  it("knows the broker's 'not yet' answers, wrapped or aggregated, and nothing else", () => {
    expect(isTransientTopicError(notHosted())).toBe(true);
    expect(isTransientTopicError({ name: "KafkaJSNumberOfRetriesExceeded", originalError: notHosted() })).toBe(true);
    expect(isTransientTopicError({ errors: [notHosted(), { type: "TOPIC_ALREADY_EXISTS" }] })).toBe(true);
    expect(isTransientTopicError(denied())).toBe(false);
    expect(isTransientTopicError({ errors: [notHosted(), denied()] })).toBe(false);
    expect(isTransientTopicError(new Error("boom"))).toBe(false);
  });
});

describe("retryTransientTopicErrors", () => {
  it("retries 'does not host this topic-partition' with growing, bounded delays", async () => {
    const t = timing();
    let calls = 0;
    const value = await retryTransientTopicErrors(
      "x",
      async () => {
        if (++calls < 7) throw notHosted();
        return "ok";
      },
      t,
    );
    expect(value).toBe("ok");
    expect(t.slept).toEqual([100, 200, 400, 800, 1600, 2000]);
  });

  it("throws a non-transient error at once", async () => {
    const t = timing();
    await expect(retryTransientTopicErrors("x", () => Promise.reject(denied()), t)).rejects.toThrow(/Not authorized/);
    expect(t.slept).toEqual([]);
  });

  it("gives up at the deadline with FRAUD_ERR_KAFKA_UNAVAILABLE naming the last answer", async () => {
    const t = timing();
    const err = await retryTransientTopicErrors("create topics a", () => Promise.reject(notHosted()), {
      ...t,
      timeoutMs: 5000,
    }).catch((e) => e);
    expect(isFraudError(err, "KAFKA_UNAVAILABLE")).toBe(true);
    expect(err.message).toMatch(/create topics a: .*does not host/);
    expect(t.clock.now()).toBeLessThanOrEqual(5000);
  });
});

describe("createTopicsAndWait", () => {
  it("creates without kafkajs' own wait, then waits until every partition has a leader that serves it", async () => {
    const t = timing();
    const requests: unknown[] = [];
    let metadataCalls = 0;
    let offsetCalls = 0;
    const admin: TopicAdminPort = {
      createTopics: async (req) => {
        requests.push(req);
        if (requests.length === 1) throw notHosted();
        return true;
      },
      fetchTopicMetadata: async () => {
        metadataCalls++;
        if (metadataCalls === 1) throw notHosted();
        // Second answer: one partition still without a leader; third: ready.
        const leader = metadataCalls === 2 ? -1 : 1;
        return {
          topics: [
            {
              name: "a",
              partitions: [
                { partitionId: 0, leader: 1 },
                { partitionId: 1, leader },
              ],
            },
          ],
        } as never;
      },
      // The leader named in metadata does not serve the partition yet on the first ask.
      fetchTopicOffsets: async () => {
        offsetCalls++;
        if (offsetCalls === 1) throw notHosted();
        return [
          { partition: 0, offset: "0", high: "0", low: "0" },
          { partition: 1, offset: "0", high: "0", low: "0" },
        ];
      },
    };
    await createTopicsAndWait(admin, [{ topic: "a", numPartitions: 2 }], t);
    expect(requests).toEqual([
      { topics: [{ topic: "a", numPartitions: 2 }], waitForLeaders: false },
      { topics: [{ topic: "a", numPartitions: 2 }], waitForLeaders: false },
    ]);
    expect(metadataCalls).toBe(4);
    expect(offsetCalls).toBe(2);
  });
});
