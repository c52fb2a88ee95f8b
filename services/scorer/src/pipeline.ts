import { type Codecs, type Transaction, validateLabel, validateTransaction } from "@fraud/contracts";
import type { Clock } from "@fraud/platform";
import { admittedPart, commitMetadata, effectiveTimes, timedRecords } from "./consume/admitted.js";
import type { Alignment, Plan } from "./consume/alignment.js";
import { type InputBatch, offsetAfter } from "./consume/batch.js";
import type { Judged, RulesStage, Verdict } from "./decide/index.js";
import { decodeBatch } from "./decode/index.js";
import { computeFeatures, type FeatureSet, type FeatureStore, type LabelOutcome } from "./features/index.js";
import { type Featured, judge } from "./judge.js";
import { type Stage, type Stopwatch, stopwatch } from "./ops/stages.js";
import { deadLetters, type OutputTopics, type TransactionalSink } from "./publish/index.js";
import type { OnceIndex } from "./publish/once.js";
import type { ModelBoard } from "./score/board.js";

export interface PipelineDeps {
  codecs: Codecs;
  store: FeatureStore;
  featureSet: FeatureSet;
  /** The champion (and shadow) each batch is scored by; swapped between batches. */
  models: ModelBoard;
  sink: TransactionalSink;
  topics: OutputTopics;
  clock: Clock;
  reasonsTopK: number;
  describe: (feature: string) => string;
  align: Alignment;
  /** Rules and lists after decide; without it the model's verdict is final. */
  rules?: RulesStage;
  /** One decision per transaction id across doors; without it every record publishes. */
  once?: OnceIndex;
}

export interface TransactionsOutcome {
  /** Records of the batch handled (a prefix; the rest waits for event-time alignment). */
  handled: number;
  redelivered: number;
  /** Reused transaction ids with other content (dead-lettered, also counted in deadLetters). */
  conflicts: number;
  verdicts: Record<Verdict, number>;
  deadLetters: number;
  /** Input record timestamps (ms) of the scored records, for end-to-end latency. */
  inputTimestamps: number[];
  scoredAt: number;
  /** Late transactions among those handled; held = nothing was admissible yet. */
  late: number;
  held: boolean;
  /** Seconds spent in each stage on this batch. */
  stages: Partial<Record<Stage, number>>;
}

/**
 * The scorer, one batch at a time: consume → decode → features → score → decide → publish.
 * Each step is one call; the admitted records' outputs and their input offset commit in one
 * Kafka transaction. Any thrown error leaves nothing committed, so the batch is retried.
 */
export function createPipeline(d: PipelineDeps) {
  const position = (b: InputBatch, plan: Plan) => ({
    topic: b.topic,
    partition: b.partition,
    nextOffset: String(offsetAfter(b)),
    metadata: commitMetadata(plan),
  });

  /** features → score → decide → publish, for the part of a batch that alignment admitted. */
  async function score(
    { batch, good: admitted, bad: rejected }: ReturnType<typeof admittedPart<Transaction>>,
    plan: Plan,
    watch: Stopwatch,
  ): Promise<TransactionsOutcome> {
    if (batch.records.length === 0) return { ...emptyOutcome(d.clock.now(), watch), held: true };
    const terminalTimes = effectiveTimes(batch, admitted, plan.scanned.effective);
    const featured = await computeFeatures(
      d.store,
      d.featureSet,
      admitted.map((g, i) => ({ ...g.record, terminal_time: terminalTimes[i] as number })),
    );
    // A reused transaction id with other content is poison: dead-lettered, never scored.
    const good = admitted.filter((_, i) => !featured[i]?.conflict);
    const bad = [
      ...rejected,
      ...featured.flatMap((f, i) =>
        f.conflict ? [{ raw: (admitted[i] as (typeof good)[number]).raw, error: f.conflict }] : [],
      ),
    ];
    const ready: Featured = {
      topic: batch.topic,
      partition: batch.partition,
      txs: good.map((g) => g.record),
      raws: good.map((g) => g.raw),
      features: featured.flatMap((f) => (f.conflict ? [] : [f.values])),
      rejected: bad,
    };
    watch.lap("features");
    // One lease per batch: the whole batch sees one champion (and shadow), whatever swaps meanwhile.
    const lease = d.models.lease();
    const scoredAt = d.clock.now();
    let judged: Judged[];
    try {
      const groups = await d.models.assign(
        lease,
        ready.txs.map((t) => t.transaction_id),
      );
      const out = await judge(d, lease, groups, ready, scoredAt, watch);
      judged = out.judged;
      await d.sink.commit(position(batch, plan), out.outputs);
    } finally {
      lease.release();
    }
    watch.lap("publish");
    return {
      stages: watch.laps,
      late: plan.late,
      held: false,
      handled: batch.records.length,
      redelivered: featured.filter((f) => f.redelivered).length,
      conflicts: bad.length - rejected.length,
      verdicts: countVerdicts(judged),
      deadLetters: bad.length,
      inputTimestamps: good.map((g) => Number(g.raw.timestamp)),
      scoredAt,
    };
  }

  return {
    /** consume → decode → align → features → score → decide → publish. */
    async transactions(whole: InputBatch, stillOurs: () => boolean): Promise<TransactionsOutcome> {
      const watch = stopwatch();
      await d.codecs.prepare(whole.records.map((r) => r.value));
      const decoded = decodeBatch(whole, d.codecs.transaction, validateTransaction);
      watch.lap("decode");
      const plan = await d.align.plan(...timedRecords(whole, decoded.good, (tx) => tx.event_time), stillOurs);
      watch.lap("align");
      return d.align.within(plan, () => score(admittedPart(whole, decoded, plan.take), plan, watch));
    },

    /** Labels feed the terminals' risk features; poison labels are dead-lettered like transactions. */
    async labels(batch: InputBatch): Promise<{ outcomes: LabelOutcome[]; deadLetters: number }> {
      await d.codecs.prepare(batch.records.map((r) => r.value));
      const { good, bad } = decodeBatch(batch, d.codecs.label, validateLabel);
      // Labels never wait; each takes effect at its effective time (see consume/event-time.ts).
      const plan = await d.align.plan(...timedRecords(batch, good, (l) => l.label_time), () => true);
      return d.align.within(plan, async () => {
        const effective = effectiveTimes(batch, good, plan.scanned.effective);
        const outcomes = await d.store.applyLabels(
          good.map((g, i) => ({ ...g.record, label_time: effective[i] as number })),
          d.clock.now(),
        );
        await d.sink.commit(position(batch, plan), deadLetters(d.topics.deadLetters, batch, bad));
        return { outcomes, deadLetters: bad.length };
      });
    },
  };
}

export type Pipeline = ReturnType<typeof createPipeline>;

function emptyOutcome(scoredAt: number, watch: Stopwatch): TransactionsOutcome {
  return {
    stages: watch.laps,
    late: 0,
    held: false,
    handled: 0,
    redelivered: 0,
    conflicts: 0,
    verdicts: { approve: 0, review: 0, decline: 0 },
    deadLetters: 0,
    inputTimestamps: [],
    scoredAt,
  };
}

function countVerdicts(judged: readonly { verdict: Verdict }[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { approve: 0, review: 0, decline: 0 };
  for (const j of judged) counts[j.verdict]++;
  return counts;
}
