import { readFileSync } from "node:fs";
import { configTable } from "@fraud/platform";
import { expect, it } from "vitest";
import { scorerSettings } from "../src/config.js";

it("the README's configuration table is the one the config schema renders", () => {
  const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
  const embedded = /<!-- config-table:start -->\n([\s\S]*?)\n<!-- config-table:end -->/.exec(readme)?.[1];
  // Regenerate with: npx tsx services/scorer/src/cli/config-table.ts (the formatter may
  // re-pad the columns, so cells are compared trimmed).
  expect(normalize(embedded ?? "")).toEqual(normalize(configTable(scorerSettings)));
});

function normalize(table: string): string[] {
  return table
    .trim()
    .split("\n")
    .map((line) =>
      line
        .split("|")
        .map((cell) => cell.trim().replace(/^-{3,}$/, "---"))
        .join("|"),
    );
}
