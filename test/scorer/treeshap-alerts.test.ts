import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Alert, createCodecs } from "@fraud/contracts";
import { describe, expect, it } from "vitest";
import { createTreeShap, reasonCode } from "../../services/scorer/src/decide/index.js";
import {
  DECLARATIONS,
  FEATURE_SET,
  featureName,
  describe as sentence,
} from "../../services/scorer/src/features/index.js";
import { loadOnnxModel, type TreeEnsemble } from "../../services/scorer/src/score/index.js";
import { cleanupLater, consumeAll } from "../support/helpers.js";
import {
  deployment,
  produceTransactions,
  scorerTopics,
  startScorer,
  stopScorer,
  transaction,
} from "../support/scorer.js";

// The real scorer process with a LightGBM model that ships its trees: every alert on the
// real stack carries exact TreeSHAP contributions (checked against our own computation from
// the alert's features) and the reason codes of the catalogue.
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);
const TOP_K = 5;
const t0 = Date.parse("2026-03-02T12:00:00.000Z");

describe("alerts on the real stack with a tree model", () => {
  it("carry TreeSHAP contributions in log-odds, the base value, reason codes and sentences", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fraud-treeshap-alerts-"));
    cleanupLater(`remove ${dir}`, () => rm(dir, { recursive: true, force: true }));
    await run(
      join(ROOT, "training/.venv/bin/python"),
      [
        join(ROOT, "test/scorer/treeshap_fixture.py"),
        "train",
        "--out",
        dir,
        "--features",
        FEATURE_SET.names.join(","),
        "--feature-set-version",
        FEATURE_SET.version,
      ],
      { env: { ...process.env, PYTHONPATH: join(ROOT, "training") } },
    );
    // Review threshold 0: every transaction is flagged, so every one is explained.
    const d = deployment(await scorerTopics(2), dir, {
      REVIEW_THRESHOLD: "0",
      DECLINE_THRESHOLD: "0.99",
      REASONS_TOP_K: String(TOP_K),
    });
    const scorer = await startScorer(d);
    const txs = Array.from({ length: 24 }, (_, i) =>
      transaction({
        transaction_id: `s${i}`,
        card_token: `tok_${i % 4}`,
        event_time: t0 + i * 7 * 60_000,
        amount_minor: 500 + ((i * 7919) % 90_000),
      }),
    );
    await produceTransactions(d.topics.transactions, txs);
    const codecs = await createCodecs();
    const alerts = (await consumeAll(d.topics.alerts, { expected: txs.length, timeoutMs: 60_000 })).map(
      (r) => codecs.alert.decode(r.value) as Alert,
    );
    await stopScorer(scorer);
    expect(scorer.output()).toMatch(
      /"reasons":"treeshap".*"msg":"model loaded"|"msg":"model loaded".*"reasons":"treeshap"/,
    );
    expect(alerts).toHaveLength(txs.length);

    const model = await loadOnnxModel({ dir, featureSet: FEATURE_SET });
    const shap = createTreeShap(model.trees as TreeEnsemble);
    await model.close();
    const sentences = new Map(DECLARATIONS.map((x) => [featureName(x), sentence(x)]));
    const phi = new Float64Array(FEATURE_SET.names.length);
    let withReasons = 0;
    for (const a of alerts) {
      expect(a.reasons_method).toBe("treeshap");
      expect(a.reasons_base).toBe(shap.expectedValue);
      const row = Float32Array.from(FEATURE_SET.names, (n) => a.features[n] as number);
      shap.explain(row, phi);
      // Attributions + base = the model's raw output (ONNX computes in float32: 1e-5 in probability).
      const raw = phi.reduce((s, v) => s + v, shap.expectedValue);
      expect(Math.abs(1 / (1 + Math.exp(-raw)) - a.score)).toBeLessThanOrEqual(1e-5);
      const want = FEATURE_SET.names
        .map((feature, j) => ({ feature, contribution: phi[j] as number }))
        .filter((c) => c.contribution > 0)
        .sort((x, y) => y.contribution - x.contribution || x.feature.localeCompare(y.feature))
        .slice(0, TOP_K);
      expect(a.reasons.map((r) => r.feature)).toEqual(want.map((c) => c.feature));
      a.reasons.forEach((r, k) => {
        expect(r.contribution).toBe(want[k]?.contribution);
        expect(r.value).toBe(a.features[r.feature]);
        expect(r.code).toBe(reasonCode(r.feature));
        expect(r.code).toMatch(/^R_(TXN|CARD|TERMINAL)_[A-Z0-9_]+$/);
        expect(r.detail.startsWith(`${sentences.get(r.feature)} is `)).toBe(true);
        expect(r.detail).toContain("to the fraud log-odds");
      });
      if (a.reasons.length > 0) withReasons++;
    }
    expect(withReasons).toBeGreaterThan(0);
  });
});
