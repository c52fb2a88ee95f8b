import type { Codecs, Label, Transaction } from "@fraud/contracts";

/**
 * An adversarial corpus: kinds of bad record and key a hostile producer or a broken one
 * sends, for transactions and labels. Each entry names its kind and the error code the
 * scorer must dead-letter it with. Card numbers planted here are test PANs (Luhn-valid);
 * PLANTED lists every way they are written, for the scans that must find none of them.
 */
export const PANS = ["4111111111111111", "5555555555554444", "378282246310005", "6011000990139424"] as const;

/** Every spelling of a planted PAN that a leak could show: the digits, and grouped forms. */
export const PLANTED: readonly string[] = PANS.flatMap((p) => [p, group(p, " "), group(p, "-")]);

function group(pan: string, sep: string): string {
  return pan.length === 15
    ? [pan.slice(0, 4), pan.slice(4, 10), pan.slice(10)].join(sep)
    : pan.match(/.{1,4}/g)!.join(sep);
}

export interface BadRecord {
  kind: string;
  key: Buffer | string | null;
  value: Buffer | null;
  code: string;
  /** The dead letter must withhold key and value. */
  withheld?: boolean;
}

const [P1, P2, P3, P4] = PANS;

// Avro binary by hand, for values avsc will not write (a long beyond 2^53, bad UTF-8).
const zigzag = (n: bigint): Buffer => {
  let z = n >= 0n ? n << 1n : (-n << 1n) - 1n;
  const out: number[] = [];
  do {
    let b = Number(z & 0x7fn);
    z >>= 7n;
    if (z > 0n) b |= 0x80;
    out.push(b);
  } while (z > 0n);
  return Buffer.from(out);
};
const str = (s: string | Buffer): Buffer => {
  const b = typeof s === "string" ? Buffer.from(s) : s;
  return Buffer.concat([zigzag(BigInt(b.length)), b]);
};
const header = (id: number) => Buffer.from([0, 0, 0, 0, id]);
const nul = Buffer.from([0]);

/** A transaction v2 (catalogue id 2) written field by field. */
function rawTx(f: { id?: string | Buffer; time?: bigint; amount?: bigint; union?: Buffer }): Buffer {
  return Buffer.concat([
    header(2),
    str(f.id ?? "raw"),
    zigzag(f.time ?? 1_772_452_800_000n),
    str("tok_raw"),
    str("term_raw"),
    zigzag(f.amount ?? 100n),
    str("EUR"),
    f.union ?? nul,
    nul,
    nul,
    nul,
  ]);
}

export function transactionCorpus(codecs: Codecs, good: (id: string) => Transaction): BadRecord[] {
  const tx = (kind: string, over: Partial<Transaction>, code: string, withheld = false): BadRecord => ({
    kind,
    key: "tok_bad",
    value: codecs.transaction.encode({ ...good(`bad-${kind.replace(/\W/g, "")}`), ...over }),
    code,
    withheld,
  });
  const valid = codecs.transaction.encode(good("bad-key"));
  const E = "FRAUD_ERR_";
  return [
    // Frame and bytes.
    { kind: "null value (tombstone)", key: "tok_bad", value: null, code: `${E}DECODE_EMPTY` },
    { kind: "empty value", key: "tok_bad", value: Buffer.alloc(0), code: `${E}DECODE_EMPTY` },
    {
      kind: "JSON instead of Avro",
      key: "tok_bad",
      value: Buffer.from('{"transaction_id":"x"}'),
      code: `${E}DECODE_BAD_MAGIC`,
    },
    { kind: "header only", key: "tok_bad", value: header(2), code: `${E}DECODE_TRUNCATED` },
    { kind: "short header", key: "tok_bad", value: Buffer.from([0, 0, 0]), code: `${E}DECODE_TRUNCATED` },
    {
      kind: "unknown schema id",
      key: "tok_bad",
      value: Buffer.concat([header(99), valid.subarray(5)]),
      code: `${E}DECODE_UNKNOWN_SCHEMA`,
    },
    {
      kind: "label schema on transactions",
      key: "tok_bad",
      value: Buffer.concat([header(3), valid.subarray(5)]),
      code: `${E}DECODE_UNKNOWN_SCHEMA`,
    },
    {
      kind: "truncated body",
      key: "tok_bad",
      value: valid.subarray(0, valid.length - 3),
      code: `${E}DECODE_TRUNCATED`,
    },
    {
      kind: "trailing bytes",
      key: "tok_bad",
      value: Buffer.concat([valid, Buffer.from([1, 2, 3])]),
      code: `${E}DECODE_TRAILING`,
    },
    {
      kind: "eleven-byte varint",
      key: "tok_bad",
      value: Buffer.concat([header(2), Buffer.alloc(11, 0xff)]),
      code: `${E}DECODE_CORRUPT`,
    },
    {
      kind: "negative string length",
      key: "tok_bad",
      value: Buffer.concat([header(2), zigzag(-5n)]),
      code: `${E}DECODE_CORRUPT`,
    },
    {
      kind: "string length past the end",
      key: "tok_bad",
      value: Buffer.concat([header(2), zigzag(1_000_000n), Buffer.from("ab")]),
      code: `${E}DECODE_TRUNCATED`,
    },
    {
      kind: "invalid UTF-8",
      key: "tok_bad",
      value: rawTx({ id: Buffer.from([0xc3, 0x28]) }),
      code: `${E}DECODE_CORRUPT`,
    },
    {
      kind: "union index out of range",
      key: "tok_bad",
      value: rawTx({ union: Buffer.from([8]) }),
      code: `${E}DECODE_CORRUPT`,
    },
    { kind: "amount beyond 2^53", key: "tok_bad", value: rawTx({ amount: 2n ** 60n }), code: `${E}DECODE_CORRUPT` },
    // Business rules.
    tx("empty transaction_id", { transaction_id: "" }, `${E}VALIDATE_INVALID_RECORD`),
    tx("blank card_token", { card_token: "   " }, `${E}VALIDATE_INVALID_RECORD`),
    tx("lower-case currency", { currency: "eur" }, `${E}VALIDATE_INVALID_RECORD`),
    tx("negative amount", { amount_minor: -1 }, `${E}VALIDATE_INVALID_RECORD`),
    tx("event before 2000", { event_time: Date.UTC(1999, 0, 1) }, `${E}VALIDATE_INVALID_RECORD`),
    tx("event after 2100", { event_time: Date.UTC(2101, 0, 1) }, `${E}VALIDATE_INVALID_RECORD`),
    // Limits.
    tx("amount above the maximum", { amount_minor: 10 ** 13 }, `${E}VALIDATE_LIMIT`),
    tx("10 kB transaction_id", { transaction_id: "t".repeat(10_000) }, `${E}VALIDATE_LIMIT`),
    tx("space in transaction_id", { transaction_id: "tx 1" }, `${E}VALIDATE_LIMIT`),
    tx("unicode terminal_id", { terminal_id: "térm" }, `${E}VALIDATE_LIMIT`),
    tx("control character in customer_id", { customer_id: "cus\n1" }, `${E}VALIDATE_LIMIT`),
    tx("long merchant_category", { merchant_category: "5".repeat(40) }, `${E}VALIDATE_LIMIT`),
    tx("upper-case channel", { channel: "ECOM" }, `${E}VALIDATE_LIMIT`),
    tx("three-letter country", { country: "DEU" }, `${E}VALIDATE_LIMIT`),
    // Card numbers, in every string field and in the key.
    tx("PAN as card_token", { card_token: P1 }, `${E}VALIDATE_CONTAINS_PAN`, true),
    tx("spaced PAN as card_token", { card_token: group(P2, " ") }, `${E}VALIDATE_CONTAINS_PAN`, true),
    tx("tok_<PAN> transaction_id", { transaction_id: `tok_${P1}` }, `${E}VALIDATE_CONTAINS_PAN`, true),
    tx("dashed PAN in terminal_id", { terminal_id: `term-${group(P3, "-")}` }, `${E}VALIDATE_CONTAINS_PAN`, true),
    tx("PAN in customer_id", { customer_id: `cus_${P4}` }, `${E}VALIDATE_CONTAINS_PAN`, true),
    tx("PAN in merchant_category", { merchant_category: P2 }, `${E}VALIDATE_CONTAINS_PAN`, true),
    tx("PAN in channel", { channel: P3 }, `${E}VALIDATE_CONTAINS_PAN`, true),
    tx("PAN in country", { country: P4 }, `${E}VALIDATE_CONTAINS_PAN`, true),
    tx("PAN in currency", { currency: P1 }, `${E}VALIDATE_CONTAINS_PAN`, true),
    tx(
      "PAN in a 10 kB transaction_id",
      { transaction_id: `${"x".repeat(5000)}${P2}` },
      `${E}VALIDATE_CONTAINS_PAN`,
      true,
    ),
    { kind: "PAN as key", key: P1, value: valid, code: `${E}VALIDATE_CONTAINS_PAN`, withheld: true },
    { kind: "tok_<PAN> key", key: `tok_${P2}`, value: valid, code: `${E}VALIDATE_CONTAINS_PAN`, withheld: true },
    {
      kind: "binary key around a PAN",
      key: Buffer.concat([Buffer.from([0xff, 0]), Buffer.from(P3), Buffer.from([0xfe])]),
      value: valid,
      code: `${E}VALIDATE_CONTAINS_PAN`,
      withheld: true,
    },
    {
      kind: "PAN key and garbage value",
      key: group(P4, "-"),
      value: Buffer.from("garbage"),
      code: `${E}VALIDATE_CONTAINS_PAN`,
      withheld: true,
    },
    { kind: "300-byte key", key: "k".repeat(300), value: valid, code: `${E}VALIDATE_LIMIT` },
  ];
}

export function labelCorpus(codecs: Codecs, good: (id: string) => Label): BadRecord[] {
  const lab = (kind: string, over: Partial<Label>, code: string, withheld = false): BadRecord => ({
    kind: `label: ${kind}`,
    key: "tok_bad",
    value: codecs.label.encode({ ...good(`bad-${kind.replace(/\W/g, "")}`), ...over }),
    code,
    withheld,
  });
  const valid = codecs.label.encode(good("bad-key"));
  const E = "FRAUD_ERR_";
  return [
    { kind: "label: null value", key: "tok_bad", value: null, code: `${E}DECODE_EMPTY` },
    {
      kind: "label: garbage varint",
      key: "tok_bad",
      value: Buffer.concat([header(3), Buffer.alloc(11, 0xff)]),
      code: `${E}DECODE_CORRUPT`,
    },
    {
      kind: "label: transaction schema on labels",
      key: "tok_bad",
      value: Buffer.concat([header(2), valid.subarray(5)]),
      code: `${E}DECODE_UNKNOWN_SCHEMA`,
    },
    lab("empty label_id", { label_id: "" }, `${E}VALIDATE_INVALID_RECORD`),
    lab("label_time before 2000", { label_time: 5 }, `${E}VALIDATE_INVALID_RECORD`),
    lab("upper-case source", { source: "CHARGEBACK" }, `${E}VALIDATE_LIMIT`),
    lab("long label_id", { label_id: "l".repeat(500) }, `${E}VALIDATE_LIMIT`),
    lab("PAN as transaction_id", { transaction_id: P1 }, `${E}VALIDATE_CONTAINS_PAN`, true),
    lab("embedded PAN in label_id", { label_id: `cb_${P2}` }, `${E}VALIDATE_CONTAINS_PAN`, true),
    lab("PAN in source", { source: group(P3, " ") }, `${E}VALIDATE_CONTAINS_PAN`, true),
    { kind: "label: PAN as key", key: P4, value: valid, code: `${E}VALIDATE_CONTAINS_PAN`, withheld: true },
  ];
}
