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
