import type { CaseView } from "@fraud/cases";
import type { Overview } from "../overview/scrape.js";
import { fmtTime, h } from "../web/html.js";
import { detailBody } from "./detail.js";
import { layout, type PageContext } from "./layout.js";

export function lookupPage(
  ctx: PageContext,
  q: string,
  found:
    | { kind: "none" }
    | { kind: "error"; message: string }
    | { kind: "txn"; view: CaseView }
    | { kind: "card"; card: string; views: CaseView[] },
  fraudOf: (id: string) => boolean,
): string {
  let body = h``;
  if (found.kind === "error") body = h`<p class="error">${found.message}</p>`;
  else if (found.kind === "txn")
    body = h`<h2>Transaction ${found.view.transactionId}</h2>${detailBody(found.view, ctx.csrf, fraudOf)}`;
  else if (found.kind === "card")
    body =
      found.views.length === 0
        ? h`<p>Nothing indexed for ${found.card}.</p>`
        : h`<h2>Card ${found.card}</h2><table class="history"><thead><tr><th>Event time</th><th>Transaction</th><th>Score</th><th>Verdict</th><th>Labels</th><th>Case</th></tr></thead><tbody>
${found.views.map((v) => {
  const r = v.alert ?? v.decision;
  return h`<tr><td>${r ? fmtTime(r.event_time) : ""}</td><td><a href="/alerts/${encodeURIComponent(v.transactionId)}">${v.transactionId}</a></td>
<td class="num">${r?.score.toFixed(3)}</td><td>${r?.decision}</td><td>${v.labels.map((l) => (l.is_fraud ? "fraud " : "not fraud "))}</td><td>${v.state.status.replace("_", " ")} ${v.history.length > 0 ? `(${v.history.length} actions)` : ""}</td></tr>`;
})}</tbody></table>`;
  return layout(
    "Lookup",
    ctx,
    h`<h1>Lookup</h1><form method="get" action="/lookup" class="filters"><label>Transaction id or card token <input name="q" id="q" size="40" value="${q}"></label><button type="submit">Find</button></form>${body}`,
  );
}

const n = (v: number, digits = 0) => (Number.isNaN(v) ? "–" : v.toFixed(digits));

export function overviewPage(
  ctx: PageContext,
  o: Overview,
  indexed: { alerts: number; decisions: number; labels: number },
): string {
  return layout(
    "Overview",
    ctx,
    h`<h1>Overview</h1><p><small>Read from the scorers' /metrics (since each scorer started); the page refreshes every 10 s.</small></p>
<table class="overview"><tbody>
<tr><th>Transactions consumed</th><td id="ov-consumed">${n(o.consumed)}</td></tr>
<tr><th>Decisions</th><td id="ov-decisions">${n(o.decisions)}</td></tr>
<tr><th>Alerts</th><td>${n(o.alerts)}</td></tr>
<tr><th>Alert rate</th><td>${Number.isNaN(o.alertRate) ? "–" : `${(o.alertRate * 100).toFixed(2)} %`}</td></tr>
<tr><th>Mean end-to-end latency</th><td>${Number.isNaN(o.meanLatencyS) ? "–" : `${(o.meanLatencyS * 1000).toFixed(1)} ms`}</td></tr>
<tr><th>Consumer lag (max over partitions)</th><td>${n(o.maxLag)}</td></tr>
</tbody></table>
<h2>Drift</h2>${o.drift.length === 0 ? h`<p>No drift metrics published by these scorers.</p>` : h`<table><tbody>${o.drift.map((s) => h`<tr><th>${s.name}${s.labels}</th><td>${s.value.toFixed(4)}</td></tr>`)}</tbody></table>`}
<h2>Scorers</h2><ul>${o.scorers.length === 0 ? h`<li>None configured (CONSOLE_METRICS_URLS).</li>` : o.scorers.map((s) => h`<li>${s.url}: ${s.up ? "up" : `down (${s.error ?? ""})`}</li>`)}</ul>
<h2>Console index</h2><p>${indexed.alerts} alerts, ${indexed.decisions} decisions, ${indexed.labels} labelled transactions in memory.</p>`,
  );
}
