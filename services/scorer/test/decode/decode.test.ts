import { FraudError } from "@fraud/platform";
import { describe, expect, it } from "vitest";
import { decodeBatch } from "../../src/decode/decode.js";

const raw = (offset: string, value: string | null) => ({
  offset,
  key: null,
  value: value === null ? null : Buffer.from(value),
  timestamp: "0",
});

describe("decodeBatch", () => {
  const codec = {
    decode(bytes: Buffer | null) {
      if (!bytes) throw new FraudError("DECODE_EMPTY", "empty");
      if (bytes.toString() === "bug") throw new TypeError("a bug, not bad input");
      return { id: bytes.toString() };
    },
  };
  const validate = (r: { id: string }) => {
    if (r.id.startsWith("x")) throw new FraudError("VALIDATE_INVALID_RECORD", "bad id");
    return r;
  };

  it("keeps good records and sets poison aside with its typed error, in order", () => {
    const { good, bad } = decodeBatch(
      { topic: "t", partition: 0, records: [raw("1", "a"), raw("2", null), raw("3", "xb"), raw("4", "c")] },
      codec,
      validate,
    );
    expect(good.map((g) => [g.raw.offset, g.record.id])).toEqual([
      ["1", "a"],
      ["4", "c"],
    ]);
    expect(bad.map((b) => [b.raw.offset, b.error.code])).toEqual([
      ["2", "FRAUD_ERR_DECODE_EMPTY"],
      ["3", "FRAUD_ERR_VALIDATE_INVALID_RECORD"],
    ]);
  });

  it("does not swallow bugs as poison", () => {
    expect(() => decodeBatch({ topic: "t", partition: 0, records: [raw("1", "bug")] }, codec, validate)).toThrow(
      TypeError,
    );
  });
});
