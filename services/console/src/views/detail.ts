import type { CaseView, DecisionView } from "@fraud/cases";
import { isFraud, reasonCode, stringList } from "@fraud/cases";
import { fmtAmount, fmtTime, h, type Safe } from "../web/html.js";
import { layout, type PageContext } from "./layout.js";
import { waterfall } from "./waterfall.js";

function facts(v: CaseView): Safe {
  const a = v.alert;
  const d = v.decision;
  const r = a ?? d;
  if (!r) return h`<p class="error">Nothing indexed for this transaction.</p>`;
  const review = d?.review_threshold ?? a?.threshold;
  const decline = d?.decline_threshold;
  const extra = a ?? (d as Record<string, unknown> | undefined);
  const opt = (k: string) => {
    const val = (extra as Record<string, unknown> | undefined)?.[k];
    return typeof val === "string" && val !== "" ? h`<dt>${k.replace("_", " ")}</dt><dd>${val}</dd>` : "";
  };
  return h`<dl class="facts">
<dt>Transaction</dt><dd id="txid">${v.transactionId}</dd>
<dt>Event time</dt><dd>${fmtTime(r.event_time)}</dd>
<dt>Amount</dt><dd>${fmtAmount(r.amount_minor, r.currency)}</dd>
<dt>Card</dt><dd><a href="/lookup?q=${encodeURIComponent(r.card_token)}">${r.card_token}</a></dd>
<dt>Terminal</dt><dd>${r.terminal_id}</dd>
${opt("merchant_category")}${opt("channel")}${opt("country")}${opt("customer_id")}
<dt>Verdict</dt><dd class="verdict ${r.decision}">${r.decision}</dd>
<dt>Score</dt><dd>${scoreBar(r.score, review, decline)}</dd>
<dt>Model</dt><dd>${r.model_version} <small>(features ${r.feature_set_version})</small></dd>
${a?.verdict_reason ? h`<dt>Verdict reason</dt><dd>${a.verdict_reason}</dd>` : ""}
</dl>`;
}

function scoreBar(score: number, review?: number, decline?: number): Safe {
  const x = (v: number) => (v * 300).toFixed(1);
  return h`<svg class="scorebar" width="320" height="30" viewBox="0 0 320 30" role="img" aria-label="score ${score.toFixed(3)}">
<rect x="0" y="8" width="300" height="10" class="track"/><rect x="0" y="8" width="${x(score)}" height="10" class="fill"/>
${review === undefined ? "" : h`<line x1="${x(review)}" x2="${x(review)}" y1="2" y2="24" class="review"><title>review ≥ ${review.toFixed(3)}</title></line>`}
${decline === undefined ? "" : h`<line x1="${x(decline)}" x2="${x(decline)}" y1="2" y2="24" class="decline"><title>decline ≥ ${decline.toFixed(3)}</title></line>`}
</svg> <b>${score.toFixed(3)}</b> <small>${review === undefined ? "" : `review ≥ ${review.toFixed(3)}`}${decline === undefined ? "" : `, decline ≥ ${decline.toFixed(3)}`}</small>`;
}

function historyRows(rows: readonly DecisionView[], v: CaseView, labelsOf: (id: string) => boolean): Safe {
  if (rows.length === 0) return h`<p>No decisions of this card are indexed.</p>`;
  return h`<table class="history"><thead><tr><th>Event time</th><th>Transaction</th><th>Amount</th><th>Terminal</th><th>Score</th><th>Verdict</th><th>Fraud label</th></tr></thead><tbody>
${rows.map(
  (d) => h`<tr class="${d.transaction_id === v.transactionId ? "current" : ""}"><td>${fmtTime(d.event_time)}</td>
<td><a href="/alerts/${encodeURIComponent(d.transaction_id)}">${d.transaction_id}</a></td><td class="num">${fmtAmount(d.amount_minor, d.currency)}</td>
<td>${d.terminal_id}</td><td class="num">${d.score.toFixed(3)}</td><td class="verdict ${d.decision}">${d.decision}</td><td>${labelsOf(d.transaction_id) ? "fraud" : ""}</td></tr>`,
)}</tbody></table>`;
}

function actions(v: CaseView, csrf: string): Safe {
  const id = encodeURIComponent(v.transactionId);
  const form = (path: string, body: Safe) =>
    h`<form method="post" action="/alerts/${id}/${path}" class="action"><input type="hidden" name="_csrf" value="${csrf}">${body}</form>`;
  return h`<div class="actions">
${form("label", h`<input type="hidden" name="verdict" value="fraud"><button class="fraud" id="confirm-fraud">Confirm fraud</button>`)}
${form("label", h`<input type="hidden" name="verdict" value="legit"><button class="legit" id="not-fraud">Not fraud</button>`)}
${form("assign", h`<button id="assign">Assign to me</button>`)}
${form("resolve", h`<input name="note" maxlength="500" placeholder="note" size="30"><button id="resolve">Resolve</button>`)}
</div>`;
}

export function caseSection(v: CaseView): Safe {
  return h`<h2>Case</h2><p>Status <b class="status ${v.state.status}">${v.state.status.replace("_", " ")}</b>${v.state.assignee ? h` · assigned to <b>${v.state.assignee}</b>` : ""}</p>
<h3>Labels</h3>${v.labels.length === 0 ? h`<p>None on <code>labels</code> yet.</p>` : h`<ul class="labels">${v.labels.map((l) => h`<li>${l.is_fraud ? "fraud" : "not fraud"} · ${l.source} · ${fmtTime(l.label_time)} · <code>${l.label_id}</code></li>`)}</ul>`}
<h3>History</h3>${v.history.length === 0 ? h`<p>No actions yet.</p>` : h`<ol class="case-history">${v.history.map((a) => h`<li>${fmtTime(a.at)} · <b>${a.by}</b> · ${a.kind.replace("_", " ")}${a.published === false ? " (already published)" : ""}${a.note ? h` · “${a.note}”` : ""}</li>`)}</ol>`}`;
}

export function detailBody(v: CaseView, csrf: string | undefined, fraudOf: (id: string) => boolean): Safe {
  const a = v.alert;
  const rules = stringList(a?.matched_rules ?? v.decision?.matched_rules);
  const rate = v.terminalRate;
  return h`${facts(v)}
${csrf && (a || v.decision) ? actions(v, csrf) : ""}
<h2>Reasons</h2>${a ? h`${waterfall(a.reasons, a.reasons_method === "treeshap" ? a.reasons_base : undefined)}<ul class="reasons">${[...a.reasons].sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution)).map((r) => h`<li><code>${reasonCode(r)}</code> ${r.detail}</li>`)}</ul>` : h`<p>No alert for this transaction (it was not flagged).</p>`}
${rules.length > 0 ? h`<h2>Matched rules</h2><ul>${rules.map((r) => h`<li><code>${r}</code></li>`)}</ul>${a?.rules_version ? h`<p><small>rules ${a.rules_version}</small></p>` : ""}` : ""}
<h2>Terminal</h2>${rate ? h`<p id="terminal-rate">${rate.frauds} fraud of ${rate.transactions} indexed transactions in the ${rate.days} days before this one${Number.isNaN(rate.rate) ? "" : ` (${(rate.rate * 100).toFixed(1)} %)`}.</p>` : ""}
<h2>Card's transactions up to this one</h2><div id="card-history">${historyRows(v.cardHistory, v, fraudOf)}</div>
<div id="case">${caseSection(v)}</div>`;
}

export function detailPage(ctx: PageContext, v: CaseView, fraudOf: (id: string) => boolean): string {
  return layout(
    `Alert ${v.transactionId}`,
    ctx,
    h`<h1>Alert ${v.transactionId}</h1>${detailBody(v, ctx.csrf, fraudOf)}`,
  );
}

export { isFraud };
