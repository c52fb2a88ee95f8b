import type { Logger } from "@fraud/platform";
import type { OutboundRecord, TransactionalSink } from "./sink.js";

/** Broker refusals that one oversized record causes; the whole batch's transaction is aborted. */
const TOO_LARGE = new Set(["MESSAGE_TOO_LARGE", "RECORD_LIST_TOO_LARGE", "INVALID_RECORD"]);

function refusedAsTooLarge(err: unknown): boolean {
  for (let e = err as { type?: string; cause?: unknown } | undefined, n = 0; e && n < 10; n++) {
    if (e.type !== undefined && TOO_LARGE.has(e.type)) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/**
 * A dead letter must never stop its partition. When the broker refuses a batch as too
 * large, the transaction is retried once with every dead letter replaced by its withheld
 * variant (no key or value; origin, error, sizes, digest), which is a few hundred bytes.
 * Outputs other than dead letters are bounded by the input limits, so they cannot be the
 * cause; if the retry is refused too, the error goes up as before.
 */
export function withWithheldFallback(sink: TransactionalSink, logger: Logger): TransactionalSink {
  return {
    ...sink,
    async commit(position, records) {
      try {
        await sink.commit(position, records);
      } catch (err) {
        if (!refusedAsTooLarge(err) || !records.some((r) => r.withheld)) throw err;
        const withheld = records.filter((r) => r.withheld).length;
        logger.warn(
          { topic: position.topic, partition: position.partition, withheld },
          "the broker refused a dead letter as too large; sending it without key and value",
        );
        await sink.commit(
          position,
          records.map((r): OutboundRecord => r.withheld ?? r),
        );
      }
    },
  };
}
