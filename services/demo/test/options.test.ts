import { describe, expect, it } from "vitest";
import { DEFAULTS, parseDuration, parseOptions, UsageError } from "../src/options.js";

describe("parseOptions", () => {
  it("has the documented defaults", () => {
    const o = parseOptions([]);
    expect(o).toMatchObject({ rate: DEFAULTS.rate, durationMs: 60_000, historyDays: DEFAULTS.historyDays });
    expect(o).toMatchObject({ keep: false, topics: "demo", view: true, help: false });
  });
  it("reads every option", () => {
    const o = parseOptions(
      "--rate 50 --duration 10s --history-days 0 --seed 3 --cards 10 --terminals 5 --keep --topics standard --no-view".split(
        " ",
      ),
    );
    expect(o).toEqual({
      rate: 50,
      durationMs: 10_000,
      historyDays: 0,
      seed: 3,
      cards: 10,
      terminals: 5,
      keep: true,
      topics: "standard",
      view: false,
      help: false,
    });
  });
  it("rejects bad values with a usage error", () => {
    expect(() => parseOptions(["--rate", "0"])).toThrow(UsageError);
    expect(() => parseOptions(["--topics", "mine"])).toThrow(UsageError);
    expect(() => parseOptions(["--cards", "1.5"])).toThrow(UsageError);
    expect(() => parseOptions(["--bogus"])).toThrow(UsageError);
  });
});

describe("parseDuration", () => {
  it("reads units and bare seconds", () => {
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("2m")).toBe(120_000);
    expect(parseDuration("90")).toBe(90_000);
    expect(() => parseDuration("soon")).toThrow(UsageError);
  });
});
