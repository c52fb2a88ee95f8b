/**
 * Event-time bookkeeping of one input partition, in offset order (pure).
 *
 * `maxTime` (M) is the greatest event time among the partition's records processed so far;
 * it is committed with the partition's offset (as offset metadata), so it is a function of
 * the partition's contents up to that offset, whoever processed them and however often.
 * With lateness L, a record is **late** when its time < M_before − L, and every record's
 * **effective time** is max(time, M_before − L):
 *   - a transaction counts in its terminal's windows at its effective time (its card and its
 *     own windows use its event time as usual): a late one counts from the moment its
 *     partition's stream reached it, because other partitions may have moved past it;
 *   - a label counts from its effective time: a late label is never retroactive.
 * The **low watermark** of a partition is a lower bound on the effective time of every
 * record not processed yet: min(effective time of each pending record, M_end − L), where
 * M_end covers every record seen (processed or pending), because any later record is
 * either at or above M_end − L, or late (and then it cannot matter to anyone else).
 */
export interface TimedRecord {
  /** Event time (transactions) or label time (labels), ms; undefined for a poison record. */
  time: number | undefined;
}

export interface Scanned {
  /** Per record: late — its time is below M_before − L. */
  late: boolean[];
  /** Per record: max(time, M_before − L); undefined for poison records. */
  effective: (number | undefined)[];
  /** M after each record (poison records leave it unchanged). */
  maxAfter: number[];
  /** M after the last record (M_before when there are none). */
  maxEnd: number;
}

export function scan(maxBefore: number, records: readonly TimedRecord[], latenessMs: number): Scanned {
  const late: boolean[] = [];
  const effective: (number | undefined)[] = [];
  const maxAfter: number[] = [];
  let m = maxBefore;
  for (const r of records) {
    if (r.time === undefined) {
      late.push(false);
      effective.push(undefined);
    } else {
      const floor = m - latenessMs;
      late.push(r.time < floor);
      effective.push(Math.max(r.time, floor));
      if (r.time > m) m = r.time;
    }
    maxAfter.push(m);
  }
  return { late, effective, maxAfter, maxEnd: m };
}

/**
 * Lower bound on the effective time of every record of the partition from index `from`
 * on (pending ones given, later ones unseen).
 */
export function lowWatermark(s: Scanned, from: number, latenessMs: number): number {
  const n = s.maxAfter.length;
  let low = s.maxEnd - latenessMs;
  for (let i = from; i < n; i++) {
    const e = s.effective[i];
    if (e === undefined) continue;
    if (e < low) low = e;
  }
  return low;
}
