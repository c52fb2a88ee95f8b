import { readFileSync } from "node:fs";
import { configTable } from "@fraud/platform";
import { expect, it } from "vitest";
import { apiOwnSettings } from "../src/config.js";

it("the README's API settings table is the one the config schema renders", () => {
  const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
  const table = configTable(apiOwnSettings());
  // Regenerate with: npx tsx services/api/src/cli/config-table.ts
  const rows = table.split("\n").slice(2);
  for (const row of rows) expect(readme).toContain(row);
});
