/**
 * Readable output, one record per block. Contract:
 *   alert:     `<event time ISO>  <DECISION>  score <s> >= <threshold>  card <token>  terminal <id>  <amount>  model <version>  txn <id>`
 *              then one indented line per reason, most responsible first:
 *              `    - <code> <feature> = <value> (<+contribution>): <detail>`
 *              (alerts written as v1 have no code: the line starts at <feature>)
 *   decision:  the same first line; the threshold shown is the one the decision crossed
 *              (decline: decline threshold, review: review threshold), or `< review threshold` for approve.
 * Scores and thresholds print with 3 decimals. The first line is greppable on its own.
 * The card token and reason details pass through maskPans: they are where a card number
 * would end up if a producer broke the token contract (ids are left alone, since a
 * timestamp-like id would look like a PAN).
 */
import type { Alert, Decision, Reason } from "@fraud/contracts";
import { maskPans } from "@fraud/platform";
import { formatAmount } from "./amount.js";
import { type Palette, PLAIN } from "./colour.js";

export function formatTime(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? `${ms}ms` : d.toISOString();
}

const score3 = (n: number) => n.toFixed(3);

function decisionWord(decision: string, c: Palette): string {
  const word = decision.toUpperCase().padEnd(7);
  if (decision === "decline") return c.bold(c.red(word));
  if (decision === "review") return c.bold(c.yellow(word));
  if (decision === "approve") return c.green(word);
  return word;
}

interface Head {
  event_time: number;
  decision: string;
  score: number;
  card_token: string;
  terminal_id: string;
  amount_minor: number;
  currency: string;
  model_version: string;
  transaction_id: string;
}

function headLine(r: Head, scorePart: string, c: Palette): string {
  return [
    formatTime(r.event_time),
    decisionWord(r.decision, c),
    scorePart,
    `card ${maskPans(r.card_token)}`,
    `terminal ${r.terminal_id}`,
    c.bold(formatAmount(r.amount_minor, r.currency)),
    c.dim(`model ${r.model_version}`),
    c.dim(`txn ${r.transaction_id}`),
  ].join("  ");
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}

export function formatReason(r: Reason, c: Palette = PLAIN): string {
  const sign = r.contribution >= 0 ? "+" : "";
  const code = r.code ? `${r.code} ` : "";
  return `    - ${code}${r.feature} = ${formatNumber(r.value)} (${sign}${score3(r.contribution)}): ${c.bold(maskPans(r.detail))}`;
}

export function formatAlert(a: Alert, c: Palette = PLAIN): string {
  const head = headLine(a, `score ${score3(a.score)} >= ${score3(a.threshold)}`, c);
  return [head, ...a.reasons.map((r) => formatReason(r, c))].join("\n");
}

export function formatDecision(d: Decision, c: Palette = PLAIN): string {
  let scorePart: string;
  if (d.decision === "decline") scorePart = `score ${score3(d.score)} >= ${score3(d.decline_threshold)}`;
  else if (d.decision === "review") scorePart = `score ${score3(d.score)} >= ${score3(d.review_threshold)}`;
  else scorePart = `score ${score3(d.score)} < ${score3(d.review_threshold)}`;
  return headLine(d, scorePart, c);
}

/** JSONL: the decoded Avro record as it is, one line. */
export function formatJson(record: Alert | Decision): string {
  return JSON.stringify(record);
}
