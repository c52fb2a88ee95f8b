import type { Decoded, Rejected } from "../decode/index.js";
import type { Plan } from "./alignment.js";
import { type InputBatch, offsetAfter, type RawRecord } from "./batch.js";
import type { TimedRecord } from "./event-time.js";

/**
 * Glue between a decoded batch and the alignment plan: records in offset order with
 * their times, the admitted prefix, and the partition state committed with the offset.
 */

/** The alignment plan's arguments for a batch: each record's time, poison ones without. */
export function timedRecords<T>(
  batch: InputBatch,
  good: readonly Decoded<T>[],
  timeOf: (record: T) => number,
): [string, number, TimedRecord[], bigint, bigint] {
  const times = new Map<RawRecord, number>(good.map((g) => [g.raw, timeOf(g.record)]));
  const records = batch.records.map((r) => ({ time: times.get(r) }));
  const last = offsetAfter(batch) - 1n;
  const high = batch.highWatermark === undefined ? last + 1n : BigInt(batch.highWatermark);
  return [batch.topic, batch.partition, records, high, last];
}

/** The first `take` records of a decoded batch: the part alignment admits now. */
export function admittedPart<T>(
  whole: InputBatch,
  decoded: { good: Decoded<T>[]; bad: Rejected[] },
  take: number,
): { batch: InputBatch; good: Decoded<T>[]; bad: Rejected[] } {
  if (take >= whole.records.length) return { batch: whole, ...decoded };
  const head = new Set(whole.records.slice(0, take));
  return {
    // A prefix ends at its last record: what follows it is not handled yet.
    batch: { ...whole, records: whole.records.slice(0, take), end: undefined },
    good: decoded.good.filter((g) => head.has(g.raw)),
    bad: decoded.bad.filter((b) => head.has(b.raw)),
  };
}

/** Per good record, its effective time from the plan (records are in batch order). */
export function effectiveTimes<T>(
  batch: InputBatch,
  good: readonly Decoded<T>[],
  effective: readonly (number | undefined)[],
): number[] {
  const index = new Map<RawRecord, number>(batch.records.map((r, i) => [r, i]));
  return good.map((g) => effective[index.get(g.raw) as number] as number);
}

/** Per good record of the admitted part, whether it is late (see event-time.ts). */
export function lateFlags<T>(batch: InputBatch, good: readonly Decoded<T>[], plan: Plan): boolean[] {
  const index = new Map<RawRecord, number>(batch.records.map((r, i) => [r, i]));
  return good.map((g) => plan.scanned.late[index.get(g.raw) as number] === true);
}

/** Committed beside the offset: the partition's greatest event time so far. */
export function commitMetadata(plan: Plan): string {
  return Number.isFinite(plan.maxAfter) ? JSON.stringify({ m: plan.maxAfter }) : "";
}

/** The greatest event time committed with a partition's offset, or -Infinity. */
export function resumeMaxTime(metadata: string): number {
  try {
    const m = (JSON.parse(metadata) as { m?: unknown }).m;
    return typeof m === "number" && Number.isFinite(m) ? m : Number.NEGATIVE_INFINITY;
  } catch {
    return Number.NEGATIVE_INFINITY;
  }
}
