import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createMetrics } from "../../services/scorer/src/ops/metrics.js";
import { ROOT, run, yamlDocs } from "./support.js";

/**
 * Alert rules and the dashboard are checked against the scorer itself: promtool (Debian's
 * prometheus package, installed by bin/setup) validates the rules and runs their unit
 * tests, and every metric an expression names must be one the scorer registers.
 */
const PROMTOOL = ["/usr/bin/promtool", "/usr/local/bin/promtool"].find(existsSync);
const RULES = "infra/prometheus/alerts.yml";
const DASHBOARD = "infra/grafana/fraud-scorer.json";

/** Names a scrape of the scorer can show: its metrics, histogram series, default process metrics. */
async function exported(): Promise<Set<string>> {
  const registry = new Registry();
  createMetrics(registry);
  const names = new Set<string>();
  for (const m of await registry.getMetricsAsJSON()) {
    names.add(m.name);
    if (String(m.type) === "histogram") for (const s of ["_bucket", "_count", "_sum"]) names.add(m.name + s);
  }
  return names;
}

/** Metric names in a PromQL expression (ours are fraud_*, the defaults process_* and nodejs_*). */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\b((?:fraud|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1] as string);
}

interface RuleFile {
  groups: { rules: { record?: string; alert?: string; expr: string }[] }[];
}
const rules = (yamlDocs(RULES)[0] as unknown as RuleFile).groups.flatMap((g) => g.rules);
const dashboard = JSON.parse(readFileSync(join(ROOT, DASHBOARD), "utf8")) as {
  panels: { title: string; targets: { expr: string }[] }[];
};

describe("alert rules and dashboard", () => {
  it("promtool accepts the rules and their unit tests pass", async () => {
    if (!PROMTOOL) throw new Error("promtool is missing: run bin/setup (it installs Debian's prometheus package)");
    const check = await run(PROMTOOL, ["check", "rules", join(ROOT, RULES)]);
    expect(check.stdout).toMatch(/SUCCESS/);
    const tests = await run(PROMTOOL, ["test", "rules", join(ROOT, "infra/prometheus/alerts.test.yml")]);
    expect(tests.stdout).toMatch(/SUCCESS/);
  });

  it("cover lag, stalled decisions, dead letters, retries, scorer down and readiness flapping", () => {
    const alerts = rules.flatMap((r) => (r.alert ? [r.alert] : []));
    expect(alerts).toEqual(
      expect.arrayContaining([
        "FraudScorerLagGrowing",
        "FraudScorerNoDecisions",
        "FraudDeadLetterRate",
        "FraudScorerRetryStorm",
        "FraudScorerDown",
        "FraudScorerReadinessFlapping",
      ]),
    );
  });

  it("every metric the rules and the dashboard query is exported by the scorer", async () => {
    const names = await exported();
    const used = new Map<string, string>();
    for (const r of rules) for (const n of metricNames(r.expr)) used.set(n, `rule ${r.alert ?? r.record}`);
    for (const p of dashboard.panels) {
      expect(p.targets.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets) for (const n of metricNames(t.expr)) used.set(n, `panel ${p.title}`);
    }
    const missing = [...used].filter(([n]) => !names.has(n)).map(([n, where]) => `${n} (${where})`);
    expect(missing).toEqual([]);
    // The check can fail: a name the scorer does not export is caught.
    expect(metricNames("rate(fraud_made_up_total[5m])").filter((n) => !names.has(n))).toEqual(["fraud_made_up_total"]);
    // And it is not vacuous: the dashboard shows the lag, stages and RSS.
    expect([...used.keys()]).toEqual(
      expect.arrayContaining([
        "fraud_consumer_lag",
        "fraud_stage_duration_seconds_bucket",
        "process_resident_memory_bytes",
      ]),
    );
  });
});
