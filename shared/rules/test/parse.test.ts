import { checkCondition, compileRules, evaluate, parseCondition, vocabulary } from "@fraud/rules";
import { describe, expect, it } from "vitest";

const vocab = vocabulary(["card_amount_count_1h", "txn_amount_value"]);
const facts = (values: Record<string, string | number | null>, lists: Record<string, string[]> = {}) => ({
  value: (n: string) => values[n] ?? null,
  onList: (l: string, v: string) => lists[l]?.includes(v) ?? false,
});
const run = (src: string, values: Record<string, string | number | null>, lists = {}) => {
  const c = parseCondition(src);
  checkCondition(c, vocab);
  return evaluate(c, facts(values, lists));
};

describe("parseCondition", () => {
  it("binds not tighter than and, and tighter than or", () => {
    expect(parseCondition("not a == 1 and b == 2 or c == 3")).toEqual({
      kind: "or",
      left: {
        kind: "and",
        left: {
          kind: "not",
          operand: {
            kind: "compare",
            op: "==",
            left: { kind: "field", name: "a" },
            right: { kind: "literal", value: 1 },
          },
        },
        right: { kind: "compare", op: "==", left: { kind: "field", name: "b" }, right: { kind: "literal", value: 2 } },
      },
      right: { kind: "compare", op: "==", left: { kind: "field", name: "c" }, right: { kind: "literal", value: 3 } },
    });
  });

  it("parses lists, sets, negative numbers and null", () => {
    expect(parseCondition("card_token not in list blocked")).toEqual({
      kind: "not",
      operand: { kind: "inList", field: "card_token", list: "blocked" },
    });
    expect(parseCondition("country in ['FR', \"DE\", null]")).toEqual({
      kind: "inSet",
      field: "country",
      values: ["FR", "DE", null],
    });
    expect(parseCondition("x > -1.5")).toMatchObject({ right: { kind: "literal", value: -1.5 } });
  });

  it.each([
    ["amount_minor >", "column 15: expected a field name, number or string, found the end"],
    ["amount_minor > 1 amount_minor", "column 18: unexpected 'amount_minor'"],
    ["(amount_minor > 1", "expected ')'"],
    ["amount_minor = 1", "unexpected character '='"],
    ["country == 'FR", "string is not closed"],
    ["5 in [1]", "left side of 'in' must be a field"],
    ["card_token in list and", "expected a list name"],
    ["amount_minor", "expected a comparison"],
  ])("refuses %j with its place", (src, message) => {
    expect(() => parseCondition(src)).toThrow(message);
  });
});

describe("checkCondition", () => {
  it.each([
    ["nope > 1", "unknown field or feature 'nope'"],
    ["amount_minor > 'x'", "cannot compare"],
    ["country > 'FR'", "text fields take only == and !="],
    ["card_token == null", "is never null"],
    ["amount_minor in list l", "'in list' takes a text field"],
    ["country in ['FR', 3]", "3 cannot be a value of 'country'"],
    ["1 == 1", "needs at least one field"],
  ])("refuses %j", (src, message) => {
    expect(() => checkCondition(parseCondition(src), vocab)).toThrow(message);
  });
});

describe("evaluate", () => {
  it("compares numbers and text", () => {
    expect(
      run("card_amount_count_1h >= 5 and txn_amount_value < 500", { card_amount_count_1h: 5, txn_amount_value: 499 }),
    ).toBe(true);
    expect(
      run("card_amount_count_1h >= 5 and txn_amount_value < 500", { card_amount_count_1h: 4, txn_amount_value: 1 }),
    ).toBe(false);
    expect(run("currency != 'EUR' or amount_minor > 10", { currency: "EUR", amount_minor: 11 })).toBe(true);
  });
  it("treats an absent optional field as null", () => {
    expect(run("country == null", { country: null })).toBe(true);
    expect(run("country == 'FR'", { country: null })).toBe(false);
    expect(run("country != 'FR'", { country: null })).toBe(true);
    expect(run("country in ['FR']", { country: null })).toBe(false);
  });
  it("looks values up on lists", () => {
    expect(run("card_token in list blocked", { card_token: "tok_a" }, { blocked: ["tok_a"] })).toBe(true);
    expect(run("card_token not in list blocked", { card_token: "tok_b" }, { blocked: ["tok_a"] })).toBe(true);
    expect(run("customer_id in list blocked", { customer_id: null }, { blocked: ["tok_a"] })).toBe(false);
  });
  it("is false for ordering against a non-finite number", () => {
    expect(run("txn_amount_value > 1", { txn_amount_value: Number.NaN })).toBe(false);
    expect(run("not txn_amount_value > 1", { txn_amount_value: Number.NaN })).toBe(true);
  });
});

describe("compileRules", () => {
  const rule = { id: "r1", description: "d", when: "amount_minor > 1", action: "review" };
  it("versions by content", () => {
    const a = compileRules({ rules: [rule] }, vocab);
    const b = compileRules({ rules: [{ ...rule, when: "amount_minor > 2" }] }, vocab);
    expect(a.version).toMatch(/^rules-[0-9a-f]{12}$/);
    expect(b.version).not.toBe(a.version);
    expect(compileRules({ version: "v7", rules: [rule] }, vocab).version).toMatch(/^v7-/);
  });
  it("leaves disabled rules out and collects list lookups", () => {
    const set = compileRules(
      {
        rules: [
          { ...rule, enabled: false },
          { ...rule, id: "r2", when: "terminal_id in list t and card_token in list c" },
        ],
      },
      vocab,
    );
    expect(set.rules.map((r) => r.id)).toEqual(["r2"]);
    expect(set.lookups).toEqual([
      { field: "terminal_id", list: "t" },
      { field: "card_token", list: "c" },
    ]);
  });
  it.each([
    [{ rules: [rule, rule] }, "rule 'r1': the id is used twice"],
    [{ rules: [{ ...rule, action: "block" }] }, "rule 'r1': action must be one of decline, review, allow"],
    [
      { rules: [{ ...rule, when: "amount > 1" }] },
      "rule 'r1': condition \"amount > 1\": unknown field or feature 'amount'",
    ],
    [{ rules: [{ ...rule, colour: 1 }] }, "rule 'r1': unknown key(s) colour"],
    [{ rules: [{ ...rule, description: "" }] }, "rule 'r1': description is missing"],
    [{ rules: [{ ...rule, id: "Bad Id" }] }, "rule #1: id must match"],
    [{ rule: [] }, "unknown top-level key(s) rule"],
  ])("names the rule and the problem (%#)", (content, message) => {
    expect(() => compileRules(content, vocab, "f.yaml")).toThrow(message);
    try {
      compileRules(content, vocab, "f.yaml");
    } catch (e) {
      expect((e as { code: string }).code).toBe("FRAUD_ERR_RULES_INVALID");
    }
  });
});
