/**
 * The report page, checked twice: as a string (escaping, self-containment) and in headless
 * Chromium (every chart has a rendered size, no console errors, no requests beyond the file).
 * The browser half needs Debian's chromium at /usr/bin/chromium (`bash .ci/install-chromium.sh`):
 * without it the test fails under CI and is skipped, with a message, elsewhere.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { escapeHtml, renderReportHtml } from "./html.ts";
import { buildFixtureReport } from "./testing/report-fixture.ts";
import { chartTextOverflows } from "./testing/chart-overflow.ts";

const CHROMIUM = "/usr/bin/chromium";
const HAS_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = Boolean(process.env.CI);
const MISSING = `${CHROMIUM} not found; install it with \`bash .ci/install-chromium.sh\` (Debian package "chromium")`;

describe("escapeHtml", () => {
  test.each([
    ["plain", "plain"],
    ["<b>", "&lt;b&gt;"],
    ["Tom & Jerry", "Tom &amp; Jerry"],
    [`"double" 'single'`, "&quot;double&quot; &#39;single&#39;"],
    ["&amp; stays escaped once more", "&amp;amp; stays escaped once more"],
  ])("%s", (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe("renderReportHtml", () => {
  const page = renderReportHtml({
    title: "Report <1> & co",
    sections: [
      { heading: `Section "A" <i>`, html: "<p>trusted <em>prose</em></p>", table: { columns: ["name <x>", "value"], rows: [["a&b", 0.12345], ["c", null], ["d", 7]] } },
      { heading: "Charts", svg: ['<svg width="10" height="10"></svg>'] },
    ],
  });

  test("is one complete HTML document", () => {
    expect(page.startsWith("<!doctype html>\n")).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page.trimEnd().endsWith("</html>")).toBe(true);
  });
  test("escapes title, headings and table cells; keeps trusted html and svg as markup", () => {
    expect(page).toContain("<title>Report &lt;1&gt; &amp; co</title>");
    expect(page).toContain("<h1>Report &lt;1&gt; &amp; co</h1>");
    expect(page).toContain("Section &quot;A&quot; &lt;i&gt;</h2>");
    expect(page).toContain("<th scope=\"col\">name &lt;x&gt;</th>");
    expect(page).toContain("<td>a&amp;b</td>");
    expect(page).toContain("<p>trusted <em>prose</em></p>");
    expect(page).toContain('<figure class="chart"><svg width="10" height="10"></svg></figure>');
  });
  test("null cells print n/a; numbers are right-aligned, integers kept whole", () => {
    expect(page).toContain('<td class="num">0.123</td>');
    expect(page).toContain('<td class="na">n/a</td>');
    expect(page).toContain('<td class="num">7</td>');
  });
  test("self-contained: no scripts, no external resources, and a policy forbidding both", () => {
    expect(page).not.toMatch(/<script|<link|src="http|href="http|@import|url\(http/i);
    expect(page).toContain("Content-Security-Policy");
    expect(page).toContain("default-src 'none'");
  });
  test("has print styles", () => {
    expect(page).toContain("@media print");
  });
  test("subtitle, lead, section ids, figures with captions, text after the table, line breaks in cells", () => {
    const more = renderReportHtml({
      title: "T",
      subtitle: "sub <x>",
      lead: '<section id="verdict">verdict</section>',
      sections: [
        { id: "summary", heading: "Summary", figures: [{ svg: '<svg width="10" height="10"></svg>', caption: "what it <b>shows</b>" }], table: { columns: ["a"], rows: [["one\ntwo <3>"]] }, after: "<p>after</p>" },
        { heading: "Second" },
      ],
    });
    expect(more).toContain('<p class="subtitle">sub &lt;x&gt;</p>');
    expect(more.indexOf('<section id="verdict">')).toBeLessThan(more.indexOf('<nav class="toc"'));
    expect(more).toContain('<a href="#summary">Summary</a>');
    expect(more).toContain('<a href="#section-2">Second</a>');
    expect(more).toContain('<section id="summary" aria-labelledby="summary-h">');
    expect(more).toContain('<figure class="chart"><svg width="10" height="10"></svg><figcaption>what it <b>shows</b></figcaption></figure>');
    expect(more).toContain("<td>one<br>two &lt;3&gt;</td>");
    expect(more.indexOf("</table>")).toBeLessThan(more.indexOf("<p>after</p>"));
  });
});

// Registered only when Chromium is missing, so a run that has it does not list a "not found" line.
if (!HAS_CHROMIUM && IN_CI) {
  test("Chromium is installed (required when CI is set)", () => {
    expect.fail(`html.browser.test.ts: ${MISSING}; CI must run the report page in a real browser`);
  });
} else if (!HAS_CHROMIUM) {
  test.skip(`report page in Chromium: SKIPPED, ${MISSING}`, () => {});
}

describe.runIf(HAS_CHROMIUM)("report page in headless Chromium", () => {
  let browser: Browser;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "send-findings-report-"));
    file = join(dir, "report.html");
    await writeFile(file, renderReportHtml(await buildFixtureReport()));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Opens the page at a viewport size and records console errors and every request. */
  async function open(viewport: { width: number; height: number }, media: "screen" | "print" = "screen") {
    const page = await browser.newPage({ viewport });
    const consoleErrors: string[] = [];
    const failed: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") consoleErrors.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => consoleErrors.push(`pageerror: ${e.message}`));
    page.on("requestfailed", (r) => failed.push(`${r.url()} (${r.failure()?.errorText ?? "failed"})`));
    page.on("request", (r) => requests.push(r.url()));
    await page.emulateMedia({ media });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    return { page, consoleErrors, failed, requests };
  }

  test("every chart has a rendered size; no console errors, failed or extra requests", async () => {
    const { page, consoleErrors, failed, requests } = await open({ width: 1280, height: 800 });
    const sizes = await page.$$eval("svg", (els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ w: r.width, h: r.height })));
    expect(sizes).toHaveLength(5);
    for (const s of sizes) {
      expect(s.w).toBeGreaterThan(100);
      expect(s.h).toBeGreaterThan(100);
    }
    expect(consoleErrors).toEqual([]);
    expect(failed).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    await page.close();
  });

  test("chart text fits inside its chart in the browser's real font (widths are estimated in Node)", async () => {
    const { page } = await open({ width: 1280, height: 800 });
    const overflows = await chartTextOverflows(page);
    expect(overflows).toEqual([]);
    await page.close();
  });

  test("charts shrink to fit a narrow window instead of overflowing it", async () => {
    const { page } = await open({ width: 420, height: 800 });
    const widths = await page.$$eval("svg", (els) => els.map((e) => e.getBoundingClientRect().width));
    const viewport = await page.$eval("html", (el) => el.clientWidth);
    for (const w of widths) {
      expect(w).toBeGreaterThan(0);
      expect(w).toBeLessThanOrEqual(viewport);
    }
    await page.close();
  });

  test("print layout: charts keep a size and the contents list is hidden", async () => {
    const { page, consoleErrors } = await open({ width: 794, height: 1123 }, "print");
    const sizes = await page.$$eval("svg", (els) => els.map((e) => e.getBoundingClientRect()).map((r) => r.width * r.height));
    expect(sizes.every((a) => a > 0)).toBe(true);
    expect(await page.locator("nav.toc").isVisible()).toBe(false);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });
});
