import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FEATURE_SET } from "../../services/scorer/src/features/index.js";

// The backfill as a tool: real help, no Redis needed (REDIS_URL points at nothing), the
// same output format as before (features.csv + features.json), a summary line.
const run = promisify(execFile);
const tsx = (script: string, args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ["--import", "tsx", script, ...args], {
    env: { ...process.env, ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "fraud-extract-"));
  await tsx("services/traffic/src/cli/simulate.ts", ["--seed", "5", "--days", "3", "--out", join(dir, "sim")]);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("extract-features", () => {
  it("explains itself", async () => {
    const { stdout } = await tsx("services/scorer/src/cli/extract-features.ts", ["--help"]);
    expect(stdout).toMatch(/--transactions FILE/);
    expect(stdout).toMatch(/features\.json/);
    expect(stdout).toMatch(/no Redis/);
  });

  it("refuses to run without its inputs, pointing at --help", async () => {
    await expect(tsx("services/scorer/src/cli/extract-features.ts", [])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--transactions and --out are required/),
    });
  });

  it("writes features.csv and features.json without Redis, and a summary line", async () => {
    const out = join(dir, "features.csv");
    const { stderr } = await tsx(
      "services/scorer/src/cli/extract-features.ts",
      ["--transactions", join(dir, "sim/transactions.csv"), "--labels", join(dir, "sim/labels.csv"), "--out", out],
      { REDIS_URL: "redis://127.0.0.1:1" },
    );
    const transactions = (await readFile(join(dir, "sim/transactions.csv"), "utf8")).trim().split("\n").length - 1;
    const rows = (await readFile(out, "utf8")).trim().split("\n");
    expect(rows[0]).toBe(["transaction_id", "event_time", "card_token", "terminal_id", ...FEATURE_SET.names].join(","));
    expect(rows.length - 1).toBe(transactions);
    expect(rows[1]?.split(",")).toHaveLength(4 + FEATURE_SET.names.length);
    expect(JSON.parse(await readFile(join(dir, "features.json"), "utf8"))).toEqual({
      feature_set_version: FEATURE_SET.version,
      features: FEATURE_SET.names,
    });
    expect(stderr).toMatch(
      new RegExp(`extract-features: ${transactions} transactions, \\d+ labels, 30 features in .* per CPU second`),
    );
  });
});
