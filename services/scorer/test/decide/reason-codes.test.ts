import { describe, expect, it } from "vitest";
import { normalizeTable, readmeTable } from "../../../../test/support/readme-table.js";
import { catalogueMarkdown, codeOf, reasonCatalogue, reasonCode } from "../../src/decide/reason-codes.js";
import { DECLARATIONS, type FeatureDeclaration, featureName } from "../../src/features/declarations.js";

describe("reason codes", () => {
  it("gives every declared feature one code, unique, shaped R_<ENTITY>_<WHAT>[_<WINDOW>]", () => {
    const codes = reasonCatalogue().map((e) => e.code);
    expect(codes).toHaveLength(DECLARATIONS.length);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^R_(TXN|CARD|TERMINAL)_[A-Z_]+(_\d+[HD])?$/);
  });

  it("derives the code from the declaration, not from a typed list", () => {
    const spike: FeatureDeclaration = { entity: "card", input: "amount", op: "ratio_to_avg", window: "7d" };
    expect(codeOf(spike)).toBe("R_CARD_AMOUNT_SPIKE_7D");
    expect(reasonCode(featureName(spike))).toBe("R_CARD_AMOUNT_SPIKE_7D");
    const risk: FeatureDeclaration = { entity: "terminal", input: "fraud", op: "risk", window: "30d", delay: "7d" };
    expect(reasonCode(featureName(risk))).toBe("R_TERMINAL_FRAUD_RISK_30D");
    // A feature outside the declarations still gets a well-formed code.
    expect(reasonCode("f-7")).toBe("R_FEATURE_F_7");
  });

  it("the README's catalogue is the one the declarations render", () => {
    // Regenerate with: npx tsx services/scorer/src/cli/reason-codes.ts
    expect(readmeTable("reason-codes")).toEqual(normalizeTable(catalogueMarkdown()));
  });
});
