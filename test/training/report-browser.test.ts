import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The validation report (training/fraudtrain/report.py) opened as a person would: in a real
 * headless Chromium, offline. No console error, no request leaving file:/data:, every section
 * and every figure present and decoded. Chromium comes from Debian (bin/setup installs it).
 */

const ROOT = resolve(import.meta.dirname, "../..");
const PYTHON = join(ROOT, "training/.venv/bin/python");
const CHROMIUM = "/usr/bin/chromium";
const SECTIONS = [
  "summary",
  "discrimination",
  "plots",
  "thresholds",
  "calibration",
  "stability",
  "segments",
  "explainability",
  "documentation",
];
const FIGURES = [
  "card_precision_per_day",
  "roc",
  "precision_recall",
  "ks",
  "score_distribution",
  "reliability",
  "psi",
  "shap_importance",
  "shap_summary",
];
const DEFAULT_REPORT = join(ROOT, "services/scorer/models/default/report.html");

let browser: Browser;
const work = mkdtempSync(join(tmpdir(), "report-browser-"));

beforeAll(async () => {
  if (!existsSync(PYTHON)) throw new Error(`no training venv at ${PYTHON}: run training/setup.sh (or bin/setup)`);
  if (!existsSync(CHROMIUM)) throw new Error(`no ${CHROMIUM}: run bin/setup (apt-get install chromium)`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

async function open(path: string) {
  const page = await browser.newPage();
  const errors: string[] = [];
  const outside: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
    outside.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(path).href, { waitUntil: "load" });
  return { page, errors, outside };
}

async function expectComplete(path: string) {
  const { page, errors, outside } = await open(path);
  try {
    for (const id of SECTIONS) {
      const heading = page.locator(`section#${id} > h2`);
      await expect(heading.count(), `section ${id}`).resolves.toBe(1);
      expect(await heading.isVisible()).toBe(true);
      expect(((await heading.textContent()) ?? "").length).toBeGreaterThan(3);
    }
    for (const key of FIGURES) {
      const img = page.locator(`figure[data-figure="${key}"] img`);
      await expect(img.count(), `figure ${key}`).resolves.toBe(1);
      // decoded, with real pixels: a broken data URI has naturalWidth 0
      expect(
        await img.evaluate((el) => {
          const image = el as unknown as { complete: boolean; naturalWidth: number };
          return image.complete && image.naturalWidth > 100;
        }),
      ).toBe(true);
    }
    expect(await page.locator('figure[data-figure^="shap_dependence_"]').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator("#thresholds table tbody tr").count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator("#documentation h3").allTextContents()).toEqual([
      "Purpose and intended use",
      "Data",
      "Methodology",
      "Assumptions",
      "Limitations",
      "Monitoring plan",
      "Reproducibility",
    ]);
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
  } finally {
    await page.close();
  }
}

describe("validation report in headless Chromium", () => {
  it("a freshly trained model's report renders every section and figure without errors", async () => {
    execFileSync(PYTHON, [join(ROOT, "training/tests/make_report.py"), work], { stdio: "pipe", timeout: 300_000 });
    await expectComplete(join(work, "model/report.html"));
  }, 360_000);

  it.skipIf(!existsSync(DEFAULT_REPORT))("the shipped default model's report renders completely", async () => {
    await expectComplete(DEFAULT_REPORT);
  });
});
