import { describe, expect, it } from "vitest";
import { analystLabel, analystLabelId } from "../../src/labels/label.js";

describe("analyst labels", () => {
  it("have an id that depends on the transaction and the verdict only", () => {
    expect(analystLabelId("tx_1", "fraud")).toBe(analystLabelId("tx_1", "fraud"));
    expect(analystLabelId("tx_1", "fraud")).not.toBe(analystLabelId("tx_1", "legit"));
    expect(analystLabelId("tx_1", "fraud")).not.toBe(analystLabelId("tx_2", "fraud"));
    expect(analystLabelId("tx_1", "fraud")).toMatch(/^analyst-[0-9a-f]{32}$/);
    expect(analystLabel("tx_1", "legit", 5)).toEqual({
      label_id: analystLabelId("tx_1", "legit"),
      transaction_id: "tx_1",
      label_time: 5,
      is_fraud: false,
      source: "analyst",
    });
  });
});
