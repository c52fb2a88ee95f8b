import { readFileSync } from "node:fs";
import { configTable } from "@fraud/platform";
import { expect, it } from "vitest";
import { apiOwnSettings } from "../src/config.js";

// Cells compared trimmed: the formatter re-pads the README's columns.
const cells = (line: string) =>
  line
    .split("|")
    .map((c) => c.trim())
    .join("|");

it("the README's API settings table is the one the config schema renders", () => {
  const readme = new Set(
    readFileSync(new URL("../../../README.md", import.meta.url), "utf8")
      .split("\n")
      .map(cells),
  );
  // Regenerate with: npx tsx services/api/src/cli/config-table.ts
  const rows = configTable(apiOwnSettings()).split("\n").slice(2).map(cells);
  expect(rows.filter((r) => !readme.has(r))).toEqual([]);
});
