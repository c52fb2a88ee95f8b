import { lowWatermark, type Scanned, scan, type TimedRecord } from "./event-time.js";
import { markField, type PartitionMark, type WatermarkBoard } from "./watermark-board.js";

/**
 * Event-time alignment across every input partition of the consumer group, so that
 * features are a function of the input streams' contents, never of processing speed,
 * partition assignment, crashes or the number of scorers (see features/declarations.ts
 * for the exact semantics). A transaction at event time t is processed only when
 *   - every other transactions partition has a low watermark ≥ t − D (D = the terminal
 *     delay): every transaction that can fall in its delayed terminal windows
 *     [t − D − w, t − D) has been recorded, and none recorded later can;
 *   - every labels partition has a low watermark > t: every label whose effective time
 *     is ≤ t has been applied, and none applied later can count for t.
 * Partitions that are caught up (idle) hold nobody back, so live traffic never waits; a
 * partition with no mark yet holds everyone back until its owner publishes one. Labels
 * never wait. Within a batch, the admitted records are a prefix in offset order.
 */
export interface AlignmentOptions {
  transactionsTopic: string;
  labelsTopic: string;
  partitions: { transactions: number; labels: number };
  /** D: the shortest terminal delay of the feature set. */
  delayMs: number;
  /** L: how far behind its partition's newest event a record may be before it is late. */
  latenessMs: number;
  /** Longest a batch waits inside its handler for the others to catch up. */
  waitMs: number;
  pollMs: number;
}

export interface Plan {
  topic: string;
  partition: number;
  /** How many records (a prefix, poison included) may be processed now. */
  take: number;
  scanned: Scanned;
  /** M once the prefix is committed: goes into the committed offset's metadata. */
  maxAfter: number;
  /** The prefix ends the partition as far as the fetch knew (for the idle mark). */
  caughtUp: boolean;
  /** Late transactions in the prefix (see event-time.ts). */
  late: number;
}

export interface Alignment {
  /** On taking a partition over: its M, read from the committed offset's metadata. */
  resume(topic: string, partition: number, maxTime: number): void;
  plan(
    topic: string,
    partition: number,
    records: readonly TimedRecord[],
    highWatermark: bigint,
    lastOffset: bigint,
    stillOurs: () => boolean,
  ): Promise<Plan>;
  /**
   * After the plan: when its prefix was committed, advance M; either way publish the
   * partition's mark for what it still holds and let the idle watch see it again.
   */
  finish(plan: Plan, committed: boolean): Promise<void>;
  /** Runs the work that commits the plan's prefix, then finishes the plan (committed if it returned). */
  within<T>(plan: Plan, work: () => Promise<T>): Promise<T>;
  /** Marks a partition idle (caught up with nothing in flight), keeping its low watermark. */
  idle(topic: string, partition: number): Promise<void>;
  busy(topic: string, partition: number): boolean;
}

export function createAlignment(
  board: WatermarkBoard,
  o: AlignmentOptions,
  now: () => number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Alignment {
  const maxTime = new Map<string, number>();
  const published = new Map<string, PartitionMark>();
  const inFlight = new Set<string>();
  const NONE = Number.NEGATIVE_INFINITY;

  async function publish(topic: string, partition: number, mark: PartitionMark): Promise<void> {
    const key = markField(topic, partition);
    const last = published.get(key);
    if (last && last.low === mark.low && last.idle === mark.idle) return;
    await board.publish(topic, partition, mark);
    published.set(key, mark);
  }

  /** The bounds every other partition puts on this one; publishes this one's mark on the way when it changed. */
  async function bounds(
    self: string,
    mine?: { topic: string; partition: number; mark: PartitionMark },
  ): Promise<{ txLow: number; labelLow: number }> {
    const last = mine && published.get(self);
    const changed = mine && !(last && last.low === mine.mark.low && last.idle === mine.mark.idle);
    const marks = await board.read(changed ? mine : undefined);
    if (changed && mine) published.set(self, mine.mark);
    const min = (topic: string, n: number) => {
      let low = Number.POSITIVE_INFINITY;
      for (let p = 0; p < n; p++) {
        const key = markField(topic, p);
        if (key === self) continue;
        const m = marks.get(key);
        if (!m) return NONE;
        if (!m.idle && m.low < low) low = m.low;
      }
      return low;
    };
    return {
      txLow: min(o.transactionsTopic, o.partitions.transactions),
      labelLow: min(o.labelsTopic, o.partitions.labels),
    };
  }

  function admissible(records: readonly TimedRecord[], b: { txLow: number; labelLow: number }): number {
    let take = 0;
    for (const r of records) {
      if (r.time !== undefined && !(r.time - o.delayMs <= b.txLow && r.time < b.labelLow)) break;
      take++;
    }
    return take;
  }

  async function finish(plan: Plan, committed: boolean): Promise<void> {
    const key = markField(plan.topic, plan.partition);
    inFlight.delete(key);
    if (!committed || plan.take === 0) return;
    maxTime.set(key, plan.maxAfter);
    const low = lowWatermark(plan.scanned, plan.take, o.latenessMs);
    // The prefix is committed (its feature writes before it): not awaited, since a mark that
    // is late or fails to publish is only stale, and a stale mark is still a lower bound
    // (others wait longer, never wrongly). Commands on one connection keep their order.
    void publish(plan.topic, plan.partition, { low, idle: plan.caughtUp }).catch(() => {
      published.delete(key);
    });
  }

  return {
    finish,
    async within(plan, work) {
      let committed = false;
      try {
        const out = await work();
        committed = true;
        return out;
      } finally {
        await finish(plan, committed);
      }
    },
    resume(topic, partition, m) {
      maxTime.set(markField(topic, partition), m);
    },
    busy: (topic, partition) => inFlight.has(markField(topic, partition)),

    async plan(topic, partition, records, highWatermark, lastOffset, stillOurs) {
      const key = markField(topic, partition);
      inFlight.add(key);
      const isLabels = topic === o.labelsTopic;
      const scanned = scan(maxTime.get(key) ?? NONE, records, o.latenessMs);
      // Others must see this partition busy, at the lowest point of what it holds, before it waits.
      let mine: { topic: string; partition: number; mark: PartitionMark } | undefined = {
        topic,
        partition,
        mark: { low: lowWatermark(scanned, 0, o.latenessMs), idle: false },
      };
      let take = records.length;
      if (isLabels) await publish(topic, partition, mine.mark);
      else {
        const deadline = now() + o.waitMs;
        for (;;) {
          take = admissible(records, await bounds(key, mine));
          mine = undefined;
          if (take > 0 || now() >= deadline || !stillOurs()) break;
          await sleep(o.pollMs);
        }
      }
      let late = 0;
      for (let i = 0; i < take; i++) if (scanned.late[i] && !isLabels) late++;
      return {
        late,
        topic,
        partition,
        take,
        scanned,
        maxAfter: take > 0 ? (scanned.maxAfter[take - 1] as number) : (maxTime.get(key) ?? NONE),
        caughtUp: take === records.length && lastOffset + 1n >= highWatermark,
      };
    },

    async idle(topic, partition) {
      const key = markField(topic, partition);
      if (inFlight.has(key)) return;
      const m = maxTime.get(key) ?? NONE;
      await publish(topic, partition, { low: m - o.latenessMs, idle: true });
    },
  };
}
