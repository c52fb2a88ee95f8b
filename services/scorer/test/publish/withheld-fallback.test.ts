import { createLogger, FraudError } from "@fraud/platform";
import { describe, expect, it } from "vitest";
import { deadLetter } from "../../src/publish/dead-letter.js";
import { kafkaError, type OutboundRecord, type TransactionalSink } from "../../src/publish/sink.js";
import { withWithheldFallback } from "../../src/publish/withheld-fallback.js";

const logger = createLogger({ level: "fatal", service: "test" });
const origin = {
  topic: "t",
  partition: 0,
  offset: "5",
  timestamp: "0",
  key: Buffer.from("k"),
  value: Buffer.alloc(64),
};

function sinkRefusing(refuse: (records: readonly OutboundRecord[]) => unknown): {
  sink: TransactionalSink;
  sent: OutboundRecord[][];
} {
  const sent: OutboundRecord[][] = [];
  const sink: TransactionalSink = {
    async commit(_p, records) {
      const err = refuse(records);
      if (err) throw err;
      sent.push([...records]);
    },
    fence: async () => {},
    release: async () => {},
    close: async () => {},
  };
  return { sink, sent };
}

const tooLarge = kafkaError("committing a transaction", {
  name: "KafkaJSProtocolError",
  type: "MESSAGE_TOO_LARGE",
  retriable: false,
  message: "The request included a message larger than the max message size the server will accept",
});

describe("withWithheldFallback", () => {
  const dl = deadLetter("dlq", origin, new FraudError("VALIDATE_LIMIT", "too long"));
  const decision: OutboundRecord = { topic: "decisions", key: "a", value: Buffer.from("d") };

  it("resends the batch with the dead letter withheld when the broker refuses it as too large", async () => {
    const { sink, sent } = sinkRefusing((rs) => (rs.some((r) => r.value?.length === 64) ? tooLarge : undefined));
    await withWithheldFallback(sink, logger).commit({ topic: "t", partition: 0, nextOffset: "6" }, [decision, dl]);
    expect(sent).toHaveLength(1);
    const [d, w] = sent[0] as OutboundRecord[];
    expect(d).toBe(decision);
    expect([w?.key, w?.value, w?.headers?.["x-original-value-bytes"], w?.headers?.["x-origin-offset"]]).toEqual([
      null,
      null,
      "64",
      "5",
    ]);
    expect(w?.headers?.["x-original-sha256"]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("lets other refusals through unchanged", async () => {
    const fenced = kafkaError("x", { type: "PRODUCER_FENCED", message: "fenced" });
    const { sink } = sinkRefusing(() => fenced);
    await expect(
      withWithheldFallback(sink, logger).commit({ topic: "t", partition: 0, nextOffset: "6" }, [dl]),
    ).rejects.toBe(fenced);
  });
});

describe("kafkaError on a restarting broker", () => {
  it("treats coordinator, connection and leadership errors as transient, even when kafkajs says non-retriable", () => {
    for (const cause of [
      { name: "KafkaJSGroupCoordinatorNotFound", message: "Failed to find group coordinator", retriable: false },
      { name: "KafkaJSNumberOfRetriesExceeded", retriable: false, cause: { name: "KafkaJSConnectionError" } },
      { name: "KafkaJSProtocolError", type: "NOT_COORDINATOR", retriable: false },
      { name: "KafkaJSProtocolError", type: "LEADER_NOT_AVAILABLE", retriable: false },
    ]) {
      expect(kafkaError("x", cause).code).toBe("FRAUD_ERR_KAFKA_UNAVAILABLE");
    }
    expect(tooLarge.code).toBe("FRAUD_ERR_KAFKA_REJECTED");
  });
});
