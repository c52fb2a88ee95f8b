/** Prints the reason-code catalogue (markdown) derived from the feature declarations; the README embeds it. */
import { catalogueMarkdown } from "../decide/reason-codes.js";

process.stdout.write(`${catalogueMarkdown()}\n`);
