import { type Codecs, createCodecs, type Transaction } from "@fraud/contracts";
import { type FraudError, isFraudError } from "@fraud/platform";
import { beforeAll, describe, expect, it } from "vitest";
import { alert, decision, label, transaction } from "../fixtures.js";

let codecs: Codecs;
beforeAll(async () => {
  codecs = await createCodecs();
});

function caught(fn: () => unknown): FraudError {
  try {
    fn();
  } catch (err) {
    if (isFraudError(err)) return err;
    throw new Error(`expected a FraudError, got ${String(err)}`);
  }
  throw new Error("expected a throw");
}

describe("round trip", () => {
  it("every record type decodes to what was encoded, with the catalogue id in the header", () => {
    const cases = [
      [codecs.transaction, transaction(), 2],
      [codecs.label, label(), 3],
      [codecs.decision, decision(), 9],
      [codecs.alert, alert(), 8],
    ] as const;
    for (const [codec, value, id] of cases) {
      const bytes = codec.encode(value as never);
      expect(bytes[0]).toBe(0);
      expect(bytes.readInt32BE(1)).toBe(id);
      expect({ ...(codec.decode(bytes) as object) }).toEqual(value);
    }
  });

  it("keeps timestamps and longs as numbers", () => {
    const tx = codecs.transaction.decode(codecs.transaction.encode(transaction({ amount_minor: 2 ** 40 })));
    expect(typeof tx.event_time).toBe("number");
    expect(tx.amount_minor).toBe(2 ** 40);
  });

  it("each encode returns its own buffer", () => {
    const a = codecs.transaction.encode(transaction({ transaction_id: "a" }));
    const b = codecs.transaction.encode(transaction({ transaction_id: "b" }));
    expect(codecs.transaction.decode(a).transaction_id).toBe("a");
    expect(codecs.transaction.decode(b).transaction_id).toBe("b");
  });

  it("encodes records larger than the scratch buffer", () => {
    const features = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`feature_${i}`, i / 3]));
    const bytes = codecs.decision.encode(decision({ features }));
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    expect(codecs.decision.decode(bytes).features).toEqual(features);
  });
});

describe("encode errors", () => {
  it("names the bad field", () => {
    const err = caught(() => codecs.transaction.encode(transaction({ amount_minor: 1.5 })));
    expect(err.code).toBe("FRAUD_ERR_ENCODE_INVALID");
    expect(err.details.field).toBe("amount_minor");
  });

  it("names a missing required field and a nested one, and never echoes the value", () => {
    const { currency: _c, ...noCurrency } = transaction();
    expect(caught(() => codecs.transaction.encode(noCurrency as Transaction)).details.field).toBe("currency");
    const bad = alert();
    (bad.reasons[1] as { value: unknown }).value = "4111111111111111";
    const err = caught(() => codecs.alert.encode(bad));
    expect(err.details.field).toBe("reasons.1.value");
    expect(err.message).not.toContain("4111");
  });
});

describe("evolution", () => {
  it("v1 writer → v2 reader gives null defaults", () => {
    const v1 = codecs.transaction.encodeWith(1, transaction());
    expect(v1.readInt32BE(1)).toBe(1);
    const tx = codecs.transaction.decode(v1);
    expect(tx.amount_minor).toBe(12_345);
    expect([tx.merchant_category, tx.channel, tx.country, tx.customer_id]).toEqual([null, null, null, null]);
  });

  it("decision v1 writer → v3 reader: no shadow; v3 with a shadow → v1-only reader drops it", async () => {
    const v1 = codecs.decision.encodeWith(1, decision());
    expect(v1.readInt32BE(1)).toBe(4);
    expect(codecs.decision.decode(v1).shadow).toBeNull();
    const shadow = { model_version: "m2", score: 0.25, decision: "approve" };
    expect(codecs.decision.decode(codecs.decision.encode(decision({ shadow }))).shadow).toEqual(shadow);
    const old = await createCodecs({ readerVersions: { decision: 1 } });
    const d = old.decision.decode(codecs.decision.encode(decision({ shadow })));
    expect(d.score).toBe(0.8125);
    expect(Object.keys(d)).not.toContain("shadow");
  });

  it("v2 writer → v1-only reader drops the extra fields", async () => {
    const old = await createCodecs({ readerVersions: { transaction: 1 } });
    const tx = old.transaction.decode(codecs.transaction.encode(transaction()));
    expect(tx.transaction_id).toBe("tx-0001");
    expect(Object.keys(tx)).not.toContain("merchant_category");
    expect(old.transaction.encode(transaction()).readInt32BE(1)).toBe(1);
  });

  it("alert v1 writer → v2 reader: reasons without a code, method occlusion, no base", () => {
    const v1 = codecs.alert.encodeWith(1, alert());
    expect(v1.readInt32BE(1)).toBe(5);
    const a = codecs.alert.decode(v1);
    expect(a.reasons.map((r) => [r.feature, r.code])).toEqual([
      ["card_tx_count_1h", ""],
      ["terminal_fraud_rate_7d", ""],
    ]);
    expect([a.reasons_method, a.reasons_base]).toEqual(["occlusion", null]);
  });

  it("alert v2 writer → v1-only reader (an old tail or case system) drops codes and method", async () => {
    const old = await createCodecs({ readerVersions: { alert: 1 } });
    const a = old.alert.decode(codecs.alert.encode(alert()));
    expect(a.reasons[0]).toEqual({
      feature: "card_tx_count_1h",
      value: 3,
      contribution: 0.31,
      detail: "3 payments on this card in the last hour",
    });
    expect(Object.keys(a)).not.toContain("reasons_method");
  });

  it("a record of another subject is an unknown schema, not garbage", () => {
    const err = caught(() => codecs.transaction.decode(codecs.label.encode(label())));
    expect(err.code).toBe("FRAUD_ERR_DECODE_UNKNOWN_SCHEMA");
    expect(err.details.schemaId).toBe(3);
  });
});

describe("bad bytes", () => {
  const good = () => codecs.transaction.encode(transaction());
  const cases: Array<[string, () => Buffer | null | undefined, string]> = [
    ["null", () => null, "DECODE_EMPTY"],
    ["undefined", () => undefined, "DECODE_EMPTY"],
    ["empty", () => Buffer.alloc(0), "DECODE_EMPTY"],
    ["wrong magic", () => Buffer.from([1, 0, 0, 0, 2, 0]), "DECODE_BAD_MAGIC"],
    ["JSON text", () => Buffer.from('{"transaction_id":"x"}'), "DECODE_BAD_MAGIC"],
    ["short header", () => Buffer.from([0, 0, 0]), "DECODE_TRUNCATED"],
    ["unknown id", () => Buffer.from([0, 0, 0, 0x30, 0x39, 2, 0x41]), "DECODE_UNKNOWN_SCHEMA"],
    ["header only", () => good().subarray(0, 5), "DECODE_TRUNCATED"],
    ["body cut short", () => good().subarray(0, good().length - 3), "DECODE_TRUNCATED"],
    ["trailing bytes", () => Buffer.concat([good(), Buffer.from([7, 7])]), "DECODE_TRAILING"],
    // transaction_id length -1 (zigzag 0x01)
    ["negative string length", () => Buffer.from([0, 0, 0, 0, 2, 0x01, 0x41]), "DECODE_CORRUPT"],
    ["invalid UTF-8", () => Buffer.from([0, 0, 0, 0, 2, 0x04, 0xff, 0xfe]), "DECODE_CORRUPT"],
    ["varint over 10 bytes", () => Buffer.from([0, 0, 0, 0, 2, ...Array(11).fill(0xff), 0]), "DECODE_CORRUPT"],
  ];
  for (const [name, bytes, code] of cases) {
    it(`${name} → ${code}`, () => {
      const input = bytes();
      const err = caught(() => codecs.transaction.decode(input));
      expect(err.code).toBe(`FRAUD_ERR_${code}`);
      expect(err.disposition).toBe("poison");
      expect(err.details.length).toBe(input == null ? null : input.length);
      if (code !== "DECODE_EMPTY" && code !== "DECODE_BAD_MAGIC" && name !== "short header") {
        expect(err.details.schemaId).toBe(input!.readInt32BE(1));
      }
    });
  }

  it("an invalid union index is corrupt", () => {
    const bytes = good();
    // The union index of merchant_category follows currency "EUR" (0x06 E U R); 0x04 = index 2 of 2 branches.
    const at = bytes.indexOf(Buffer.from([0x06, 0x45, 0x55, 0x52])) + 4;
    bytes[at] = 0x04;
    expect(caught(() => codecs.transaction.decode(bytes)).code).toBe("FRAUD_ERR_DECODE_CORRUPT");
  });

  it("a huge array count fails fast instead of looping or allocating", () => {
    // Written as v1, with scored_at 0 the record ends 0x00 (reasons: no items), 0x00 (features: none), 0x00 (scored_at).
    const bytes = codecs.alert.encodeWith(1, alert({ reasons: [], features: {}, scored_at: 0 }));
    expect([...bytes.subarray(-3)]).toEqual([0, 0, 0]);
    const huge = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x40]); // zigzag varint of 2^40 items
    const garbage = Buffer.concat([bytes.subarray(0, -3), huge, Buffer.alloc(16)]);
    const started = performance.now();
    const err = caught(() => codecs.alert.decode(garbage));
    expect(performance.now() - started).toBeLessThan(100);
    expect(err.code).toBe("FRAUD_ERR_DECODE_CORRUPT");
    // A plausible count whose items are missing is a truncation.
    const cut = Buffer.concat([bytes.subarray(0, -3), Buffer.from([0x0a]), Buffer.alloc(4)]);
    expect(caught(() => codecs.alert.decode(cut)).code).toBe("FRAUD_ERR_DECODE_TRUNCATED");
  });

  it("random garbage after a valid header always gives a typed error", () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
      return seed;
    };
    for (let n = 0; n < 2_000; n++) {
      const body = Buffer.from(Array.from({ length: rand() % 60 }, () => rand() & 0xff));
      const bytes = Buffer.concat([Buffer.from([0, 0, 0, 0, 5]), body]);
      try {
        codecs.alert.decode(bytes);
      } catch (err) {
        expect(isFraudError(err)).toBe(true);
      }
    }
  });
});
