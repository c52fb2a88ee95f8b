import { readFileSync } from "node:fs";

/**
 * A table the README embeds between `<!-- NAME:start -->` and `<!-- NAME:end -->`, and the
 * rendered one, normalised for comparison: the formatter re-pads markdown columns, so
 * cells are compared trimmed.
 */
export function readmeTable(name: string): string[] {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const at = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(readme);
  return normalizeTable(at?.[1] ?? "");
}

export function normalizeTable(table: string): string[] {
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
