import type { QueueCounts, QueueFilter, QueueRow } from "@fraud/cases";
import { reasonCode } from "@fraud/cases";
import { fmtAgo, fmtAmount, fmtTime, h, type Safe } from "../web/html.js";
import { layout, type PageContext } from "./layout.js";

export function queueRows(rows: readonly QueueRow[], now: number): Safe {
  if (rows.length === 0) return h`<tr><td colspan="9" class="empty">No alerts match.</td></tr>`;
  return h`${rows.map(
    ({ alert: a, state }) => h`<tr data-txid="${a.transaction_id}" class="${a.decision}">
<td><a href="/alerts/${encodeURIComponent(a.transaction_id)}">${a.transaction_id}</a></td>
<td>${fmtTime(a.event_time)}<br><small>${fmtAgo(now - a.scored_at)} ago</small></td>
<td class="verdict">${a.decision}</td><td class="num">${a.score.toFixed(3)}</td>
<td class="num">${fmtAmount(a.amount_minor, a.currency)}</td><td>${a.card_token}</td><td>${a.terminal_id}</td>
<td>${a.reasons.slice(0, 2).map((r) => h`<code>${reasonCode(r)}</code> `)}</td>
<td class="status ${state.status}">${state.status.replace("_", " ")}${state.assignee ? h`<br><small>${state.assignee}</small>` : ""}</td></tr>`,
  )}`;
}

export function countsLine(c: QueueCounts): Safe {
  return h`<span class="count">open <b id="n-open">${c.open}</b></span> <span class="count">in review <b id="n-review">${c.in_review}</b></span> <span class="count">resolved <b id="n-resolved">${c.resolved}</b></span>`;
}

export function queuePage(
  ctx: PageContext,
  f: QueueFilter,
  query: string,
  rows: readonly QueueRow[],
  counts: QueueCounts,
  now: number,
  error?: string,
): string {
  const sel = (name: string, current: string | undefined, options: readonly string[]) =>
    h`<select name="${name}">${options.map((o) => h`<option value="${o}"${o === (current ?? "") ? h` selected` : ""}>${o === "" ? "any" : o}</option>`)}</select>`;
  return layout(
    "Queue",
    ctx,
    h`<h1>Review queue</h1><p id="counts">${countsLine(counts)} <span id="live" class="live">live</span></p>
${error ? h`<p class="error">${error}</p>` : ""}
<form method="get" action="/" class="filters">
<label>Verdict ${sel("verdict", f.verdict, ["", "review", "decline"])}</label>
<label>Status ${sel("status", f.status, ["active", "open", "in_review", "resolved", "all"])}</label>
<label>Score ≥ <input name="minScore" size="4" value="${f.minScore ?? ""}"></label>
<label>Amount ≥ <input name="minAmount" size="7" value="${f.minAmount ?? ""}"></label>
<label>Terminal <input name="terminal" size="12" value="${f.terminal ?? ""}"></label>
<label>Reason <input name="reason" size="18" value="${f.reason ?? ""}"></label>
<label>Age ≤ <input name="age" size="4" placeholder="24h" value="${f.maxAgeMs === undefined ? "" : `${Math.round(f.maxAgeMs / 60000)}m`}"></label>
<label>Sort ${sel("sort", f.sort, ["newest", "riskiest"])}</label>
<button type="submit">Filter</button></form>
<table class="queue"><thead><tr><th>Transaction</th><th>Event time</th><th>Verdict</th><th>Score</th><th>Amount</th><th>Card</th><th>Terminal</th><th>Top reasons</th><th>Case</th></tr></thead>
<tbody id="rows" data-query="${query}">${queueRows(rows, now)}</tbody></table>`,
  );
}
