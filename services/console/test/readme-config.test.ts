import { readFileSync } from "node:fs";
import { configTable } from "@fraud/platform";
import { expect, it } from "vitest";
import { consoleOwnSettings } from "../src/config.js";

it("the README's console configuration table is the one the config schema renders", () => {
  const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
  const embedded = /<!-- console-config-table:start -->\n([\s\S]*?)\n<!-- console-config-table:end -->/.exec(
    readme,
  )?.[1];
  // Regenerate with: npx tsx services/console/src/cli/config-table.ts
  expect(normalize(embedded ?? "")).toEqual(normalize(configTable(consoleOwnSettings)));
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
