import { FraudError } from "@fraud/platform";
import { describe, expect, it } from "vitest";
import { deadLetter } from "../../src/publish/dead-letter.js";
import { kafkaError } from "../../src/publish/sink.js";

describe("deadLetter", () => {
  it("keeps the record byte for byte and names its origin and error, masking PANs", () => {
    const value = Buffer.from([0, 1, 2, 3]);
    const err = new FraudError("VALIDATE_INVALID_RECORD", "card_token 4111 1111 1111 1111 looks like a PAN");
    const out = deadLetter(
      "dlq",
      { topic: "transactions", partition: 7, offset: "42", timestamp: "1700000000000", key: Buffer.from("k"), value },
      err,
    );
    expect(out.topic).toBe("dlq");
    expect(out.value).toBe(value);
    expect(out.headers).toMatchObject({
      "x-origin-topic": "transactions",
      "x-origin-partition": "7",
      "x-origin-offset": "42",
      "x-error-code": "FRAUD_ERR_VALIDATE_INVALID_RECORD",
    });
    expect(out.headers?.["x-error-message"]).not.toMatch(/4111/);
  });
});

describe("kafkaError", () => {
  it("tells a fenced producer (fatal for the batch) from a broker outage (transient)", () => {
    expect(kafkaError("x", { type: "INVALID_PRODUCER_EPOCH", message: "fenced" }).code).toBe("FRAUD_ERR_KAFKA_FENCED");
    const outage = kafkaError("x", new Error("Connection error: ECONNREFUSED"));
    expect(outage.code).toBe("FRAUD_ERR_KAFKA_UNAVAILABLE");
    expect(outage.retriable).toBe(true);
  });
});

describe("deadLetter of a record that carries a PAN", () => {
  it("withholds key and value but keeps the origin", () => {
    const err = new FraudError("VALIDATE_INVALID_RECORD", "card_token looks like a PAN", {
      details: { containsPan: true },
    });
    const out = deadLetter(
      "dlq",
      {
        topic: "t",
        partition: 1,
        offset: "9",
        timestamp: "0",
        key: Buffer.from("4111111111111111"),
        value: Buffer.from("x"),
      },
      err,
    );
    expect([out.key, out.value]).toEqual([null, null]);
    expect(out.headers).toMatchObject({ "x-origin-offset": "9", "x-redacted": "record withheld: it contains a PAN" });
  });
});

describe("kafkaError by original cause", () => {
  it("is transient when kafkajs gave up retrying a retriable cause, fatal when the cause is not retriable", () => {
    const gaveUp = {
      name: "KafkaJSNumberOfRetriesExceeded",
      retriable: false,
      message: "retries",
      cause: { retriable: true, message: "ECONNREFUSED" },
    };
    expect(kafkaError("x", gaveUp).code).toBe("FRAUD_ERR_KAFKA_UNAVAILABLE");
    const tooLarge = { retriable: false, type: "MESSAGE_TOO_LARGE", message: "too large" };
    const refused = kafkaError("x", { name: "KafkaJSNonRetriableError", retriable: false, cause: tooLarge });
    expect([refused.code, refused.disposition]).toEqual(["FRAUD_ERR_KAFKA_REJECTED", "fatal"]);
    expect(kafkaError("x", { cause: { type: "PRODUCER_FENCED", retriable: false } }).code).toBe(
      "FRAUD_ERR_KAFKA_FENCED",
    );
  });
});
