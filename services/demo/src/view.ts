/**
 * Rendering of the live terminal view: pure functions from a snapshot to text, so the
 * layout is unit-tested without a terminal. The caller decides how to draw (redraw in
 * place on a TTY, a status line every few seconds otherwise).
 */

export type Phase = "starting" | "history" | "catch-up" | "live" | "draining" | "stopping";

export interface AlertLine {
  transactionId: string;
  /** Event time, epoch ms. */
  eventTime: number;
  cardToken: string;
  amountMinor: number;
  currency: string;
  score: number;
  decision: string;
  reasons: readonly { feature: string; value: number; contribution: number; detail: string }[];
}

export interface Snapshot {
  phase: Phase;
  /** Ms since the phase started, and ms left in it when it is bounded. */
  phaseElapsedMs: number;
  phaseLeftMs?: number;
  /** A line of phase detail (history progress). */
  note?: string;
  produced: number;
  scored: number;
  /** Produced, not decided yet: the backlog as the demo sees it. */
  pending: number;
  scoredPerSec: number;
  alertsPerSec: number;
  alerts: number;
  /** End-to-end latency of the live phase, ms. */
  p50Ms: number;
  p99Ms: number;
  /** The scorer's fraud_consumer_lag summed over partitions. */
  lag: number;
  latest: readonly AlertLine[];
}

const num = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const short = (n: number) => (Number.isInteger(n) ? String(n) : n.toPrecision(3));
const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} ms` : "n/a");
// With the date: history alerts carry simulated event times from past days.
const clock = (t: number) => new Date(t).toISOString().slice(5, 19).replace("T", " ");
const secs = (t: number) => `${Math.max(0, Math.round(t / 1000))}s`;

/** "12.34 EUR": amounts are minor units; every simulated currency has two decimals. */
export function money(minor: number, currency: string): string {
  return `${(minor / 100).toFixed(2)} ${currency}`;
}

export function phaseLabel(s: Pick<Snapshot, "phase" | "phaseElapsedMs" | "phaseLeftMs">): string {
  const left = s.phaseLeftMs === undefined ? "" : `, ${secs(s.phaseLeftMs)} left`;
  return `${s.phase} (${secs(s.phaseElapsedMs)}${left})`;
}

function fit(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, Math.max(0, width - 1))}…`;
}

/** One full frame, each line cut to `width` so a narrow terminal never wraps (wrapping breaks redraw in place). */
export function renderFrame(s: Snapshot, width = 100): string[] {
  const lines = [
    `fraud demo · ${phaseLabel(s)}`,
    s.note ? `  ${s.note}` : "",
    `  produced ${s.produced}   scored ${s.scored}   pending ${s.pending}   alerts ${s.alerts}`,
    `  scored/s ${num(s.scoredPerSec)}   alerts/s ${num(s.alertsPerSec, 1)}   consumer lag ${num(s.lag)}`,
    `  end-to-end p50 ${ms(s.p50Ms)}   p99 ${ms(s.p99Ms)}   (live phase, produce → decision read back)`,
    "",
    `  latest alerts (${s.latest.length})`,
    "  event time (UTC) card                  amount          score  decision  top reasons",
  ];
  for (const a of s.latest) {
    const reasons = a.reasons.map((r) => `${r.feature}=${short(r.value)} (+${r.contribution.toFixed(2)})`).join(", ");
    lines.push(
      `  ${clock(a.eventTime)} ${a.cardToken.padEnd(21).slice(0, 21)} ${money(a.amountMinor, a.currency).padStart(15)} ${a.score.toFixed(3).padStart(6)}  ${a.decision.padEnd(8)}  ${reasons}`,
    );
    // The analyst's sentence for the top reason; the others are in the alert record.
    if (a.reasons[0]) lines.push(`      ↳ ${a.reasons[0].detail}`);
  }
  return lines.map((l) => fit(l, width));
}

/** The compact line printed every few seconds when stdout is not a terminal. */
export function statusLine(s: Snapshot): string {
  const note = s.note ? ` ${s.note};` : "";
  return `[${phaseLabel(s)}]${note} produced=${s.produced} scored=${s.scored} pending=${s.pending} scored/s=${num(s.scoredPerSec)} alerts=${s.alerts} alerts/s=${num(s.alertsPerSec, 1)} lag=${num(s.lag)} p50=${ms(s.p50Ms)} p99=${ms(s.p99Ms)}`;
}

/** Redraw in place: home the cursor, rewrite each line clearing its tail, clear below. */
export function redraw(lines: readonly string[]): string {
  return `\x1b[H${lines.map((l) => `${l}\x1b[K`).join("\n")}\n\x1b[J`;
}
