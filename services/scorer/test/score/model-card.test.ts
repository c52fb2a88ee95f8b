import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FEATURE_SET } from "../../src/features/index.js";
import { checkFeatures, parseModelCard } from "../../src/score/model-card.js";

const shipped = JSON.parse(readFileSync(new URL("../../models/default/model-card.json", import.meta.url), "utf8"));

describe("model card", () => {
  it("the shipped default model was trained on exactly the features the scorer computes", () => {
    // If this fails, a feature or a Lua script changed: rebuild with training/build_default_model.sh.
    expect(() => checkFeatures(parseModelCard(shipped, "default"), FEATURE_SET)).not.toThrow();
  });

  it("refuses a card whose features differ, naming the difference", () => {
    const card = parseModelCard(shipped, "default");
    const renamed = { ...card, features: [...card.features.slice(1), "card_shoe_size"] };
    expect(() => checkFeatures(renamed, FEATURE_SET)).toThrow(
      /FRAUD_ERR_MODEL_FEATURE_MISMATCH|lacks: txn_amount_value.*does not compute: card_shoe_size/,
    );
    try {
      checkFeatures(renamed, FEATURE_SET);
    } catch (e) {
      expect((e as { code: string }).code).toBe("FRAUD_ERR_MODEL_FEATURE_MISMATCH");
      expect((e as Error).message).toMatch(/lacks: txn_amount_value/);
      expect((e as Error).message).toMatch(/does not compute: card_shoe_size/);
    }
    const reordered = { ...card, features: [...card.features].reverse() };
    expect(() => checkFeatures(reordered, FEATURE_SET)).toThrow(/different order/);
    expect(() => checkFeatures({ ...card, feature_set_version: "fs1-old" }, FEATURE_SET)).toThrow(
      /trained on feature set fs1-old/,
    );
  });

  it("rejects malformed cards with a reason", () => {
    expect(() => parseModelCard({ ...shipped, schema: "v0" }, "x")).toThrow(/schema must be/);
    expect(() => parseModelCard({ ...shipped, thresholds: { review: 0.9, decline: 0.5 } }, "x")).toThrow(
      /review <= decline/,
    );
    expect(() => parseModelCard({ ...shipped, reference_values: {} }, "x")).toThrow(/reference_values lacks/);
    expect(() => parseModelCard(null, "x")).toThrow(/not a JSON object/);
  });
});
