import { describe, expect, it } from "vitest";
import { parseFrom } from "../../src/read/from.js";

describe("parseFrom", () => {
  it("knows now and beginning", () => {
    expect(parseFrom("now")).toEqual({ kind: "now" });
    expect(parseFrom("beginning")).toEqual({ kind: "beginning" });
  });

  it("parses zoned ISO times to epoch milliseconds", () => {
    expect(parseFrom("2026-01-01T00:00:00Z")).toEqual({ kind: "time", at: Date.UTC(2026, 0, 1) });
    expect(parseFrom("2026-01-01T01:30:00.250+01:00")).toEqual({
      kind: "time",
      at: Date.UTC(2026, 0, 1, 0, 30, 0, 250),
    });
    expect(parseFrom("2026-03-04T05:06Z")).toEqual({ kind: "time", at: Date.UTC(2026, 2, 4, 5, 6) });
  });

  it("reads a bare date as midnight UTC", () => {
    expect(parseFrom("2026-01-02")).toEqual({ kind: "time", at: Date.UTC(2026, 0, 2) });
  });

  it("refuses times whose meaning would depend on the machine's zone, and nonsense", () => {
    for (const raw of ["2026-01-01T00:00:00", "yesterday", "", "1767225600000", "2026-13-01T00:00:00Z", "NOW"]) {
      const r = parseFrom(raw);
      expect("error" in r, raw).toBe(true);
      if ("error" in r) expect(r.error).toContain(JSON.stringify(raw));
    }
  });
});
