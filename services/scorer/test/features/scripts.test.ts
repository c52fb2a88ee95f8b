import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LUA_DIR, SCRIPTS, scriptSource } from "../../src/features/redis-port.js";

// Each script's SHA (what EVALSHA names it by) is pinned, so a change to a script is a
// deliberate act: update the pin, and ask whether SEMANTICS_REVISION (feature-set.ts)
// must move too.
const PINNED: Record<(typeof SCRIPTS)[number], string> = {
  "adoptParked-1.lua": "2a2cfca38d8fb80bfe926f56ec1e36b61935f3ad",
  "findOrParkLabel-1.lua": "aa8cfb808cfbc77ebc572e6e6d3782cb8349b661",
  "recordFraud-2.lua": "5fb94526164de20dbd2388060afb6936e8a643bb",
  "recordTerminal-10.lua": "3186bef6abe6856c072d0ff2b20638793cbde4a3",
  "replaceHistory-1.lua": "8648b1ca02fb78ec8d34fab14d513745d4d4c971",
  "sweepPendingLabels-1.lua": "93c604b6db90ca8a94b081e11c53b9ed52c9b4b1",
};

describe("Lua scripts", () => {
  it.each(SCRIPTS)("%s has its pinned SHA", (file) => {
    expect(createHash("sha1").update(scriptSource(file)).digest("hex")).toBe(PINNED[file]);
  });

  it("every script in lua/ is loaded, named <verbNoun>-<numKeys>.lua, and never calls TIME", () => {
    const files = readdirSync(LUA_DIR).filter((f) => f.endsWith(".lua"));
    expect(files.sort()).toEqual([...SCRIPTS].sort());
    for (const f of files) {
      expect(f).toMatch(/^[a-z][A-Za-z]+-\d+\.lua$/);
      const src = scriptSource(f);
      expect(src).not.toMatch(/'TIME'/);
      const keys = Number(/-(\d+)\.lua$/.exec(f)?.[1]);
      // Each key is documented, alone ("KEYS[3]") or in a range ("KEYS[5..]").
      const range = Number(/KEYS\[(\d+)\.\.\]/.exec(src)?.[1] ?? Number.POSITIVE_INFINITY);
      for (let k = 1; k <= Math.min(keys, range - 1); k++) {
        expect(src, `${f} documents KEYS[${k}]`).toContain(`KEYS[${k}]`);
      }
      if (range > keys) expect(src, `${f} uses no key beyond its count`).not.toContain(`KEYS[${keys + 1}]`);
    }
  });
});
