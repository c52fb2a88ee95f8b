import { CellError, columnsOf, fromJson, type Transaction, validateTransaction } from "@fraud/contracts";
import { FraudError, maskPans } from "@fraud/platform";

/**
 * A request body → a Transaction: the Avro contract's fields, typed as in the canonical
 * JSONL form (event_time as epoch millis or ISO-8601 UTC; optional fields may be absent
 * or null), then the SAME validateTransaction as the stream, so the error codes (and
 * the PAN refusal) are the stream's. Unknown fields are refused: a typo must not pass.
 */
export function transactionFromBody(body: unknown): Transaction {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new FraudError("API_BAD_REQUEST", "the body must be a JSON object with the transaction's fields", {
      details: { field: "(body)" },
    });
  }
  const cols = columnsOf("transaction");
  const known = new Set(cols.map((c) => c.name));
  const stray = Object.keys(body).filter((k) => !known.has(k));
  if (stray.length > 0) {
    throw new FraudError(
      "API_BAD_REQUEST",
      `unknown field(s): ${stray.map((s) => maskPans(s).slice(0, 40)).join(", ")}`,
      {
        details: { field: stray[0] },
      },
    );
  }
  const tx: Record<string, unknown> = {};
  for (const col of cols) {
    try {
      tx[col.name] = fromJson(col, (body as Record<string, unknown>)[col.name]);
    } catch (err) {
      if (!(err instanceof CellError)) throw err;
      throw new FraudError("API_BAD_REQUEST", `transaction.${err.field} ${err.reason}`, {
        details: { field: err.field },
      });
    }
  }
  return validateTransaction(tx as unknown as Transaction);
}
