/** Prints the error catalogue (markdown) from shared/platform's ERRORS; the README embeds it. */
import { errorTable } from "@fraud/platform";

process.stdout.write(`${errorTable()}\n`);
