import { describe, expect, it } from "vitest";
import { scorerSettings } from "../../services/scorer/src/config.js";
import { yamlDocs } from "./support.js";

/**
 * docker-compose.yml parsed (YAML 1.1 merge keys resolved, as compose does) and checked
 * structurally. `docker compose config` would be the reference validator, but it needs
 * the Docker CLI, which this machine does not have.
 */
// biome-ignore lint/suspicious/noExplicitAny: compose files are free-form YAML, read field by field
type Service = Record<string, any>;
const [compose] = yamlDocs("docker-compose.yml");
const services = (compose?.services ?? {}) as Record<string, Service>;

describe("docker-compose.yml", () => {
  it("every dependency names a service of the file with a condition compose knows", () => {
    for (const [name, svc] of Object.entries(services)) {
      for (const [dep, spec] of Object.entries((svc.depends_on ?? {}) as Record<string, { condition: string }>)) {
        expect(Object.keys(services), `${name} depends on ${dep}`).toContain(dep);
        expect(["service_started", "service_healthy", "service_completed_successfully"]).toContain(spec.condition);
        if (spec.condition === "service_healthy")
          expect(services[dep]?.healthcheck, `${dep} healthcheck`).toBeDefined();
      }
    }
  });

  it("publishes ports on loopback only", () => {
    for (const [name, svc] of Object.entries(services)) {
      for (const port of (svc.ports ?? []) as string[]) expect(port, name).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it("the scorer has a health check on /healthz and publishes its metrics port", () => {
    const scorer = services.scorer as Service;
    const port = Number(scorer.environment.HTTP_PORT);
    expect(scorer.environment.HTTP_HOST).toBe("0.0.0.0");
    expect(scorer.healthcheck.test.join(" ")).toContain(`http://127.0.0.1:${port}/healthz`);
    expect(scorer.healthcheck.start_period).toBeDefined();
    expect((scorer.ports as string[]).some((p) => p.endsWith(`:${port}`))).toBe(true);
  });

  it("the scorer's environment holds only settings it reads", () => {
    const known = new Set([...Object.values(scorerSettings).map((s) => s.env), "KAFKAJS_NO_PARTITIONER_WARNING"]);
    for (const key of Object.keys(services.scorer?.environment ?? {})) expect(known.has(key), key).toBe(true);
  });
});
