/**
 * The real precision report, from a small evaluation (three documents of both frameworks), as an
 * evaluator sees it in headless Chromium: the verdict box names every target, no internal feature
 * code reaches the page, every chart has a size and fits, and nothing is requested from outside.
 * Needs Debian's chromium at /usr/bin/chromium; html.browser.test.ts says what happens without it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TrainParamsSchema } from "../../models/model-file.ts";
import { toExamples } from "../../models/examples.ts";
import { loadCorpus } from "../../pipeline/labels/corpus.ts";
import { evaluate } from "../run.ts";
import { chartTextOverflows } from "./testing/chart-overflow.ts";
import { DEFAULT_TARGETS, TARGET_METRICS, type TargetMetric } from "../targets.ts";
import { renderReport } from "./render.ts";
import type { MetricsJson } from "./schema.ts";

const CHROMIUM = "/usr/bin/chromium";

/** An internal feature code: a kind prefix and a colon ("ev:weakness", "h:strength", "m:howev", "t:ehc_plans"). */
const FEATURE_CODE = /(?:^|[\s('"(;,])(?:ev|h|cue|pos|t|ft|pt|nt|lt|[cmn]):[\w-]/m;

describe.runIf(existsSync(CHROMIUM))("the precision report in headless Chromium", () => {
  let browser: Browser;
  let dir: string;
  let file: string;
  let metrics: MetricsJson;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "send-findings-real-report-"));
    const labels = join(dir, "labels");
    mkdirSync(labels);
    // Two 2016–22 letters and a 2023 report, 50 sentences each: both frameworks, every section kind.
    for (const id of ["westminster-2020", "medway-2017", "bedford-2025"]) {
      const lines = readFileSync(`data/labels/${id}.csv`, "utf8").split("\n");
      writeFileSync(join(labels, `${id}.csv`), `${lines.slice(0, 51).join("\n")}\n`);
    }
    const examples = toExamples((await loadCorpus(labels)).sentences);
    metrics = await evaluate(examples, { params: TrainParamsSchema.parse({}), seed: 42, bootstrapIterations: 50, curveRepeats: 1, topErrors: 10, jobs: 1 });
    const provenance = { date: "2026-12-01T10:00:00Z", tool_version: "0.1.0", commit: null, data_sha256: metrics.setup.data_sha256, model_sha256: metrics.setup.model_sha256 ?? null, seed: 42, command: "send-findings eval --labels labels" };
    file = join(dir, "report.html");
    await writeFile(file, (await renderReport(metrics, { provenance })).html);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function open(viewport = { width: 1280, height: 900 }) {
    const page = await browser.newPage({ viewport });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    return { page, problems, requests };
  }

  test("the verdict box comes first and names every target, its measured value and whether it is met", async () => {
    const { page } = await open();
    const verdict = page.locator("#verdict");
    expect(await verdict.isVisible()).toBe(true);
    const text = await verdict.innerText();
    const targets = Object.keys(DEFAULT_TARGETS) as TargetMetric[];
    expect(metrics.targets?.map((t) => t.metric)).toEqual(targets);
    for (const t of metrics.targets!) {
      const item = verdict.locator(`li.${t.status}`, { hasText: TARGET_METRICS[t.metric].label });
      expect(await item.count(), `${t.metric} in ${text}`).toBe(1);
      expect(await item.innerText()).toMatch(/^(Met|Met, not clearly|Not met|Not evaluable) — /);
      expect(await item.innerText()).toMatch(/95% interval/);
    }
    // Above the contents list and the first section.
    const [verdictTop, tocTop] = await Promise.all([verdict.boundingBox(), page.locator("nav.toc").boundingBox()]);
    expect(verdictTop!.y).toBeLessThan(tocTop!.y);
    await page.close();
  });

  test("no internal feature code appears in the page text, though the explanations are there in words", async () => {
    // The metrics do hold codes (so the check below is not vacuous)...
    const codes = [...metrics.errors.confident_wrong, ...metrics.errors.hand_vs_heading].flatMap((e) => e.features.map((f) => f.feature));
    expect(codes.some((c) => FEATURE_CODE.test(` ${c}`))).toBe(true);
    const { page } = await open();
    const text = await page.locator("body").innerText();
    // ...and the page shows them in words.
    expect(text).toMatch(/evaluative word \((strength|weakness) cue\)|section heading/);
    expect(text.match(FEATURE_CODE)?.[0] ?? null).toBeNull();
    // Section ids come with their headings.
    expect(text).toContain("What is the area partnership doing that is effective?");
    await page.close();
  });

  test("every chart has a size and a caption, text fits inside its chart, no console errors or outside requests", async () => {
    const { page, problems, requests } = await open();
    const charts = await page.$$eval("figure.chart", (figs) => figs.map((f) => ({ w: f.querySelector("svg")!.getBoundingClientRect().width, h: f.querySelector("svg")!.getBoundingClientRect().height, caption: f.querySelector("figcaption")?.textContent ?? "" })));
    expect(charts.length).toBeGreaterThanOrEqual(8);
    for (const c of charts) {
      expect(c.w).toBeGreaterThan(100);
      expect(c.h).toBeGreaterThan(80);
    }
    // Every chart but the small-multiple heatmaps before the last one carries its help text.
    expect(charts.filter((c) => c.caption.length > 40).length).toBeGreaterThanOrEqual(charts.length - 2);
    const overflows = await chartTextOverflows(page);
    expect(overflows).toEqual([]);
    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    await page.close();
  });

  test("the provenance line gives the data and model hashes, seed and command", async () => {
    const { page } = await open();
    const line = await page.locator(".provenance").innerText();
    expect(line).toContain(metrics.setup.data_sha256.slice(0, 12));
    expect(line).toContain(metrics.setup.model_sha256!.slice(0, 12));
    expect(line).toMatch(/seed 42/);
    expect(line).toContain("send-findings eval --labels labels");
    expect(line).toMatch(/git commit not available/);
    await page.close();
  });
});
