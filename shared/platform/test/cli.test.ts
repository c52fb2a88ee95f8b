import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { describeFailure, FraudError, streamWriter } from "../src/index.js";

describe("describeFailure", () => {
  it("names the code, masks card numbers, and names KAFKA_BROKERS for a lost broker", () => {
    expect(describeFailure(new FraudError("FILE_IO", "cannot read 4111111111111111.csv"))).toBe(
      "FRAUD_ERR_FILE_IO: cannot read [pan-redacted].csv",
    );
    const lost = Object.assign(new Error("Connection error: connect ECONNREFUSED 127.0.0.1:9"), {
      name: "KafkaJSConnectionError",
    });
    expect(describeFailure(lost, { KAFKA_BROKERS: "127.0.0.1:9" })).toBe(
      "FRAUD_ERR_KAFKA_UNAVAILABLE: lost the Kafka broker (KAFKA_BROKERS=127.0.0.1:9): Connection error: connect ECONNREFUSED 127.0.0.1:9",
    );
  });
});

describe("streamWriter", () => {
  it("waits for a full stream to drain, and stops writing once the reader is gone", async () => {
    const stream = new PassThrough({ highWaterMark: 16 });
    let closed = 0;
    const write = streamWriter(() => closed++, stream);
    let done = false;
    const pending = write("x".repeat(64)).then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false); // backpressure: nobody read yet
    stream.read();
    await pending;
    expect(done).toBe(true);
    stream.destroy();
    await write("after close");
    expect(closed).toBe(1);
  });
});
