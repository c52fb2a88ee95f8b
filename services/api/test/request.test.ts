import { isFraudError } from "@fraud/platform";
import { describe, expect, it } from "vitest";
import { transactionFromBody } from "../src/request.js";

const body = {
  transaction_id: "tx-1",
  event_time: "2026-03-02T12:00:00.000Z",
  card_token: "tok_a",
  terminal_id: "term_1",
  amount_minor: 1234,
  currency: "EUR",
};

function codeOf(fn: () => unknown): { code: string; field: unknown; message: string } {
  try {
    fn();
  } catch (e) {
    if (isFraudError(e)) return { code: e.code, field: e.details.field, message: e.message };
    throw e;
  }
  throw new Error("expected a FraudError");
}

describe("transactionFromBody", () => {
  it("reads the contract's fields, ISO or epoch time, optional fields absent or null", () => {
    expect(transactionFromBody(body)).toEqual({
      ...body,
      event_time: Date.parse(body.event_time),
      merchant_category: null,
      channel: null,
      country: null,
      customer_id: null,
    });
    expect(transactionFromBody({ ...body, event_time: 1_772_452_800_000, country: "FR", channel: null }).country).toBe(
      "FR",
    );
  });

  it("uses the stream's validation and codes", () => {
    expect(codeOf(() => transactionFromBody({ ...body, currency: "eur" }))).toMatchObject({
      code: "FRAUD_ERR_VALIDATE_INVALID_RECORD",
      field: "currency",
    });
    expect(codeOf(() => transactionFromBody({ ...body, amount_minor: -5 })).field).toBe("amount_minor");
  });

  it("refuses a PAN as card token without echoing it", () => {
    const pan = "4111111111111111";
    const r = codeOf(() => transactionFromBody({ ...body, card_token: pan }));
    expect(r).toMatchObject({ code: "FRAUD_ERR_VALIDATE_CONTAINS_PAN", field: "card_token" });
    expect(r.message).not.toContain(pan);
  });

  it.each([
    [[1], "(body)"],
    [{ ...body, amount: 1 }, "amount"],
    [{ ...body, amount_minor: "12" }, "amount_minor"],
    [{ ...body, transaction_id: undefined }, "transaction_id"],
    [{ ...body, event_time: "yesterday" }, "event_time"],
  ])("refuses malformed bodies as API_BAD_REQUEST naming the field (%#)", (b, field) => {
    expect(codeOf(() => transactionFromBody(b))).toMatchObject({ code: "FRAUD_ERR_API_BAD_REQUEST", field });
  });
});
