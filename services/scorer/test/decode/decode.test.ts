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

  it("dead-letters a record that trips a bug (DECODE_UNEXPECTED) rather than stopping the partition", () => {
    const { good, bad } = decodeBatch({ topic: "t", partition: 0, records: [raw("1", "bug")] }, codec, validate);
    expect(good).toEqual([]);
    expect(bad.map((b) => [b.raw.offset, b.error.code, b.error.disposition])).toEqual([
      ["1", "FRAUD_ERR_DECODE_UNEXPECTED", "poison"],
    ]);
  });

  it("refuses a key that carries a PAN or is too long, before decoding the value", () => {
    const records = [
      { ...raw("1", "a"), key: Buffer.from("tok_4111111111111111") },
      { ...raw("2", "a"), key: Buffer.alloc(129, 0x61) },
      { ...raw("3", "a"), key: Buffer.from("tok_ok") },
    ];
    const { good, bad } = decodeBatch({ topic: "t", partition: 0, records }, codec, validate);
    expect(good.map((g) => g.raw.offset)).toEqual(["3"]);
    expect(bad.map((b) => [b.error.code, b.error.details.containsPan ?? false])).toEqual([
      ["FRAUD_ERR_VALIDATE_CONTAINS_PAN", true],
      ["FRAUD_ERR_VALIDATE_LIMIT", false],
    ]);
  });
});
