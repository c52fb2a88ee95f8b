import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readTruth } from "../../src/sinks/truth-file.js";

const dir = mkdtempSync(join(tmpdir(), "truth-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("readTruth (CSV by header name, as training reads it)", () => {
  it("finds the columns by name, in any order, ignoring extra ones", async () => {
    const path = file(
      "reordered.csv",
      "scenario,note,is_fraud,transaction_id\ncard_testing,x,true,tx-1\n,y,false,tx-2\n",
    );
    const truth = await readTruth(path);
    expect([...truth.values()]).toEqual([
      { transaction_id: "tx-1", is_fraud: true, scenario: "card_testing" },
      { transaction_id: "tx-2", is_fraud: false, scenario: "genuine" },
    ]);
  });

  it("reads a file without a scenario column", async () => {
    const truth = await readTruth(file("two.csv", "is_fraud,transaction_id\ntrue,tx-9\n"));
    expect(truth.get("tx-9")).toEqual({ transaction_id: "tx-9", is_fraud: true, scenario: "unknown" });
  });

  it("refuses a header without is_fraud, naming what it found", async () => {
    const path = file("bad.csv", "transaction_id,fraud\ntx-1,true\n");
    await expect(readTruth(path)).rejects.toMatchObject({
      code: "FRAUD_ERR_FILE_PARSE",
      message: expect.stringContaining("needs columns transaction_id and is_fraud, got transaction_id,fraud"),
    });
  });
});
