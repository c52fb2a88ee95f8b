import { describe, expect, it } from "vitest";
import {
  champion,
  emptyState,
  parseState,
  previousChampion,
  promote,
  type RegistryState,
  register,
  rollback,
  shadow,
} from "../../../src/score/registry/state.js";

const who = (why: string, at = 1) => ({ by: "ana", why, at });
const card = {
  feature_set_version: "fs1-x",
  features: 30,
  thresholds: { review: 0.5, decline: 0.9 },
  has_reference_distributions: false,
};

function withVersions(...versions: string[]): RegistryState {
  return versions.reduce((s, v) => register(s, { version: v, dir: v, card }, who(`register ${v}`)), emptyState("d"));
}

describe("registry state", () => {
  it("registers candidates and records who, when and why", () => {
    const s = withVersions("a", "b");
    expect(s.revision).toBe(2);
    expect(s.versions.map((v) => [v.version, v.stage])).toEqual([
      ["a", "candidate"],
      ["b", "candidate"],
    ]);
    expect(s.history[1]).toEqual({ by: "ana", why: "register b", at: 1, version: "b", from: null, to: "candidate" });
    expect(() => register(s, { version: "a", dir: "a", card }, who("again"))).toThrow(/already registered/);
  });

  it("keeps one champion and one shadow, retiring the previous holder", () => {
    let s = withVersions("a", "b", "c");
    s = promote(s, "a", "champion", who("first"));
    s = promote(s, "c", "shadow", who("challenge"));
    s = promote(s, "b", "champion", who("better"));
    expect(champion(s)?.version).toBe("b");
    expect(shadow(s)?.version).toBe("c");
    expect(s.versions.find((v) => v.version === "a")?.stage).toBe("retired");
    s = promote(s, "c", "champion", who("shadow won"));
    expect([champion(s)?.version, shadow(s)]).toEqual(["c", undefined]);
  });

  it("refuses what makes no sense, saying why", () => {
    const s = promote(withVersions("a"), "a", "champion", who("first"));
    expect(() => promote(s, "zz", "shadow", who("x"))).toThrow(/not registered/);
    expect(() => promote(s, "a", "champion", who("x"))).toThrow(/already champion/);
    expect(() => promote(s, "a", "retired", who("x"))).toThrow(/is the champion/);
    expect(() => rollback(s, who("x"))).toThrow(/no previous champion/);
  });

  it("rolls back to the previous champion, and again to the one before", () => {
    let s = withVersions("a", "b");
    s = promote(s, "a", "champion", who("first", 1));
    s = promote(s, "b", "champion", who("second", 2));
    expect(previousChampion(s)).toBe("a");
    s = rollback(s, who("b misbehaves", 3));
    expect(champion(s)?.version).toBe("a");
    expect(s.history.at(-2)).toMatchObject({ version: "a", from: "retired", to: "champion", why: "b misbehaves" });
    expect(previousChampion(s)).toBe("b");
  });

  it("parses only registry documents with safe folder names", () => {
    const s = withVersions("a");
    expect(parseState(JSON.stringify(s), "t")).toEqual(s);
    expect(() => parseState("{", "t")).toThrow(/not JSON/);
    expect(() => parseState(JSON.stringify({ ...s, schema: "x" }), "t")).toThrow(/not a fraud-model-registry/);
    const evil = { ...s, versions: [{ ...s.versions[0], dir: "../../etc" }] };
    expect(() => parseState(JSON.stringify(evil), "t")).toThrow(/unsafe dir/);
  });
});
