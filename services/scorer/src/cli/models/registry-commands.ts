import { join } from "node:path";
import { FraudError } from "@fraud/platform";
import type { Kafka } from "kafkajs";
import { FEATURE_SET } from "../../features/index.js";
import { storeArtifacts, summarize, validateModelDir } from "../../score/registry/artifacts.js";
import {
  champion,
  previousChampion,
  promote,
  type RegistryState,
  register,
  rollback,
  type Stage,
  shadow,
  type Who,
} from "../../score/registry/state.js";
import { publishRegistry, readRegistry } from "../../score/registry/topic.js";

export interface RegistryContext {
  kafka: Kafka;
  topic: string;
  deployment: string;
  registryDir: string;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export async function list(c: RegistryContext): Promise<string> {
  const s = await readRegistry(c.kafka, c.topic, c.deployment);
  if (s.versions.length === 0) return `deployment ${c.deployment}: no versions registered (revision ${s.revision})\n`;
  const since = (v: string) => [...s.history].reverse().find((h) => h.version === v);
  const rows = s.versions.map((v) => {
    const h = since(v.version);
    return [v.version, v.stage, v.card.feature_set_version, h ? iso(h.at) : "", h?.by ?? "", h?.why ?? ""];
  });
  return `deployment ${c.deployment}, revision ${s.revision}\n${table(["version", "stage", "feature set", "since", "by", "why"], rows)}`;
}

export async function show(c: RegistryContext, version: string): Promise<string> {
  const s = await readRegistry(c.kafka, c.topic, c.deployment);
  const v = s.versions.find((x) => x.version === version);
  if (!v) throw new FraudError("MODEL_PROMOTION_REFUSED", `version ${version} is not registered in ${c.deployment}`);
  const lines = [
    `version      ${v.version}`,
    `stage        ${v.stage}`,
    `artifacts    ${join(c.registryDir || "$MODEL_REGISTRY_DIR", v.dir)}`,
    `feature set  ${v.card.feature_set_version} (${v.card.features} features)`,
    `thresholds   review ${v.card.thresholds.review}, decline ${v.card.thresholds.decline}`,
    `drift refs   ${v.card.has_reference_distributions ? "yes" : "no (drift off for this version)"}`,
    ...Object.entries(v.card.metrics ?? {}).map(([k, x]) => `metric       ${k} = ${x}`),
    "history",
    ...s.history
      .filter((h) => h.version === version)
      .map((h) => `  ${iso(h.at)}  ${h.from ?? "(new)"} → ${h.to}  by ${h.by}: ${h.why}`),
  ];
  return `${lines.join("\n")}\n`;
}

export async function registerDir(c: RegistryContext, dir: string, who: Who): Promise<string> {
  needRegistryDir(c);
  const card = await validateModelDir(dir, FEATURE_SET);
  const s = await readRegistry(c.kafka, c.topic, c.deployment);
  // Checked before copying, so a refused registration leaves no folder behind.
  register(s, { version: card.model_version, dir: card.model_version, card: summarize(card) }, who);
  const folder = await storeArtifacts(c.registryDir, dir, card);
  await publishRegistry(
    c.kafka,
    c.topic,
    register(s, { version: card.model_version, dir: folder, card: summarize(card) }, who),
  );
  return `registered ${card.model_version} as candidate in ${c.deployment}\n`;
}

export async function promoteVersion(c: RegistryContext, version: string, to: Stage, who: Who): Promise<string> {
  const s = await readRegistry(c.kafka, c.topic, c.deployment);
  const entry = s.versions.find((v) => v.version === version);
  if (entry && (to === "shadow" || to === "champion")) {
    needRegistryDir(c);
    await validateModelDir(join(c.registryDir, entry.dir), FEATURE_SET);
  }
  const next = promote(s, version, to, who);
  await publishRegistry(c.kafka, c.topic, next);
  return `${describe(next)}\n`;
}

export async function rollbackChampion(c: RegistryContext, who: Who): Promise<string> {
  const s = await readRegistry(c.kafka, c.topic, c.deployment);
  const back = previousChampion(s);
  const entry = s.versions.find((v) => v.version === back);
  if (entry) {
    needRegistryDir(c);
    await validateModelDir(join(c.registryDir, entry.dir), FEATURE_SET);
  }
  const next = rollback(s, who);
  await publishRegistry(c.kafka, c.topic, next);
  return `rolled back: ${describe(next)}\n`;
}

function describe(s: RegistryState): string {
  return `${s.deployment} revision ${s.revision}: champion ${champion(s)?.version ?? "(none: MODEL_DIR)"}, shadow ${shadow(s)?.version ?? "(none)"}`;
}

function needRegistryDir(c: RegistryContext): void {
  if (!c.registryDir) {
    throw new FraudError("CONFIG_INVALID", "MODEL_REGISTRY_DIR is not set: point it at the registry's artifact folder");
  }
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((x, i) => x.padEnd(widths[i] as number))
      .join("  ")
      .trimEnd();
  return `${[line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n")}\n`;
}
