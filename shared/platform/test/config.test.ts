import { describe, expect, it } from "vitest";
import {
  bool,
  configTable,
  duration,
  editDistance,
  int,
  kafkaSettings,
  list,
  loadConfig,
  oneOf,
  secret,
  str,
  unknownSettingWarnings,
} from "../src/index.js";

const schema = {
  brokers: list("BROKERS", "Kafka brokers.", ["127.0.0.1:9092"], /^[^\s:]+:\d+$/, "host:port"),
  batch: int("BATCH", "Batch size.", 100, 1, 1000),
  tls: bool("TLS", "Use TLS.", false),
  level: oneOf("LEVEL", "Log level.", ["info", "debug"] as const, "info"),
  wait: duration("WAIT", "Wait.", 5000, "5s"),
  password: secret("PASSWORD", "Password."),
  name: str("NAME", "A required name."),
};

describe("loadConfig", () => {
  it("parses a valid environment into a frozen, typed object with defaults", () => {
    const c = loadConfig(schema, { NAME: "x", BATCH: "250", TLS: "true", WAIT: "2m", BROKERS: "a:1, b:2" });
    expect(c).toEqual({
      brokers: ["a:1", "b:2"],
      batch: 250,
      tls: true,
      level: "info",
      wait: 120_000,
      password: "",
      name: "x",
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("fails at start with every problem, each naming the variable and what to fix, never echoing a secret", () => {
    try {
      loadConfig(schema, { BATCH: "lots", LEVEL: "loud", BROKERS: "nope", WAIT: "soon", TLS: "maybe" });
      expect.unreachable();
    } catch (e) {
      const err = e as { code: string; message: string };
      expect(err.code).toBe("FRAUD_ERR_CONFIG_INVALID");
      for (const v of [
        'BATCH="lots"',
        'LEVEL="loud"',
        'BROKERS="nope"',
        'WAIT="soon"',
        'TLS="maybe"',
        "NAME is required",
      ]) {
        expect(err.message).toContain(v);
      }
      expect(err.message).toMatch(/must be a duration such as/);
    }
    expect(() =>
      loadConfig(
        {
          p: {
            ...secret("P", "pw"),
            parse: () => {
              throw new Error("bad");
            },
          },
        },
        { P: "hunter2" },
      ),
    ).toThrow(/P=\(hidden\)/);
  });

  it("renders the README table from the same schema", () => {
    const table = configTable(kafkaSettings);
    expect(table).toContain("| `KAFKA_BROKERS` | `127.0.0.1:19092` |");
    expect(table).toContain("| `KAFKA_SASL_PASSWORD` | `(unset)` |");
  });
});

describe("unknown variables", () => {
  const known = {
    brokers: list("KAFKA_BROKERS", "Kafka brokers.", ["127.0.0.1:9092"]),
    review: int("REVIEW_THRESHOLD_PCT", "Review threshold.", 50),
  };

  it("warns about a prefixed or near-miss variable, naming the closest known one", () => {
    const warnings: string[] = [];
    loadConfig(
      known,
      { KAFKA_BROKER: "x:1", REVEIW_THRESHOLD_PCT: "3", HOME: "/root", KAFKAJS_NO_PARTITIONER_WARNING: "1" },
      { warn: (l) => warnings.push(l) },
    );
    expect(warnings).toEqual([
      "warning: KAFKA_BROKER is not a setting of this service and is ignored; did you mean KAFKA_BROKERS?",
      "warning: REVEIW_THRESHOLD_PCT is not a setting of this service and is ignored; did you mean REVIEW_THRESHOLD_PCT?",
    ]);
  });

  it("stays quiet about prefixes the service does not use", () => {
    expect(unknownSettingWarnings(known, { SCORER_GROUP_ID: "g", PATH: "/bin" })).toEqual([]);
  });

  it("stays quiet about what the stack script prints for users to export", () => {
    const redis = { url: list("REDIS_URL", "Redis.", ["redis://127.0.0.1:6379"]) };
    expect(unknownSettingWarnings(redis, { REDIS_CLUSTER_URL: "redis://127.0.0.1:17001" })).toEqual([]);
    expect(unknownSettingWarnings(redis, { REDIS_URI: "redis://x" })).toHaveLength(1);
  });

  it("measures edit distance", () => {
    expect([editDistance("KAFKA_BROKER", "KAFKA_BROKERS"), editDistance("REVEIW", "REVIEW")]).toEqual([1, 2]);
  });
});
