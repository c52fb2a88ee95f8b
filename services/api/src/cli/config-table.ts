/** Prints the API's own settings as the README's table (Kafka, topic and registry settings are the scorer's). */
import { configTable } from "@fraud/platform";
import { apiOwnSettings } from "../config.js";

process.stdout.write(`${configTable(apiOwnSettings())}\n`);
