import { SCORE } from "@fraud/drift";
import { Counter, Gauge, type Registry } from "prom-client";
import type { Loaded, ModelBoard } from "../score/board.js";

/**
 * The model-operations gauges, computed from the board's live windows at scrape time
 * (nothing per batch beyond the histogram counts). Only the current champion and shadow
 * are exported; a swapped-out version's series disappear with it.
 */
export function registerModelMetrics(registry: Registry, board: Pick<ModelBoard, "current">) {
  const registers = [registry];
  const roles = (): Array<[string, Loaded]> => {
    const { champion, shadow } = board.current();
    return shadow
      ? [
          ["champion", champion],
          ["shadow", shadow],
        ]
      : [["champion", champion]];
  };
  new Gauge({
    name: "fraud_drift_psi",
    help: `PSI of each feature (and of the score, feature="${SCORE}") over the drift window against the model card's reference distribution; 0.1 review, 0.25 act.`,
    labelNames: ["feature", "model_version", "role"],
    registers,
    collect() {
      this.reset();
      for (const [role, l] of roles()) {
        for (const [feature, c] of l.drift.snapshot().psi) this.set({ feature, model_version: l.version, role }, c.psi);
      }
    },
  });
  new Gauge({
    name: "fraud_alert_rate",
    help: "Share of transactions flagged (review or decline) over the drift window, by model version and role.",
    labelNames: ["model_version", "role"],
    registers,
    collect() {
      this.reset();
      for (const [role, l] of roles()) this.set({ model_version: l.version, role }, l.drift.snapshot().alertRate);
    },
  });
  new Gauge({
    name: "fraud_feature_missing_share",
    help: "Share of missing or default ('none', e.g. -1 seconds since a first transaction) values per feature over the champion's drift window.",
    labelNames: ["feature"],
    registers,
    collect() {
      this.reset();
      for (const [feature, share] of board.current().champion.drift.snapshot().defaultShare)
        this.set({ feature }, share);
    },
  });
  new Gauge({
    name: "fraud_drift_window_transactions",
    help: "Transactions in the drift window, by model version and role.",
    labelNames: ["model_version", "role"],
    registers,
    collect() {
      this.reset();
      for (const [role, l] of roles()) this.set({ model_version: l.version, role }, l.drift.snapshot().count);
    },
  });
  new Gauge({
    name: "fraud_model_in_use",
    help: "1 for each model version in use, by role (champion decides, shadow is only scored).",
    labelNames: ["model_version", "role"],
    registers,
    collect() {
      this.reset();
      for (const [role, l] of roles()) this.set({ model_version: l.version, role }, 1);
    },
  });
  return {
    swaps: new Counter({
      name: "fraud_model_swaps_total",
      help: "Model swaps taken from the registry, by role.",
      labelNames: ["role"],
      registers,
    }),
  };
}
