import { createHash } from "node:crypto";
import type { Label } from "@fraud/contracts";

export type Verdict = "fraud" | "legit";

/**
 * The label id is a function of (transaction, verdict) only: a double click, a retry or
 * the CLI after the console all name the same label, so it is published once (see
 * publish.ts) and the scorer, which deduplicates labels by id, counts it once. Changing
 * one's mind (fraud → legit) is a different label, and the latest label_time wins.
 */
export function analystLabelId(transactionId: string, verdict: Verdict): string {
  const h = createHash("sha256").update(`analyst\u0000${transactionId}\u0000${verdict}`).digest("hex");
  return `analyst-${h.slice(0, 32)}`;
}

export function analystLabel(transactionId: string, verdict: Verdict, at: number): Label {
  return {
    label_id: analystLabelId(transactionId, verdict),
    transaction_id: transactionId,
    label_time: at,
    is_fraud: verdict === "fraud",
    source: "analyst",
  };
}
