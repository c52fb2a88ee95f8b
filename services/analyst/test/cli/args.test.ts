import { describe, expect, it } from "vitest";
import { helpText, OPTIONS, parseTailArgs } from "../../src/cli/args.js";

const ok = (argv: string[]) => {
  const p = parseTailArgs(argv);
  if (!("args" in p)) throw new Error(`expected args, got ${JSON.stringify(p)}`);
  return p.args;
};
const err = (argv: string[]) => {
  const p = parseTailArgs(argv);
  if (!("error" in p)) throw new Error(`expected an error, got ${JSON.stringify(p)}`);
  return p.error;
};

describe("parseTailArgs", () => {
  it("defaults to new alerts, readable, unfiltered, endless", () => {
    expect(ok([])).toEqual({ kind: "alert", from: { kind: "now" }, filter: {}, json: false });
  });

  it("selects decisions by either spelling", () => {
    expect(ok(["--decisions"]).kind).toBe("decision");
    expect(ok(["--topic", "decisions"]).kind).toBe("decision");
    expect(err(["--topic", "alerts", "--decisions"])).toMatch(/contradicts/);
    expect(err(["--topic", "labels"])).toMatch(/--topic/);
  });

  it("combines filters", () => {
    expect(ok(["--card", "tok_a", "--terminal", "t1", "--min-score", "0.75"]).filter).toEqual({
      card: "tok_a",
      terminal: "t1",
      minScore: 0.75,
    });
    expect(err(["--min-score", "high"])).toMatch(/--min-score/);
    expect(err(["--min-score", ""])).toMatch(/--min-score/);
  });

  it("parses the start, the limit and the idle exit", () => {
    const a = ok(["--from", "2026-01-01T00:00:00Z", "--limit", "5", "--idle-exit", "2.5", "--json"]);
    expect(a.from).toEqual({ kind: "time", at: Date.UTC(2026, 0, 1) });
    expect(a.limit).toBe(5);
    expect(a.idleMs).toBe(2500);
    expect(a.json).toBe(true);
    expect(err(["--limit", "0"])).toMatch(/--limit/);
    expect(err(["--limit", "1.5"])).toMatch(/--limit/);
    expect(err(["--idle-exit", "-1"])).toMatch(/--idle-exit/);
    expect(err(["--from", "tomorrow"])).toMatch(/--from/);
  });

  it("rejects unknown options and stray arguments", () => {
    expect(err(["--colour"])).toMatch(/colour/);
    expect(err(["alerts"])).toBeTruthy();
  });

  it("documents every option and the environment in --help", () => {
    expect(parseTailArgs(["--help"])).toEqual({ help: true });
    const help = helpText();
    for (const name of Object.keys(OPTIONS)) expect(help).toContain(`--${name}`);
    for (const env of [
      "KAFKA_BROKERS",
      "KAFKA_SASL_MECHANISM",
      "TOPIC_ALERTS",
      "TOPIC_DECISIONS",
      "SCHEMA_REGISTRY_URL",
    ]) {
      expect(help).toContain(env);
    }
  });
});
