/**
 * Where the tail starts, parsed from `--from`:
 *   "now"        only records produced after we start (the default);
 *   "beginning"  the earliest retained record of every partition;
 *   an ISO time  the first record of each partition whose Kafka timestamp is at or
 *                after that time (ListOffsets by timestamp). A time must carry its
 *                zone (Z or ±hh:mm) or be a bare date (midnight UTC), so the start
 *                never depends on the machine's time zone.
 * Kafka answers "the first offset whose timestamp is at or after T", transaction markers
 * (stamped when the transaction ended) included. Nothing after that offset is filtered:
 * a producer that backdates timestamps (a replay) can put older-stamped records after it.
 */
export type From = { kind: "now" } | { kind: "beginning" } | { kind: "time"; at: number };

const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Returns the start, or a message saying what is wrong with `raw`. */
export function parseFrom(raw: string): From | { error: string } {
  const v = raw.trim();
  if (v === "now") return { kind: "now" };
  if (v === "beginning") return { kind: "beginning" };
  if (DATE.test(v) || ZONED.test(v)) {
    const at = Date.parse(DATE.test(v) ? `${v}T00:00:00Z` : v);
    if (Number.isFinite(at) && at >= 0) return { kind: "time", at };
  }
  return {
    error: `--from must be now, beginning, or an ISO time with a zone like 2026-01-01T00:00:00Z, got ${JSON.stringify(raw)}`,
  };
}
