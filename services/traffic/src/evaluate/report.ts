import type { EvaluationReport } from "./metrics.js";

const pct = (x: number) => (Number.isNaN(x) ? "n/a" : `${(x * 100).toFixed(2)} %`);
const num = (x: number) => (Number.isNaN(x) ? "n/a" : x.toFixed(4));

/** The human-readable table the evaluate CLI prints. */
export function formatReport(r: EvaluationReport, extra: Record<string, string | number> = {}): string {
  const rows: [string, string][] = [
    ["transactions scored", String(r.transactions)],
    ["frauds among them", `${r.frauds} (${pct(r.frauds / r.transactions)})`],
    ["AUC-ROC", num(r.aucRoc)],
    ["average precision", num(r.averagePrecision)],
    ["precision @ threshold", pct(r.precision)],
    ["recall @ threshold", pct(r.recall)],
    ["alert rate", pct(r.alertRate)],
    [`card precision top-${r.k}/day`, pct(r.cardPrecisionTopK)],
    ...Object.entries(extra).map(([k, v]) => [k, String(v)] as [string, string]),
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n");
}

/** JSON with NaN as null (JSON has no NaN). */
export function reportJson(r: object): string {
  return JSON.stringify(r, (_k, v) => (typeof v === "number" && Number.isNaN(v) ? null : v), 2);
}
