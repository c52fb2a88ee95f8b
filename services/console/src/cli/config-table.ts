/** Prints the console's configuration table (markdown) from the config schema; the README embeds it. */
import { configTable } from "@fraud/platform";
import { consoleOwnSettings } from "../config.js";

process.stdout.write(`${configTable(consoleOwnSettings)}\n`);
