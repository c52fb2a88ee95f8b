import { describe, expect, it } from "vitest";
import { parseProm, scrape } from "../../src/overview/scrape.js";

const A = `# HELP fraud_decisions_total x
# TYPE fraud_decisions_total counter
fraud_decisions_total{decision="approve"} 90
fraud_decisions_total{decision="review"} 10
fraud_alerts_total 10
fraud_consumed_total 100
fraud_consumer_lag{topic="t",partition="0"} 3
fraud_consumer_lag{topic="t",partition="1"} 7
fraud_end_to_end_latency_seconds_sum 2
fraud_end_to_end_latency_seconds_count 100
fraud_feature_drift_psi{feature="txn_amount_value"} 0.12
`;
const B = "fraud_decisions_total 100\nfraud_alerts_total 30\nfraud_consumer_lag 1\n";

describe("overview", () => {
  it("parses samples with and without labels", () => {
    expect(parseProm(A).filter((s) => s.name === "fraud_consumer_lag")).toEqual([
      { name: "fraud_consumer_lag", labels: '{topic="t",partition="0"}', value: 3 },
      { name: "fraud_consumer_lag", labels: '{topic="t",partition="1"}', value: 7 },
    ]);
  });

  it("sums counters over scorers, takes the largest lag, and reports a scorer that is down", async () => {
    const pages: Record<string, string> = { "http://a/metrics": A, "http://b/metrics": B };
    const fetcher = (async (url: string) => {
      const body = pages[url];
      if (body === undefined) throw new Error("connection refused");
      return new Response(body);
    }) as typeof fetch;
    const o = await scrape(["http://a/metrics", "http://b/metrics", "http://c/metrics"], fetcher);
    expect(o.decisions).toBe(200);
    expect(o.alerts).toBe(40);
    expect(o.alertRate).toBeCloseTo(0.2);
    expect(o.maxLag).toBe(7);
    expect(o.meanLatencyS).toBeCloseTo(0.02);
    expect(o.drift.map((s) => s.name)).toEqual(["fraud_feature_drift_psi"]);
    expect(o.scorers.map((s) => s.up)).toEqual([true, true, false]);
    expect(o.scorers[2]?.error).toBe("connection refused");
  });
});
