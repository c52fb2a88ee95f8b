/**
 * The overview reads the scorers' own Prometheus endpoints and recomputes nothing: it
 * sums counters across scorers, takes the maximum lag, and derives averages from the
 * histograms' _sum/_count the scorers publish. Rates need two scrapes; the page shows
 * the figures since the scorers started, and the page's script re-polls.
 */
export interface Sample {
  name: string;
  labels: string;
  value: number;
}

export function parseProm(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const value = Number(m[3]);
    if (Number.isFinite(value)) out.push({ name: m[1] as string, labels: m[2] ?? "", value });
  }
  return out;
}

export interface ScorerFigures {
  url: string;
  up: boolean;
  error?: string;
  samples: Sample[];
}

export interface Overview {
  scorers: ScorerFigures[];
  consumed: number;
  decisions: number;
  alerts: number;
  alertRate: number;
  /** Mean end-to-end latency in seconds (histogram sum / count), NaN without data. */
  meanLatencyS: number;
  maxLag: number;
  /** Every sample whose name mentions drift or psi (when the drift metrics exist). */
  drift: Sample[];
}

const sum = (ss: readonly Sample[], name: string) => ss.filter((s) => s.name === name).reduce((a, s) => a + s.value, 0);

export function summarise(scorers: ScorerFigures[]): Overview {
  const all = scorers.flatMap((s) => s.samples);
  const decisions = sum(all, "fraud_decisions_total");
  const alerts = sum(all, "fraud_alerts_total");
  const latSum = sum(all, "fraud_end_to_end_latency_seconds_sum");
  const latCount = sum(all, "fraud_end_to_end_latency_seconds_count");
  const lags = all.filter((s) => s.name === "fraud_consumer_lag").map((s) => s.value);
  return {
    scorers,
    consumed: sum(all, "fraud_consumed_total"),
    decisions,
    alerts,
    alertRate: decisions > 0 ? alerts / decisions : Number.NaN,
    meanLatencyS: latCount > 0 ? latSum / latCount : Number.NaN,
    maxLag: lags.length > 0 ? Math.max(...lags) : Number.NaN,
    drift: all.filter((s) => /drift|psi/i.test(s.name)),
  };
}

export async function scrape(urls: readonly string[], fetcher: typeof fetch = fetch): Promise<Overview> {
  const scorers = await Promise.all(
    urls.map(async (url): Promise<ScorerFigures> => {
      try {
        const r = await fetcher(url, { signal: AbortSignal.timeout(3000) });
        if (!r.ok) return { url, up: false, error: `HTTP ${r.status}`, samples: [] };
        return { url, up: true, samples: parseProm(await r.text()) };
      } catch (err) {
        return { url, up: false, error: (err as Error).message, samples: [] };
      }
    }),
  );
  return summarise(scorers);
}
