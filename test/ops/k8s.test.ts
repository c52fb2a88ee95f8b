import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, TOPICS } from "@fraud/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scorerSettings } from "../../services/scorer/src/config.js";
import { OPS_PYTHON, ROOT, read, requireOpsVenv, run, yamlDocs } from "./support.js";

/**
 * infra/k8s validated offline: every manifest against the Kubernetes schemas that
 * kubernetes-validate ships (strict: unknown fields fail) or, for the ScaledObject,
 * the KEDA CRD schema checked in; then the numbers against the code: settings the
 * scorer reads, the shutdown budget, the partition count, the probe port.
 */
const K8S = "infra/k8s";
const KUBERNETES_VERSION = "1.37.0";
const KEDA_SCHEMA = join(ROOT, K8S, "schemas/keda-scaledobject-v1alpha1.json");
const manifests = readdirSync(join(ROOT, K8S)).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml");

/** The metadata keys KEDA's Kafka scaler reads (kedacore/keda pkg/scalers/kafka_scaler.go, v2.20). */
const KAFKA_SCALER_KEYS = new Set(
  "activationLagThreshold allowIdleConsumers awsRegion bootstrapServers ca cert consumerGroup ensureEvenDistributionOfPartitions excludePersistentLag fullMetadata kerberosConfig kerberosDisableFAST kerberosServiceName key keyPassword keytab lagThreshold limitToPartitionsWithLag oauthExtensions oauthTokenEndpointUri offsetResetPolicy partitionLimitation password realm sasl saslTokenProvider scaleToZeroOnInvalidOffset scopes tls topic unsafeSsl username version".split(
    " ",
  ),
);

/** Scorer benchmark peak RSS (services/scorer/bench/run.ts --events 20000 --load-rate 300 --load-seconds 10). */
const MEASURED_PEAK_RSS_MIB = 302;

async function validate(files: string[]): Promise<Record<string, string[]>> {
  const { stdout } = await run(
    OPS_PYTHON,
    [join(ROOT, "test/ops/k8s_validate.py"), KUBERNETES_VERSION, KEDA_SCHEMA, ...files],
    {
      maxBuffer: 1 << 24,
    },
  );
  return JSON.parse(stdout) as Record<string, string[]>;
}

// biome-ignore lint/suspicious/noExplicitAny: manifests are free-form YAML, read field by field
type Doc = Record<string, any>;
const byKind = (kind: string): Doc => {
  for (const f of manifests) for (const d of yamlDocs(join(K8S, f))) if (d.kind === kind) return d as Doc;
  throw new Error(`no ${kind} in ${K8S}`);
};
const mib = (q: string): number => {
  const m = /^(\d+)(Mi|Gi)$/.exec(q);
  if (!m) throw new Error(`unexpected quantity ${q}`);
  return Number(m[1]) * (m[2] === "Gi" ? 1024 : 1);
};

describe("Kubernetes manifests", () => {
  const tmp = mkdtempSync(join(tmpdir(), "k8s-"));
  beforeAll(() => requireOpsVenv());
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("pass the Kubernetes and KEDA schemas", async () => {
    const result = await validate(manifests.map((f) => join(ROOT, K8S, f)));
    expect(Object.keys(result)).toHaveLength(manifests.length);
    for (const [doc, errors] of Object.entries(result)) expect(errors, doc).toEqual([]);
  }, 120_000);

  it("the validators do reject a broken Deployment and ScaledObject", async () => {
    const badDeployment = join(tmp, "deployment.yaml");
    writeFileSync(badDeployment, read(`${K8S}/deployment.yaml`).replace("replicas: 1", "replicas: one"));
    const badScaled = join(tmp, "scaledobject.yaml");
    writeFileSync(
      badScaled,
      read(`${K8S}/scaledobject.yaml`).replace("maxReplicaCount: 12", "maxReplicaCount: twelve"),
    );
    const result = await validate([badDeployment, badScaled]);
    expect(result[`${badDeployment}#0`]?.join()).toMatch(/replicas/);
    expect(result[`${badScaled}#0`]?.join()).toMatch(/maxReplicaCount/);
  }, 120_000);

  it("kustomization lists every manifest", () => {
    const [k] = yamlDocs(`${K8S}/kustomization.yaml`) as Doc[];
    expect([...((k?.resources ?? []) as string[])].sort()).toEqual([...manifests].sort());
  });

  it("ConfigMap and Secret hold only settings the scorer reads, and parse with its config schema", () => {
    const known = new Set(Object.values(scorerSettings).map((s) => s.env));
    const secretEnvs = new Set(
      Object.values(scorerSettings)
        .filter((s) => (s as { secret?: boolean }).secret)
        .map((s) => s.env),
    );
    const cm = byKind("ConfigMap").data as Record<string, string>;
    const secret = byKind("Secret").stringData as Record<string, string>;
    for (const key of Object.keys(cm)) expect(known.has(key), `ConfigMap ${key}`).toBe(true);
    for (const key of Object.keys(secret)) expect(secretEnvs.has(key), `Secret ${key}`).toBe(true);
    for (const key of Object.keys(cm)) expect(secretEnvs.has(key), `${key} belongs in the Secret`).toBe(false);
    expect(() => loadConfig(scorerSettings, cm)).not.toThrow();
  });

  it("grace period covers the worst-case shutdown: every step at SHUTDOWN_STEP_TIMEOUT", () => {
    const config = loadConfig(scorerSettings, byKind("ConfigMap").data);
    // The steps are the { name, run } entries main.ts hands to runShutdown.
    const main = read("services/scorer/src/main.ts");
    const steps = (main.slice(main.indexOf("runShutdown(")).match(/\{\s*name: "[^"]+",\s*run:/g) ?? []).length;
    expect(steps).toBeGreaterThanOrEqual(5);
    const grace = byKind("Deployment").spec.template.spec.terminationGracePeriodSeconds as number;
    expect(grace * 1000).toBeGreaterThan(steps * config.shutdownTimeoutMs);
  });

  it("probes /healthz and /readyz on the port the scorer listens on; resources cover the measured RSS", () => {
    const config = loadConfig(scorerSettings, byKind("ConfigMap").data);
    const container = byKind("Deployment").spec.template.spec.containers[0];
    const port = container.ports.find((p: Doc) => p.name === "metrics").containerPort;
    expect(port).toBe(config.httpPort);
    expect(config.httpHost).toBe("0.0.0.0");
    expect(container.livenessProbe.httpGet.path).toBe("/healthz");
    expect(container.readinessProbe.httpGet.path).toBe("/readyz");
    expect(mib(container.resources.requests.memory)).toBeGreaterThanOrEqual(MEASURED_PEAK_RSS_MIB);
    expect(mib(container.resources.limits.memory)).toBeGreaterThanOrEqual(1.5 * MEASURED_PEAK_RSS_MIB);
  });

  it("KEDA scales the scorer's group on its input topic, never beyond the partition count", () => {
    const config = loadConfig(scorerSettings, byKind("ConfigMap").data);
    const so = byKind("ScaledObject").spec;
    expect(so.scaleTargetRef.name).toBe(byKind("Deployment").metadata.name);
    expect(so.maxReplicaCount).toBe(TOPICS.transactions.partitions);
    const [trigger] = so.triggers;
    expect(trigger.type).toBe("kafka");
    for (const key of Object.keys(trigger.metadata)) expect(KAFKA_SCALER_KEYS.has(key), key).toBe(true);
    expect(trigger.metadata.consumerGroup).toBe(config.groupId);
    expect(trigger.metadata.topic).toBe(config.transactions);
    expect(trigger.metadata.bootstrapServers).toBe(config.brokers.join(","));
    expect(trigger.metadata.allowIdleConsumers).toBe("false");
  });

  it("PodDisruptionBudget selects the scorer pods", () => {
    const pdb = byKind("PodDisruptionBudget").spec;
    expect(pdb.selector.matchLabels).toEqual(byKind("Deployment").spec.template.metadata.labels);
  });
});
