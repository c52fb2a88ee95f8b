/**
 * The page's only script and stylesheet, served from here (no CDN, no build). The script
 * keeps the queue live: on each `alert` server-sent event it refetches the rows with the
 * page's own filter. It also refreshes the overview every 10 s.
 */
export const SCRIPT = `"use strict";
(() => {
  const rows = document.getElementById("rows");
  if (rows && window.EventSource) {
    const live = document.getElementById("live");
    let timer = 0;
    const refresh = () => {
      fetch("/queue/rows?" + rows.dataset.query, { credentials: "same-origin" })
        .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
        .then((j) => { rows.innerHTML = j.rows; document.getElementById("n-open").textContent = j.counts.open; document.getElementById("n-review").textContent = j.counts.in_review; document.getElementById("n-resolved").textContent = j.counts.resolved; })
        .catch(() => {});
    };
    const es = new EventSource("/events");
    es.addEventListener("alert", () => { clearTimeout(timer); timer = setTimeout(refresh, 250); });
    es.onopen = () => { if (live) live.className = "live on"; };
    es.onerror = () => { if (live) live.className = "live"; };
  }
  if (document.querySelector("table.overview")) setTimeout(() => location.reload(), 10000);
})();
`;

export const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
header{background:#1d2b3a;color:#fff;padding:.6em 1em;display:flex;gap:1.5em;align-items:center}
header a{color:#cfe3ff;margin-right:1em;text-decoration:none}header nav{display:flex;align-items:center;gap:.5em;flex:1}
.who{margin-left:auto;opacity:.85}form.inline{display:inline}main{padding:1em 1.5em}
table{border-collapse:collapse;background:#fff;width:100%;margin:.5em 0}th,td{padding:.35em .6em;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top}
th{background:#eef1f4;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.decline td.verdict,.verdict.decline{color:#b00020;font-weight:600}tr.review td.verdict,.verdict.review{color:#a15c00;font-weight:600}
.status.open{color:#b00020}.status.in_review{color:#a15c00}.status.resolved{color:#2e7d32}
.filters{display:flex;flex-wrap:wrap;gap:.6em;align-items:end;background:#fff;padding:.6em;border:1px solid #e3e6ea}
.count{margin-right:1em}.live{font-size:.8em;padding:.1em .5em;border-radius:1em;background:#ccc;color:#333}.live.on{background:#2e7d32;color:#fff}
.error{color:#b00020}dl.facts{display:grid;grid-template-columns:10em 1fr;gap:.25em 1em;background:#fff;padding:.8em;border:1px solid #e3e6ea}dt{color:#5b6470}dd{margin:0}
.actions{display:flex;gap:.6em;margin:1em 0}.actions form{display:flex;gap:.3em}button{padding:.35em .8em;cursor:pointer}
button.fraud{background:#b00020;color:#fff;border:0}button.legit{background:#2e7d32;color:#fff;border:0}
svg.waterfall rect.up{fill:#d9534f}svg.waterfall rect.down{fill:#3c8d5a}svg .axis{stroke:#888}svg text{font-size:12px}svg .label{font-family:monospace}
svg.scorebar .track{fill:#e3e6ea}svg.scorebar .fill{fill:#1d2b3a}svg.scorebar .review{stroke:#a15c00;stroke-width:2}svg.scorebar .decline{stroke:#b00020;stroke-width:2}
tr.current{background:#fff6d6}.login{display:grid;gap:.6em;max-width:20em}.empty{color:#5b6470;text-align:center}
`;
