/**
 * Prints the scorer's feature descriptions as JSON `{name: sentence}`, from the feature
 * declarations (the sentences alerts use), for the model documentation in report.html:
 *
 *   npx tsx training/describe-features.ts > descriptions.json
 *   python -m fraudtrain.cli train ... --feature-descriptions descriptions.json
 */
import { DECLARATIONS, describe, featureName } from "../services/scorer/src/features/declarations.js";

const descriptions = Object.fromEntries(DECLARATIONS.map((d) => [featureName(d), describe(d)]));
process.stdout.write(`${JSON.stringify(descriptions, null, 2)}\n`);
