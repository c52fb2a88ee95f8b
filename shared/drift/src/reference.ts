import type { ReferenceDistribution } from "./psi.js";

/**
 * The card's `reference_distributions` section (written by training/fraudtrain/validation.py
 * `references`): the score's and every feature's distribution on the training window.
 * Read defensively: older cards have none, and a malformed entry is skipped, not fatal,
 * because drift monitoring is advisory and must never stop scoring.
 */
export interface DriftReferences {
  score?: ReferenceDistribution;
  features: Record<string, ReferenceDistribution>;
}

export function parseReferences(json: unknown): DriftReferences | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  const r = json as { score?: unknown; features?: unknown };
  const features: Record<string, ReferenceDistribution> = {};
  if (typeof r.features === "object" && r.features !== null) {
    for (const [name, d] of Object.entries(r.features)) {
      const ok = distribution(d);
      if (ok) features[name] = ok;
    }
  }
  const score = distribution(r.score);
  if (!score && Object.keys(features).length === 0) return undefined;
  return score ? { score, features } : { features };
}

function distribution(d: unknown): ReferenceDistribution | undefined {
  if (typeof d !== "object" || d === null) return undefined;
  const { edges, shares, missing_share } = d as Record<string, unknown>;
  const numbers = (x: unknown): x is number[] => Array.isArray(x) && x.every((v) => typeof v === "number");
  if (!numbers(edges) || !numbers(shares) || shares.length !== edges.length + 1) return undefined;
  if (edges.some((e, i) => i > 0 && e <= (edges[i - 1] as number))) return undefined;
  return { edges, shares, missing_share: typeof missing_share === "number" ? missing_share : 0 };
}
