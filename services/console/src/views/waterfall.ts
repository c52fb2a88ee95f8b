import type { ReasonView } from "@fraud/cases";
import { reasonCode } from "@fraud/cases";
import { h, type Safe } from "../web/html.js";

/**
 * The reasons as a waterfall: each bar starts where the previous one ended, so the
 * chart reads as "how the top contributions add up". Inline SVG, no script.
 */
export function waterfall(reasons: readonly ReasonView[], base?: number | null, top = 8): Safe {
  const rs = [...reasons].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, top);
  if (rs.length === 0) return h`<p>No reasons on this alert.</p>`;
  // TreeSHAP alerts (v2+) carry the model's base value: the bars then start there and
  // end at (about) logit(score); occlusion contributions start at 0.
  const start = typeof base === "number" && Number.isFinite(base) ? base : 0;
  let cum = start;
  const steps = rs.map((r) => {
    const from = cum;
    cum += r.contribution;
    return { r, from, to: cum };
  });
  const lo = Math.min(0, start, ...steps.map((s) => Math.min(s.from, s.to)));
  const hi = Math.max(0, start, ...steps.map((s) => Math.max(s.from, s.to)));
  const span = hi - lo || 1;
  const W = 360;
  const L = 230;
  const row = 26;
  const x = (v: number) => L + ((v - lo) / span) * W;
  const height = steps.length * row + 24;
  return h`<svg class="waterfall" role="img" aria-label="Contributions to the score" width="${L + W + 70}" height="${height}" viewBox="0 0 ${L + W + 70} ${height}">
<line x1="${x(0)}" y1="0" x2="${x(0)}" y2="${height - 18}" class="axis"/>
${steps.map((s, i) => {
  const y = i * row + 4;
  const left = Math.min(x(s.from), x(s.to));
  const w = Math.max(1, Math.abs(x(s.to) - x(s.from)));
  const cls = s.r.contribution >= 0 ? "up" : "down";
  return h`<text x="${L - 6}" y="${y + 15}" text-anchor="end" class="label">${reasonCode(s.r)}</text>
<rect x="${left.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${row - 8}" class="${cls}"><title>${s.r.detail}</title></rect>
<text x="${(Math.max(x(s.from), x(s.to)) + 4).toFixed(1)}" y="${y + 15}" class="value">${s.r.contribution >= 0 ? "+" : ""}${s.r.contribution.toFixed(3)}</text>`;
})}
<text x="${x(start)}" y="${height - 4}" text-anchor="middle" class="tick">${start === 0 ? "0" : `base ${start.toFixed(3)}`}</text>
<text x="${x(cum).toFixed(1)}" y="${height - 4}" text-anchor="middle" class="tick">Σ ${cum.toFixed(3)}</text></svg>`;
}
