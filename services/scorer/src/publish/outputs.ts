import type { Codecs, ShadowScore, Transaction } from "@fraud/contracts";
import type { Judged, Ruled } from "../decide/index.js";
import type { Rejected } from "../decode/index.js";
import { deadLetters } from "./dead-letter.js";
import { alertRecord, decisionRecord, type ModelInfo } from "./records.js";
import type { OutboundRecord } from "./sink.js";

export interface OutputTopics {
  decisions: string;
  alerts: string;
  deadLetters: string;
}

/**
 * Everything one batch publishes: a decision per transaction, an alert per flagged one
 * (both keyed by transaction id so consumers can deduplicate), and the batch's poison
 * records for the dead-letter topic.
 */
export function batchOutputs(args: {
  codecs: Pick<Codecs, "decision" | "alert">;
  topics: OutputTopics;
  originTopic: string;
  partition: number;
  model: ModelInfo;
  featureNames: readonly string[];
  describe: (feature: string) => string;
  txs: readonly Transaction[];
  features: readonly number[][];
  judged: readonly (Judged | Ruled)[];
  /** The shadow challenger's score per transaction (decision v3), when a model is in shadow. */
  shadow?: readonly ShadowScore[] | undefined;
  rejected: readonly Rejected[];
  scoredAt: number;
}): OutboundRecord[] {
  const out: OutboundRecord[] = [];
  args.txs.forEach((tx, i) => {
    const j = args.judged[i] as Judged | Ruled;
    const values = args.features[i] as number[];
    const features = Object.fromEntries(args.featureNames.map((n, k) => [n, values[k] as number]));
    const rules =
      "modelVerdict" in j
        ? { modelVerdict: j.modelVerdict, matched: j.matchedRules, version: j.rulesVersion, reason: j.verdictReason }
        : undefined;
    const scored = {
      tx,
      score: j.score,
      verdict: j.verdict,
      features,
      scoredAt: args.scoredAt,
      rules,
      shadow: args.shadow?.[i] ?? null,
    };
    out.push({
      topic: args.topics.decisions,
      key: tx.transaction_id,
      value: args.codecs.decision.encode(decisionRecord(scored, args.model)),
    });
    if (j.verdict !== "approve") {
      const alert = alertRecord(scored, args.model, j.reasons, args.describe, j.explanation);
      out.push({ topic: args.topics.alerts, key: tx.transaction_id, value: args.codecs.alert.encode(alert) });
    }
  });
  out.push(
    ...deadLetters(args.topics.deadLetters, { topic: args.originTopic, partition: args.partition }, args.rejected),
  );
  return out;
}
