import { type CaseView, isFraud, type QueueRow, reasonCode, stringList } from "@fraud/cases";
import { formatAmount } from "../format/amount.js";
import { formatTime } from "../format/line.js";

/** Plain-text renderings of the desk's answers for `analyst show` and `analyst queue`. */
export function formatQueueRow({ alert: a, state }: QueueRow): string {
  const reasons = a.reasons
    .slice(0, 2)
    .map((r) => reasonCode(r))
    .join(",");
  return [
    formatTime(a.event_time),
    a.decision.toUpperCase().padEnd(7),
    a.score.toFixed(3),
    formatAmount(a.amount_minor, a.currency).padStart(12),
    a.card_token,
    a.terminal_id,
    a.transaction_id,
    `${state.status}${state.assignee ? `@${state.assignee}` : ""}`,
    reasons,
  ].join("  ");
}

export function formatCase(v: CaseView, fraudOf: (txid: string) => boolean): string {
  const out: string[] = [];
  const r = v.alert ?? v.decision;
  out.push(`transaction ${v.transactionId}`);
  if (r) {
    out.push(
      `  ${formatTime(r.event_time)}  ${formatAmount(r.amount_minor, r.currency)}  card ${r.card_token}  terminal ${r.terminal_id}`,
      `  ${r.decision}  score ${r.score.toFixed(3)}${v.decision ? `  (review >= ${v.decision.review_threshold}, decline >= ${v.decision.decline_threshold})` : ""}  model ${r.model_version}`,
    );
  } else {
    out.push("  nothing indexed for this transaction");
  }
  if (v.alert) {
    out.push("reasons:");
    for (const x of v.alert.reasons)
      out.push(`  ${reasonCode(x)} (${x.contribution >= 0 ? "+" : ""}${x.contribution.toFixed(3)}): ${x.detail}`);
    const rules = stringList(v.alert.matched_rules);
    if (rules.length > 0) out.push(`matched rules: ${rules.join(", ")}`);
  }
  if (v.terminalRate) {
    out.push(
      `terminal: ${v.terminalRate.frauds} fraud of ${v.terminalRate.transactions} indexed transactions in the ${v.terminalRate.days} days before`,
    );
  }
  out.push("card history:");
  for (const d of v.cardHistory) {
    out.push(
      `  ${formatTime(d.event_time)}  ${d.transaction_id}  ${d.decision.padEnd(7)}  ${d.score.toFixed(3)}${fraudOf(d.transaction_id) ? "  FRAUD" : ""}`,
    );
  }
  out.push("labels:");
  for (const l of v.labels)
    out.push(`  ${formatTime(l.label_time)}  ${l.is_fraud ? "fraud" : "not fraud"}  ${l.source}  ${l.label_id}`);
  out.push(`case: ${v.state.status}${v.state.assignee ? `, assigned to ${v.state.assignee}` : ""}`);
  for (const a of v.history) {
    out.push(
      `  ${formatTime(a.at)}  ${a.by}  ${a.kind}${a.published === false ? " (already published)" : ""}${a.note ? `  "${a.note}"` : ""}`,
    );
  }
  return `${out.join("\n")}\n`;
}

export { isFraud };
