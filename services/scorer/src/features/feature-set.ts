import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { DECLARATIONS, type FeatureDeclaration, featureName, WINDOWS } from "./declarations.js";

/**
 * The compiled form of the declarations: ordered names, a version, and the plan the Lua
 * script executes (which card windows, which terminal windows). Raw aggregates come back
 * from Redis in plan order and `derive` turns them into the named features.
 */
export interface FeatureSet {
  /** Changes whenever a declaration, the Lua scripts or the derivation rules change. */
  readonly version: string;
  readonly names: readonly string[];
  readonly declarations: readonly FeatureDeclaration[];
  /** Distinct card windows, ms, ascending. */
  readonly cardWindows: readonly number[];
  /** Distinct terminal (window, delay) pairs, ms. */
  readonly terminalWindows: readonly { window: number; delay: number }[];
}

/** Bump when derive.ts changes what a raw aggregate means. */
const DERIVATION_REVISION = 1;

export const LUA_DIR = new URL("./lua/", import.meta.url);

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

  const hash = createHash("sha256").update(JSON.stringify({ declarations, DERIVATION_REVISION }));
  for (const script of ["scoreTransaction-7.lua", "applyLabel-3.lua"]) {
    hash.update(luaCode(readFileSync(new URL(script, LUA_DIR), "utf8")));
  }
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

/** The script without comments and blank space: editing a header does not change the version. */
function luaCode(source: string): string {
  return source
    .replace(/--\[\[[\s\S]*?\]\]/g, "")
    .replace(/--[^\n]*/g, "")
    .replace(/\s+/g, " ")
    .trim();
}
