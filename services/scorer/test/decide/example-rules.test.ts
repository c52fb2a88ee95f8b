import { fileURLToPath } from "node:url";
import { loadRuleFile, vocabulary } from "@fraud/rules";
import { describe, expect, it } from "vitest";
import { FEATURE_SET } from "../../src/features/index.js";

describe("the shipped example rules", () => {
  it("load against the scorer's own features", () => {
    const path = fileURLToPath(new URL("../../rules/example.yaml", import.meta.url));
    const set = loadRuleFile(path, vocabulary(FEATURE_SET.names));
    expect(set.rules.length).toBe(7);
    expect(set.version).toMatch(/^example-[0-9a-f]{12}$/);
  });
});
