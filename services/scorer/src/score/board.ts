import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createDriftWindow, type DriftWindow, parseReferences } from "@fraud/drift";
import type { Logger } from "@fraud/platform";
import type { Thresholds } from "../decide/index.js";
import type { Model } from "./model.js";
import { CARD_FILE } from "./registry/artifacts.js";
import { champion, type RegistryState, shadow } from "./registry/state.js";
import type { VersionMemory } from "./version-memory.js";

/** A loaded model version with what scoring needs besides the model. */
export interface Loaded {
  readonly version: string;
  readonly model: Model;
  readonly thresholds: Thresholds;
  /** Live histograms of this version's traffic (PSI only if its card has reference distributions). */
  readonly drift: DriftWindow;
  refs: number;
}

/** The models one batch uses, pinned for the batch's whole life. */
export interface Lease {
  readonly champion: Loaded;
  readonly shadow: Loaded | undefined;
  /** Versions the batch needs besides the champion (transactions decided before a swap). */
  readonly extra: Loaded[];
  release(): void;
}

export interface BoardOptions {
  /** The model of MODEL_DIR: champion while the registry names none. */
  baseline: { model: Model; dir: string };
  /** MODEL_REGISTRY_DIR; undefined = no registry, the baseline decides for the process's life. */
  registryDir: string | undefined;
  load(dir: string): Promise<Model>;
  thresholdsOf(model: Model): Thresholds;
  /** Versions kept loaded besides champion, shadow and baseline, most recently used first. */
  cacheSize: number;
  drift: { size: number; chunks: number; isDefault: (value: number) => boolean };
  memory: VersionMemory | undefined;
  logger: Logger;
  onSwap?: (role: "champion" | "shadow", version: string | undefined) => void;
}

/**
 * The scorer's models. `lease()` at the start of a batch pins the champion (and shadow)
 * for the whole batch; `apply(state)` loads what a new registry state names and then
 * switches in one synchronous assignment, so the next batch uses it and none is split.
 * onnxruntime sessions are reused by version and closed only when no batch holds them
 * and they have fallen out of the small cache (onnxruntime issue 25325: creating and
 * releasing sessions grows RSS, so alternating A/B swaps must not recreate them).
 */
export async function createModelBoard(o: BoardOptions) {
  const loaded = new Map<string, Loaded>();
  let state: RegistryState | undefined;

  async function wrap(model: Model, dir: string): Promise<Loaded> {
    const card = JSON.parse(await readFile(join(dir, CARD_FILE), "utf8")) as { reference_distributions?: unknown };
    const references = parseReferences(card.reference_distributions);
    if (!references)
      o.logger.info({ model: model.version }, "the model card has no reference distributions: drift off");
    return {
      version: model.version,
      model,
      thresholds: o.thresholdsOf(model),
      drift: createDriftWindow({
        references: references ?? { features: {} },
        features: model.features,
        ...o.drift,
      }),
      refs: 0,
    };
  }

  const baseline = await wrap(o.baseline.model, o.baseline.dir);
  loaded.set(baseline.version, baseline);
  let current: { champion: Loaded; shadow: Loaded | undefined } = { champion: baseline, shadow: undefined };

  const inFlight = new Map<string, Promise<Loaded>>();
  /** The version loaded and held (refs + 1, so no concurrent eviction closes it); the caller lets go. */
  async function ensure(version: string, folder: string): Promise<Loaded> {
    const have = loaded.get(version);
    if (have) {
      // Most recently used last: eviction takes from the front.
      loaded.delete(version);
      loaded.set(version, have);
      return hold(have);
    }
    let p = inFlight.get(version);
    if (!p) {
      const dir = join(o.registryDir as string, folder);
      p = o
        .load(dir)
        .then((model) => wrap(model, dir))
        .then((l) => {
          loaded.set(version, l);
          return l;
        })
        .finally(() => inFlight.delete(version));
      inFlight.set(version, p);
    }
    return hold(await p);
  }

  function evict(): void {
    const keep = new Set([baseline.version, current.champion.version, current.shadow?.version]);
    const idle = [...loaded.values()].filter((l) => !keep.has(l.version) && l.refs === 0);
    for (const l of idle.slice(0, Math.max(0, idle.length - o.cacheSize))) {
      loaded.delete(l.version);
      l.model.close().catch((err) => o.logger.warn({ err, model: l.version }, "closing a model session failed"));
    }
  }

  function hold(l: Loaded): Loaded {
    l.refs++;
    return l;
  }

  return {
    baseline,
    current: () => current,
    versions: () => [...loaded.keys()],

    /** Loads what the registry names, then swaps; a model that fails to load leaves its slot as it was. */
    async apply(next: RegistryState): Promise<void> {
      state = next;
      const c = champion(next);
      const s = shadow(next);
      const held: Loaded[] = [];
      let champ = current.champion;
      let shade: Loaded | undefined;
      try {
        champ = c ? await ensure(c.version, c.dir) : baseline;
        if (c) held.push(champ);
      } catch (err) {
        o.logger.error({ err, model: c?.version }, "cannot load the registry's champion; keeping the current one");
      }
      try {
        shade = s ? await ensure(s.version, s.dir) : undefined;
        if (shade) held.push(shade);
      } catch (err) {
        shade = current.shadow;
        o.logger.error({ err, model: s?.version }, "cannot load the registry's shadow; keeping the current one");
      }
      const before = current;
      current = { champion: champ, shadow: shade };
      // Now kept by being current; the hold taken while loading is let go.
      for (const l of held) l.refs--;
      if (before.champion !== champ) o.onSwap?.("champion", champ.version);
      if (before.shadow !== shade) o.onSwap?.("shadow", shade?.version);
      if (before.champion !== champ || before.shadow !== shade) {
        o.logger.info({ champion: champ.version, shadow: shade?.version, revision: next.revision }, "models swapped");
      }
      evict();
    },

    lease(): Lease {
      const { champion: c, shadow: s } = current;
      hold(c);
      if (s) hold(s);
      const extra: Loaded[] = [];
      return {
        champion: c,
        shadow: s,
        extra,
        release() {
          c.refs--;
          if (s) s.refs--;
          for (const e of extra.splice(0)) e.refs--;
          evict();
        },
      };
    },

    /**
     * Splits a batch by the version that must decide each transaction: the lease's
     * champion, unless the version memory says another version decided it before.
     * A remembered version that can no longer be loaded falls back to the champion, logged.
     */
    async assign(lease: Lease, ids: readonly string[]): Promise<Array<{ loaded: Loaded; indices: number[] }>> {
      const all = { loaded: lease.champion, indices: ids.map((_, i) => i) };
      if (!o.memory || ids.length === 0) return [all];
      const versions = await o.memory.claim(ids, lease.champion.version);
      const groups = new Map<string, number[]>();
      versions.forEach((v, i) => {
        const list = groups.get(v) ?? [];
        list.push(i);
        groups.set(v, list);
      });
      if (groups.size === 1 && groups.has(lease.champion.version)) return [all];
      const out: Array<{ loaded: Loaded; indices: number[] }> = [];
      for (const [version, indices] of groups) {
        let l: Loaded | undefined = version === lease.champion.version ? lease.champion : undefined;
        if (!l) {
          const entry = state?.versions.find((v) => v.version === version);
          try {
            l = version === baseline.version ? hold(baseline) : entry ? await ensure(version, entry.dir) : undefined;
          } catch (err) {
            o.logger.warn({ err, model: version }, "cannot load the version that decided these transactions before");
          }
          if (l) lease.extra.push(l);
          else
            o.logger.warn({ model: version, count: indices.length }, "earlier model unavailable; the champion decides");
        }
        const target = l ?? lease.champion;
        const g = out.find((x) => x.loaded === target);
        if (g) g.indices = [...g.indices, ...indices].sort((a, b) => a - b);
        else out.push({ loaded: target, indices });
      }
      return out;
    },

    async close(): Promise<void> {
      for (const l of loaded.values()) await l.model.close().catch(() => undefined);
      loaded.clear();
    },
  };
}

export type ModelBoard = Awaited<ReturnType<typeof createModelBoard>>;
