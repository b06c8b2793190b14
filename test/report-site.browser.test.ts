/**
 * The analysts' site in headless Chromium: every page renders with no console errors and requests
 * nothing but itself; a letter page shows exactly the sentences `classify` gives for its document;
 * the heat map has one cell per document × theme; the filters hide what they should; links lead to
 * files that exist. Needs Debian's chromium at /usr/bin/chromium (`bash .ci/install-chromium.sh`):
 * without it the test fails under CI and is skipped, with a message, elsewhere. The before/after
 * page uses Medway 2017 (text) and Medway 2024 (PDF in ../shared/reports-2023) when the PDF is
 * there, else two copies of the Westminster letter.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import Papa from "papaparse";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { THEME_IDS } from "../pipeline/schema.ts";
import { main } from "../scripts/cli/main.ts";
import type { Io } from "../scripts/cli/types.ts";

const CHROMIUM = "/usr/bin/chromium";
const HAS_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = Boolean(process.env.CI);
const MISSING = `${CHROMIUM} not found; install it with \`bash .ci/install-chromium.sh\` (Debian package "chromium")`;
const MEDWAY_2024 = "../shared/reports-2023/medway__02-april-2024.pdf";

/** The one DOM property the checks read (tsconfig has no DOM types): null when the element is not rendered. */
type Rendered = { offsetParent: object | null };

function io(): Io & { out: string; err: string } {
  const r = { out: "", err: "", stdout: (c: string) => void (r.out += c), stderr: (c: string) => void (r.err += c), readStdin: async () => Buffer.alloc(0) };
  return r;
}

if (!HAS_CHROMIUM && IN_CI) {
  test("Chromium is installed (required when CI is set)", () => {
    expect.fail(`report-site.browser.test.ts: ${MISSING}; CI must open the site in a real browser`);
  });
} else if (!HAS_CHROMIUM) {
  test.skip(`report site in Chromium: SKIPPED, ${MISSING}`, () => {});
}

describe.runIf(HAS_CHROMIUM)("report site in headless Chromium", () => {
  let browser: Browser;
  let dir: string;
  let site: string;
  let rows: Record<string, string>[];
  const inputs = ["data/letters"];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "sf-site-"));
    if (existsSync(MEDWAY_2024)) inputs.push(MEDWAY_2024);
    else {
      copyFileSync("data/letters/westminster-2020.txt", join(dir, "westminster-2020-copy.txt"));
      inputs.push(join(dir, "westminster-2020-copy.txt"));
    }
    site = join(dir, "site");
    const r = io();
    expect(await main(["report", ...inputs, "--out", site, "--quiet"], r)).toBe(0);
    const c = io();
    expect(await main(["classify", ...inputs, "--quiet"], c)).toBe(0);
    rows = Papa.parse<Record<string, string>>(c.out, { header: true, skipEmptyLines: true }).data;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const pages = () => [
    "index.html",
    ...readdirSync(join(site, "letters")).map((f) => `letters/${f}`),
    ...(existsSync(join(site, "areas")) ? readdirSync(join(site, "areas")).map((f) => `areas/${f}`) : []),
  ];

  /** Opens a page of the site, recording console errors and warnings and every request. */
  async function open(path: string): Promise<{ page: Page; url: string; problems: string[]; requests: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("requestfailed", (r) => problems.push(`failed: ${r.url()}`));
    page.on("request", (r) => requests.push(r.url()));
    const url = pathToFileURL(join(site, path)).href;
    await page.goto(url, { waitUntil: "load" });
    return { page, url, problems, requests };
  }

  test("every page renders with no console errors and requests nothing but itself; every link leads to a file that exists", async () => {
    const all = pages();
    expect(all.some((p) => p.startsWith("areas/"))).toBe(true);
    for (const path of all) {
      const { page, url, problems, requests } = await open(path);
      expect(problems, path).toEqual([]);
      expect(requests, path).toEqual([url]);
      const links = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href")!));
      for (const href of links) {
        expect(href, `${path}: ${href}`).not.toMatch(/^[a-z]+:/i); // relative links only: the site can be moved or mailed as a folder
        expect(existsSync(fileURLToPath(new URL(href.split("#")[0]!, url))), `${path}: ${href}`).toBe(true);
      }
      await page.close();
    }
  });

  test("a letter page shows exactly the sentences classify gives for its document, in order, each shaded with a symbol", async () => {
    for (const file of readdirSync(join(site, "letters"))) {
      const id = file.replace(/\.html$/, "");
      const mine = rows.filter((r) => r.letter_id === id);
      expect(mine.length, id).toBeGreaterThan(0);
      const { page } = await open(`letters/${file}`);
      const shown = await page.$$eval("li.sentence", (lis) => lis.map((li) => ({ text: li.querySelector(".text")!.textContent, sentiment: li.getAttribute("data-sentiment"), sym: li.querySelector(".sym")!.textContent, bg: (globalThis as unknown as { getComputedStyle: (e: unknown) => { backgroundColor: string } }).getComputedStyle(li).backgroundColor })));
      expect(shown.map((s) => s.text)).toEqual(mine.map((r) => r.text));
      expect(shown.map((s) => s.sentiment)).toEqual(mine.map((r) => r.sentiment));
      // One symbol and one shade per sentiment, different from the others (a grey print keeps the symbol).
      const bySentiment = new Map(shown.map((s) => [s.sentiment, s]));
      expect(new Set([...bySentiment.values()].map((s) => s.sym)).size).toBe(bySentiment.size);
      expect(new Set([...bySentiment.values()].map((s) => s.bg)).size).toBe(bySentiment.size);
      for (const s of shown) expect(s.sym).toBe(bySentiment.get(s.sentiment)!.sym);
      await page.close();
    }
  });

  test("the heat map has one cell per document × theme, each linking to its document", async () => {
    const { page } = await open("index.html");
    const docs = await page.$$eval("tr.doc-row", (trs) => trs.length);
    expect(docs).toBe(new Set(rows.map((r) => r.source)).size);
    const cells = await page.$$eval("#heatmap g.role-mark.mark-rect path", (ps) => ps.map((p) => ({ label: p.getAttribute("aria-label") ?? "", href: p.closest("a")?.getAttribute("href") ?? null })));
    expect(cells).toHaveLength(docs * THEME_IDS.length);
    const perDoc = new Map<string, number>();
    for (const c of cells) {
      const name = c.label.split(" · ")[0]!;
      perDoc.set(name, (perDoc.get(name) ?? 0) + 1);
      expect(c.href).toMatch(/^letters\/.+\.html$/);
    }
    expect([...perDoc.values()]).toEqual(Array(docs).fill(THEME_IDS.length));
    await page.close();
  });

  test("a theme filter hides the sentences without the theme; a sentiment filter hides that sentiment", async () => {
    const id = "medway-2017";
    const mine = rows.filter((r) => r.letter_id === id);
    const count = (t: string) => mine.filter((r) => r.themes!.split(";").includes(t)).length;
    const theme = THEME_IDS.find((t) => count(t) > 0 && count(t) < mine.length / 2)!;
    const { page } = await open(`letters/${id}.html`);
    await page.selectOption("select[name=theme]", theme);
    const state = await page.$$eval("li.sentence", (lis) => lis.map((li) => ({ hidden: (li as unknown as Rendered).offsetParent === null, chips: [...li.querySelectorAll(".chip")].map((c) => c.textContent) })));
    expect(state.filter((s) => !s.hidden)).toHaveLength(count(theme));
    for (const s of state) expect(s.hidden).toBe(!s.chips.includes(theme));
    await page.selectOption("select[name=theme]", "");
    await page.uncheck("input[name=sentiment][value=weakness]");
    const visible = await page.$$eval("li.sentence", (lis) => lis.filter((li) => (li as unknown as Rendered).offsetParent !== null).map((li) => li.getAttribute("data-sentiment")));
    expect(visible).toHaveLength(mine.filter((r) => r.sentiment !== "weakness").length);
    expect(visible).not.toContain("weakness");
    await page.close();
  });

  test("the index sorts by weakness share and filters by outcome", async () => {
    const { page } = await open("index.html");
    const shares = async () => page.$$eval("tr.doc-row", (trs) => trs.map((tr) => Number(tr.cells[8]!.getAttribute("data-value"))));
    await page.click("th:nth-child(9) button");
    const up = await shares();
    expect(up).toEqual([...up].sort((a, b) => a - b));
    await page.click("th:nth-child(9) button");
    const down = await shares();
    expect(down).toEqual([...up].reverse());
    const outcome = rows.find((r) => r.outcome !== "")!.outcome!;
    await page.selectOption("select[name=outcome]", outcome);
    const shown = await page.$$eval("tr.doc-row", (trs) => trs.filter((tr) => (tr as unknown as Rendered).offsetParent !== null).map((tr) => tr.getAttribute("data-outcome")));
    expect(shown.length).toBe(new Set(rows.filter((r) => r.outcome === outcome).map((r) => r.source)).size);
    expect(new Set(shown)).toEqual(new Set([outcome]));
    await page.close();
  });

  test("a before/after page puts each document side by side, one column per document, for every theme", async () => {
    const areas = readdirSync(join(site, "areas"));
    for (const file of areas) {
      const { page } = await open(`areas/${file}`);
      const columns = await page.$$eval("section.theme .compare", (grids) => grids.map((g) => g.children.length));
      expect(columns.length).toBeGreaterThan(0);
      expect(new Set(columns)).toEqual(new Set([2]));
      await page.close();
    }
  });
});
