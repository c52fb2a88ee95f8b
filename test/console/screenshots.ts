/**
 * Takes the README's two console screenshots from a running console (a `bin/demo --keep`
 * run prints its URL and login): the queue, riskiest first, and the detail of its top
 * alert, after clicking "Assign to me" on it so the case history shows an attributed
 * action (the only change it makes). Headless Debian Chromium through playwright-core.
 *   npx tsx test/console/screenshots.ts URL USER PASSWORD [OUT_DIR]
 */
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../support/chromium.js";

const [url, user, password, out = "services/console/docs"] = process.argv.slice(2);
if (!url || !user || !password) {
  process.stderr.write("usage: screenshots.ts URL USER PASSWORD [OUT_DIR]\n");
  process.exit(2);
}
const base = url.replace(/\/$/, "");
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  await page.goto(`${base}/login`);
  await page.fill('input[name="user"]', user);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type="submit"]')]);
  await page.goto(`${base}/?sort=riskiest`);
  await page.locator("#live.on").waitFor({ timeout: 10_000 });
  await page.screenshot({ path: `${out}/queue.png` });
  const first = page.locator("#rows tr a").first();
  await Promise.all([page.waitForURL(/\/alerts\//), first.click()]);
  await Promise.all([page.waitForURL(/\/alerts\//), page.click("#assign")]);
  await page.screenshot({ path: `${out}/alert.png`, fullPage: true });
  process.stdout.write(`wrote ${out}/queue.png and ${out}/alert.png\n`);
} finally {
  await browser.close();
}
