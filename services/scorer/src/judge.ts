import type { Codecs, Transaction } from "@fraud/contracts";
import type { RawRecord } from "./consume/batch.js";
import { decideBatch, type Judged, type RulesStage } from "./decide/index.js";
import type { Rejected } from "./decode/index.js";
import type { FeatureSet } from "./features/index.js";
import type { Stopwatch } from "./ops/stages.js";
import { batchOutputs, type OutboundRecord, type OutputTopics } from "./publish/index.js";
import type { OnceIndex } from "./publish/once.js";
import type { Lease, Loaded } from "./score/board.js";
import { scoreRows } from "./score/index.js";
import { scoreShadow } from "./score/shadow.js";

export interface JudgeDeps {
  codecs: Codecs;
  topics: OutputTopics;
  featureSet: FeatureSet;
  describe: (feature: string) => string;
  reasonsTopK: number;
  /** Rules and lists after decide; without it the model's verdict is final. */
  rules?: RulesStage;
  /** One decision per transaction id across doors; without it every record publishes. */
  once?: OnceIndex;
}

/** A batch's featured transactions, ready to be judged (all arrays aligned by index). */
export interface Featured {
  topic: string;
  partition: number;
  txs: readonly Transaction[];
  raws: readonly RawRecord[];
  features: readonly number[][];
  /** Dead letters of the batch (poison records and reused ids): published once, with the first group. */
  rejected: readonly Rejected[];
}

/**
 * score → decide → rules → claim → outputs, for a batch under one lease. A batch is one
 * group (its champion) except around a model swap: a transaction decided before keeps the
 * version that decided it. Returns what to publish; the caller commits it with the offset.
 */
export async function judge(
  d: JudgeDeps,
  lease: Lease,
  groups: readonly { loaded: Loaded; indices: number[] }[],
  b: Featured,
  scoredAt: number,
  watch: Stopwatch,
): Promise<{ judged: Judged[]; outputs: OutboundRecord[] }> {
  const judged: Judged[] = [];
  const outputs: OutboundRecord[] = [];
  for (const [g, { loaded: m, indices }] of groups.entries()) {
    const rows = indices.map((i) => b.features[i] as number[]);
    const txs = indices.map((i) => b.txs[i] as Transaction);
    const { matrix, scores } = await scoreRows(m.model, rows);
    const shadow = lease.shadow ? await scoreShadow(lease.shadow, matrix, rows.length) : undefined;
    watch.lap("score");
    const modelJudged = await decideBatch(m.model, m.thresholds, matrix, scores, d.reasonsTopK, rows);
    const ruled: Judged[] = d.rules ? await d.rules(txs, rows, modelJudged, m.thresholds) : modelJudged;
    watch.lap("decide");
    m.drift.observe(matrix, scores, (i) => (modelJudged[i] as Judged).verdict !== "approve");
    // A duplicate submission of a decided transaction publishes nothing (see publish/once.ts).
    const publish = d.once
      ? await d.once.claim(
          b.partition,
          indices.map((i) => ({
            id: (b.txs[i] as Transaction).transaction_id,
            offset: (b.raws[i] as RawRecord).offset,
          })),
        )
      : txs.map(() => true);
    const kept = ruled.filter((_, i) => publish[i]);
    judged.push(...kept);
    outputs.push(
      ...batchOutputs({
        codecs: d.codecs,
        topics: d.topics,
        originTopic: b.topic,
        partition: b.partition,
        model: { version: m.version, featureSetVersion: m.model.featureSetVersion, thresholds: m.thresholds },
        featureNames: d.featureSet.names,
        describe: d.describe,
        txs: txs.filter((_, i) => publish[i]),
        features: rows.filter((_, i) => publish[i]),
        judged: kept,
        shadow: shadow?.filter((_, i) => publish[i]),
        rejected: g === 0 ? [...b.rejected] : [],
        scoredAt,
      }),
    );
  }
  return { judged, outputs };
}
