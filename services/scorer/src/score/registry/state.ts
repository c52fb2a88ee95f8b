import { FraudError } from "@fraud/platform";

/**
 * The model registry of one deployment, as one JSON document: the value of the
 * deployment's key on the compacted `models` topic (the latest record is the state).
 * Pure transitions; the CLI applies one and publishes the result, scorers follow it.
 * Stages as in MLflow's registry: candidate → shadow → champion → retired. At most one
 * champion and one shadow at a time; whoever held the slot before is retired.
 */
export const REGISTRY_SCHEMA = "fraud-model-registry/1";

export type Stage = "candidate" | "shadow" | "champion" | "retired";
export const STAGES: readonly Stage[] = ["candidate", "shadow", "champion", "retired"];

/** What the registry keeps of a model card (the card itself is in the version's folder). */
export interface CardSummary {
  feature_set_version: string;
  features: number;
  thresholds: { review: number; decline: number };
  has_reference_distributions: boolean;
  metrics?: Record<string, number>;
}

export interface VersionEntry {
  version: string;
  stage: Stage;
  /** Folder name under MODEL_REGISTRY_DIR with model.onnx, model-card.json, report.html. */
  dir: string;
  card: CardSummary;
}

export interface Change {
  /** Epoch ms. */
  at: number;
  by: string;
  why: string;
  version: string;
  from: Stage | null;
  to: Stage;
}

export interface RegistryState {
  schema: typeof REGISTRY_SCHEMA;
  deployment: string;
  /** Increases by one per published state; a writer checks it landed on top of what it read. */
  revision: number;
  versions: VersionEntry[];
  history: Change[];
}

export const emptyState = (deployment: string): RegistryState => ({
  schema: REGISTRY_SCHEMA,
  deployment,
  revision: 0,
  versions: [],
  history: [],
});

export const champion = (s: RegistryState) => s.versions.find((v) => v.stage === "champion");
export const shadow = (s: RegistryState) => s.versions.find((v) => v.stage === "shadow");

export interface Who {
  by: string;
  why: string;
  at: number;
}

const refuse = (msg: string, details: Record<string, unknown> = {}) =>
  new FraudError("MODEL_PROMOTION_REFUSED", msg, { details });

function next(s: RegistryState, versions: VersionEntry[], changes: Change[]): RegistryState {
  return { ...s, revision: s.revision + 1, versions, history: [...s.history, ...changes] };
}

export function register(s: RegistryState, entry: Omit<VersionEntry, "stage">, who: Who): RegistryState {
  if (s.versions.some((v) => v.version === entry.version)) {
    throw refuse(`version ${entry.version} is already registered`, { version: entry.version });
  }
  const change: Change = { ...who, version: entry.version, from: null, to: "candidate" };
  return next(s, [...s.versions, { ...entry, stage: "candidate" }], [change]);
}

/** Moves a version to a stage; the previous holder of a champion or shadow slot is retired. */
export function promote(s: RegistryState, version: string, to: Stage, who: Who): RegistryState {
  const target = s.versions.find((v) => v.version === version);
  if (!target) throw refuse(`version ${version} is not registered (models register DIR first)`, { version });
  if (target.stage === to) throw refuse(`version ${version} is already ${to}`, { version, to });
  if (to === "candidate") throw refuse("a version never goes back to candidate; retire it instead", { version });
  if (target.stage === "champion") {
    throw refuse(`version ${version} is the champion; promote another version to champion (or roll back) instead`, {
      version,
    });
  }
  const changes: Change[] = [];
  const versions = s.versions.map((v) => {
    if (v.version === version) {
      changes.push({ ...who, version, from: v.stage, to });
      return { ...v, stage: to };
    }
    if ((to === "champion" || to === "shadow") && v.stage === to) {
      changes.push({ ...who, version: v.version, from: v.stage, to: "retired" });
      return { ...v, stage: "retired" as const };
    }
    return v;
  });
  return next(s, versions, changes);
}

/** The champion before the current one: the last version that left the champion stage and is not champion now. */
export function previousChampion(s: RegistryState): string | undefined {
  const current = champion(s)?.version;
  for (let i = s.history.length - 1; i >= 0; i--) {
    const c = s.history[i] as Change;
    if (c.from === "champion" && c.version !== current && s.versions.some((v) => v.version === c.version)) {
      return c.version;
    }
  }
  return undefined;
}

export function rollback(s: RegistryState, who: Who): RegistryState {
  const back = previousChampion(s);
  if (!back) throw refuse("there is no previous champion to roll back to");
  return promote(s, back, "champion", who);
}

/** Parses a registry record value; anything else is MODEL_REGISTRY_INVALID. */
export function parseState(value: Buffer | string, where: string): RegistryState {
  let json: unknown;
  try {
    json = JSON.parse(value.toString());
  } catch (cause) {
    throw new FraudError("MODEL_REGISTRY_INVALID", `${where}: not JSON`, { cause });
  }
  const s = json as Partial<RegistryState>;
  if (
    typeof s !== "object" ||
    s === null ||
    s.schema !== REGISTRY_SCHEMA ||
    typeof s.deployment !== "string" ||
    !Number.isInteger(s.revision) ||
    !Array.isArray(s.versions) ||
    !Array.isArray(s.history)
  ) {
    throw new FraudError("MODEL_REGISTRY_INVALID", `${where}: not a ${REGISTRY_SCHEMA} document`);
  }
  for (const v of s.versions) {
    if (typeof v?.version !== "string" || !STAGES.includes(v.stage) || typeof v.dir !== "string") {
      throw new FraudError("MODEL_REGISTRY_INVALID", `${where}: a version entry lacks version, stage or dir`);
    }
    if (v.dir.includes("/") || v.dir.includes("\\") || v.dir.startsWith(".")) {
      throw new FraudError("MODEL_REGISTRY_INVALID", `${where}: version ${v.version} has an unsafe dir ${v.dir}`);
    }
  }
  return s as RegistryState;
}
