/** Prints the scorer's feature set as features.json: `{feature_set_version, features}`. */
import { FEATURE_SET } from "../features/index.js";

process.stdout.write(
  `${JSON.stringify({ feature_set_version: FEATURE_SET.version, features: FEATURE_SET.names }, null, 2)}\n`,
);
