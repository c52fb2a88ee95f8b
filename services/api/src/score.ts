import type { Codecs, Reason, Transaction } from "@fraud/contracts";
import type { TransactionPublisher } from "./publish.js";
import type { Replies, Reply } from "./replies.js";

/** The API's answer; the OpenAPI document (services/api/openapi.json) describes it field by field. */
export interface ScoreResponse {
  transaction_id: string;
  decision: "approve" | "review" | "decline";
  timed_out: boolean;
  /** The decision was already on the topic before this request (a repeat). */
  already_decided: boolean;
  score: number | null;
  thresholds: { review: number; decline: number } | null;
  model_version: string | null;
  feature_set_version: string | null;
  model_decision: string | null;
  reasons: Reason[];
  matched_rules: string[];
  rules_version: string;
  verdict_reason: string;
  latency_ms: number;
}

/**
 * One request through the scorer: produce the transaction to `transactions` (keyed by
 * card token, the stream's codec and partitioner, so a card's events stay in order
 * whichever door they came through) and answer with the decision the scorer commits,
 * or with the fallback when the deadline passes first. A timed-out transaction is still
 * scored and published: the request only stops waiting.
 */
export function createScoreDoor(deps: {
  publisher: TransactionPublisher;
  codecs: Pick<Codecs, "transaction">;
  replies: Replies;
  fallback: "approve" | "review";
  now: () => number;
}) {
  return async function score(tx: Transaction, deadlineMs: number, startedAt: number): Promise<ScoreResponse> {
    const earlier = deps.replies.known(tx.transaction_id);
    if (earlier) return answer(earlier, true, deps.now() - startedAt);
    const waiting = deps.replies.wait(tx.transaction_id);
    let timer: NodeJS.Timeout | undefined;
    try {
      const expired = new Promise<"expired">((resolve) => {
        timer = setTimeout(() => resolve("expired"), Math.max(0, startedAt + deadlineMs - deps.now()));
      });
      const value = deps.codecs.transaction.encode(tx);
      await deps.publisher.send(tx.card_token, value);
      const got = await Promise.race([waiting.reply, expired]);
      if (got === "expired") return fallback(tx, deadlineMs, deps.now() - startedAt);
      return answer(got, false, deps.now() - startedAt);
    } finally {
      clearTimeout(timer);
      waiting.cancel();
    }
  };

  function fallback(tx: Transaction, deadlineMs: number, latency: number): ScoreResponse {
    return {
      transaction_id: tx.transaction_id,
      decision: deps.fallback,
      timed_out: true,
      already_decided: false,
      score: null,
      thresholds: null,
      model_version: null,
      feature_set_version: null,
      model_decision: null,
      reasons: [],
      matched_rules: [],
      rules_version: "",
      verdict_reason: `no decision within the ${deadlineMs} ms deadline; fallback ${deps.fallback} (API_FALLBACK). The transaction is still scored and its decision published.`,
      latency_ms: latency,
    };
  }
}

function answer({ decision: d, alert }: Reply, already: boolean, latency: number): ScoreResponse {
  return {
    transaction_id: d.transaction_id,
    decision: d.decision as ScoreResponse["decision"],
    timed_out: false,
    already_decided: already,
    score: d.score,
    thresholds: { review: d.review_threshold, decline: d.decline_threshold },
    model_version: d.model_version,
    feature_set_version: d.feature_set_version,
    model_decision: d.model_decision || d.decision,
    reasons: alert?.reasons ?? [],
    matched_rules: d.matched_rules ?? [],
    rules_version: d.rules_version ?? "",
    verdict_reason: d.verdict_reason ?? "",
    latency_ms: latency,
  };
}
