/**
 * Escaping for server-rendered pages: every interpolated value goes through `e`, and
 * only markup built by our own templates is marked safe (`Safe`). No template engine.
 */
export class Safe {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

const MAP: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function e(v: unknown): string {
  if (v instanceof Safe) return v.html;
  if (v === undefined || v === null) return "";
  if (Array.isArray(v)) return v.map(e).join("");
  return String(v).replace(/[&<>"']/g, (c) => MAP[c] as string);
}

/** Tagged template: values are escaped unless they are Safe (or arrays of Safe). */
export function h(strings: TemplateStringsArray, ...values: unknown[]): Safe {
  let out = strings[0] as string;
  values.forEach((v, i) => {
    out += e(v) + (strings[i + 1] as string);
  });
  return new Safe(out);
}

export const fmtTime = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");

export function fmtAmount(minor: number, currency: string): string {
  const exp = ["JPY", "KRW", "ISK", "CLP", "VND"].includes(currency) ? 0 : 2;
  return `${currency} ${(minor / 10 ** exp).toFixed(exp)}`;
}

export function fmtAgo(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}
