import { readFileSync } from "node:fs";
import { errorTable } from "@fraud/platform";
import { expect, it } from "vitest";

it("the README's error catalogue is the one errors.ts renders", () => {
  const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
  const embedded = /<!-- error-table:start -->\n([\s\S]*?)\n<!-- error-table:end -->/.exec(readme)?.[1];
  // Regenerate with: npx tsx services/scorer/src/cli/error-table.ts (cells compared trimmed).
  expect(normalize(embedded ?? "")).toEqual(normalize(errorTable()));
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
