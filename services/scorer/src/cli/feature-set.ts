/** Prints the scorer's feature set as features.json: `{feature_set_version, features}`. */
import { FEATURE_SET, featureSetManifest } from "../features/index.js";

process.stdout.write(featureSetManifest(FEATURE_SET));
