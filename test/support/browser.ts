import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "./chromium.js";
import { cleanupLater } from "./helpers.js";

/**
 * Debian's Chromium (bin/setup installs it), driven by playwright-core: no browser
 * download. Closed at cleanup.
 */

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bin/setup (it installs Debian's chromium)`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  cleanupLater("close chromium", () => browser.close());
  return browser;
}
