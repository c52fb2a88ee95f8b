import { describe, expect, it } from "vitest";
import { parseDeskArgs } from "../../src/cli/desk-args.js";

const env = { ANALYST_NAME: "bob" };

describe("analyst show|label|queue arguments", () => {
  it("parses each command", () => {
    expect(parseDeskArgs(["show", "tx_1"], env)).toEqual({ ok: { cmd: "show", txid: "tx_1", json: false } });
    expect(parseDeskArgs(["label", "tx_1", "--fraud", "--note", "called the customer"], env)).toEqual({
      ok: { cmd: "label", txid: "tx_1", verdict: "fraud", who: "bob", note: "called the customer" },
    });
    expect(parseDeskArgs(["label", "tx_1", "--legit", "--as", "carol"], env)).toMatchObject({
      ok: { verdict: "legit", who: "carol" },
    });
    expect(
      parseDeskArgs(["queue", "--verdict", "decline", "--min-score", "0.9", "--sort", "riskiest"], env),
    ).toMatchObject({
      ok: { cmd: "queue", filter: { verdict: "decline", minScore: 0.9, sort: "riskiest" } },
    });
  });

  it("refuses what the console refuses, naming the option", () => {
    expect(parseDeskArgs(["label", "tx_1"], env)).toEqual({ error: "label needs exactly one of --fraud or --legit" });
    expect(parseDeskArgs(["label", "tx_1", "--fraud", "--legit"], env)).toMatchObject({
      error: expect.stringMatching(/exactly one/),
    });
    expect(parseDeskArgs(["label", "tx 1", "--fraud"], env)).toMatchObject({ error: expect.stringMatching(/^TXID/) });
    expect(parseDeskArgs(["label", "tx_1", "--fraud", "--note", "4111111111111111"], env)).toMatchObject({
      error: expect.stringMatching(/card number/),
    });
    expect(parseDeskArgs(["queue", "--min-score", "7"], env)).toMatchObject({
      error: expect.stringMatching(/^--min-score/),
    });
    expect(parseDeskArgs(["frobnicate"], env)).toMatchObject({ error: expect.stringMatching(/unknown command/) });
    expect(parseDeskArgs([], env)).toEqual({ help: true });
  });
});
