/** Prints the scorer's configuration table (markdown) from the config schema; the README embeds it. */
import { configTable } from "@fraud/platform";
import { scorerSettings } from "../config.js";

process.stdout.write(`${configTable(scorerSettings)}\n`);
