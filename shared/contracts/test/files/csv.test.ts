import { formatCsvRow, parseCsvLine } from "@fraud/contracts";
import { describe, expect, it } from "vitest";

describe("CSV rows (RFC 4180)", () => {
  it("quotes only cells with a comma, quote or newline, and parses them back", () => {
    const cells = ["plain", "a,b", 'say "hi"', "two\nlines", "", "cr\r\nlf", '"'];
    const row = formatCsvRow(cells);
    expect(row).toBe('plain,"a,b","say ""hi""","two\nlines",,"cr\r\nlf",""""');
    expect(parseCsvLine(row)).toEqual(cells);
  });

  it("keeps empty cells at both ends", () => {
    expect(parseCsvLine(",x,")).toEqual(["", "x", ""]);
    expect(parseCsvLine("")).toEqual([""]);
    expect(parseCsvLine('""')).toEqual([""]);
  });

  it("refuses broken quoting", () => {
    expect(() => parseCsvLine('"open')).toThrow(/unclosed/);
    expect(() => parseCsvLine('"a"b,c')).toThrow(/after the closing quote/);
    expect(() => parseCsvLine('a"b,c')).toThrow(/stray quote/);
  });
});
