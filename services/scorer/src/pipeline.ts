import { type Codecs, validateLabel, validateTransaction } from "@fraud/contracts";
import type { Clock } from "@fraud/platform";
import type { InputBatch } from "./consume/batch.js";
import { decideBatch, type Thresholds, type Verdict } from "./decide/index.js";
import { decodeBatch } from "./decode/index.js";
import { computeFeatures, type FeatureSet, type FeatureStore, type LabelOutcome } from "./features/index.js";
import { batchOutputs, deadLetters, type OutputTopics, type TransactionalSink } from "./publish/index.js";
import { type Model, scoreRows } from "./score/index.js";

export interface PipelineDeps {
  codecs: Codecs;
  store: FeatureStore;
  featureSet: FeatureSet;
  model: Model;
  thresholds: Thresholds;
  sink: TransactionalSink;
  topics: OutputTopics;
  clock: Clock;
  reasonsTopK: number;
  describe: (feature: string) => string;
}

export interface TransactionsOutcome {
  redelivered: number;
  /** Reused transaction ids with other content (dead-lettered, also counted in deadLetters). */
  conflicts: number;
  verdicts: Record<Verdict, number>;
  deadLetters: number;
  /** Input record timestamps (ms) of the scored records, for end-to-end latency. */
  inputTimestamps: number[];
  scoredAt: number;
}

/**
 * The scorer, one batch at a time: consume → decode → features → score → decide → publish.
 * Each step is one call; the whole batch's outputs and its input offset commit in one
 * Kafka transaction. Any thrown error leaves nothing committed, so the batch is retried.
 */
export function createPipeline(d: PipelineDeps) {
  const nextOffset = (b: InputBatch) => String(BigInt(b.records.at(-1)?.offset ?? "-1") + 1n);

  return {
    async transactions(batch: InputBatch): Promise<TransactionsOutcome> {
      await d.codecs.prepare(batch.records.map((r) => r.value));
      const decoded = decodeBatch(batch, d.codecs.transaction, validateTransaction);
      const featured = await computeFeatures(
        d.store,
        d.featureSet,
        decoded.good.map((g) => g.record),
      );
      // A reused transaction id with other content is poison: dead-lettered, never scored.
      const good = decoded.good.filter((_, i) => !featured[i]?.conflict);
      const bad = [
        ...decoded.bad,
        ...featured.flatMap((f, i) =>
          f.conflict ? [{ raw: (decoded.good[i] as (typeof good)[number]).raw, error: f.conflict }] : [],
        ),
      ];
      const txs = good.map((g) => g.record);
      const features = featured.flatMap((f) => (f.conflict ? [] : [f.values]));
      const { matrix, scores } = await scoreRows(d.model, features);
      const judged = await decideBatch(d.model, d.thresholds, matrix, scores, d.reasonsTopK, features);
      const scoredAt = d.clock.now();
      const outputs = batchOutputs({
        codecs: d.codecs,
        topics: d.topics,
        originTopic: batch.topic,
        partition: batch.partition,
        model: { version: d.model.version, featureSetVersion: d.model.featureSetVersion, thresholds: d.thresholds },
        featureNames: d.featureSet.names,
        describe: d.describe,
        txs,
        features,
        judged,
        rejected: bad,
        scoredAt,
      });
      await d.sink.commit({ topic: batch.topic, partition: batch.partition, nextOffset: nextOffset(batch) }, outputs);
      return {
        redelivered: featured.filter((f) => f.redelivered).length,
        conflicts: bad.length - decoded.bad.length,
        verdicts: countVerdicts(judged),
        deadLetters: bad.length,
        inputTimestamps: good.map((g) => Number(g.raw.timestamp)),
        scoredAt,
      };
    },

    /** Labels feed the terminals' risk features; poison labels are dead-lettered like transactions. */
    async labels(batch: InputBatch): Promise<{ outcomes: LabelOutcome[]; deadLetters: number }> {
      await d.codecs.prepare(batch.records.map((r) => r.value));
      const { good, bad } = decodeBatch(batch, d.codecs.label, validateLabel);
      const outcomes = await d.store.applyLabels(
        good.map((g) => g.record),
        d.clock.now(),
      );
      const dlq = deadLetters(d.topics.deadLetters, batch, bad);
      await d.sink.commit({ topic: batch.topic, partition: batch.partition, nextOffset: nextOffset(batch) }, dlq);
      return { outcomes, deadLetters: bad.length };
    },
  };
}

export type Pipeline = ReturnType<typeof createPipeline>;

function countVerdicts(judged: readonly { verdict: Verdict }[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { approve: 0, review: 0, decline: 0 };
  for (const j of judged) counts[j.verdict]++;
  return counts;
}
