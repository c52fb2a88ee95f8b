import { configTable } from "@fraud/platform";
import { expect, it } from "vitest";
import { normalizeTable, readmeTable } from "../../../test/support/readme-table.js";
import { consoleOwnSettings } from "../src/config.js";

it("the README's console configuration table is the one the config schema renders", () => {
  // Regenerate with: npx tsx services/console/src/cli/config-table.ts
  expect(readmeTable("console-config-table")).toEqual(normalizeTable(configTable(consoleOwnSettings)));
});
