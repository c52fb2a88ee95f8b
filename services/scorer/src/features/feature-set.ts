import { createHash } from "node:crypto";
import { DECLARATIONS, type FeatureDeclaration, featureName, WINDOWS } from "./declarations.js";

/**
 * The compiled form of the declarations: ordered names, a version, and the plan the store
 * executes (which card windows, which terminal windows). Raw aggregates come back from
 * the store in plan order and `derive` turns them into the named features.
 */
export interface FeatureSet {
  /** Changes whenever a declaration or SEMANTICS_REVISION changes. */
  readonly version: string;
  readonly names: readonly string[];
  readonly declarations: readonly FeatureDeclaration[];
  /** Distinct card windows, ms, ascending. */
  readonly cardWindows: readonly number[];
  /** Distinct terminal (window, delay) pairs, ms. */
  readonly terminalWindows: readonly { window: number; delay: number }[];
}

/**
 * Bump when what a feature value means changes (a window's bounds, label visibility,
 * the derivation rules), even if no declaration changes. The version hashes the
 * declarations and this revision, not the implementation: the same values computed by
 * other code (Lua, TypeScript, a faster store) keep the version, so a shipped model card
 * does not go stale on a refactor, and the parity tests are what prove the values equal.
 * Revision 2: card features over the card's events in processing order (at most
 * MAX_EVENTS_PER_CARD before it), terminal trim horizon with terminalSlackMs.
 */
const SEMANTICS_REVISION = 2;

export function buildFeatureSet(declarations: readonly FeatureDeclaration[]): FeatureSet {
  const names = declarations.map(featureName);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new Error(`feature declared twice: ${dup}`);

  const cardWindows = [
    ...new Set(declarations.flatMap((d) => (d.entity === "card" && "window" in d ? [WINDOWS[d.window]] : []))),
  ].sort((a, b) => a - b);
  const termKeys = new Set(
    declarations.flatMap((d) => (d.entity === "terminal" ? [`${WINDOWS[d.window]}:${WINDOWS[d.delay]}`] : [])),
  );
  const terminalWindows = [...termKeys].map((k) => {
    const [window, delay] = k.split(":").map(Number) as [number, number];
    return { window, delay };
  });

  const hash = createHash("sha256").update(JSON.stringify({ declarations, SEMANTICS_REVISION }));
  return Object.freeze({
    version: `fs1-${hash.digest("hex").slice(0, 12)}`,
    names: Object.freeze(names),
    declarations,
    cardWindows: Object.freeze(cardWindows),
    terminalWindows: Object.freeze(terminalWindows),
  });
}

export const FEATURE_SET: FeatureSet = buildFeatureSet(DECLARATIONS);

/** features.json: what training and model cards name the feature set by. */
export function featureSetManifest(set: FeatureSet): string {
  return `${JSON.stringify({ feature_set_version: set.version, features: set.names }, null, 2)}\n`;
}
