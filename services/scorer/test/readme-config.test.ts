import { configTable } from "@fraud/platform";
import { expect, it } from "vitest";
import { normalizeTable, readmeTable } from "../../../test/support/readme-table.js";
import { scorerSettings } from "../src/config.js";

it("the README's configuration table is the one the config schema renders", () => {
  // Regenerate with: npx tsx services/scorer/src/cli/config-table.ts
  expect(readmeTable("config-table")).toEqual(normalizeTable(configTable(scorerSettings)));
});
