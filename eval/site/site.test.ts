import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { classifyDocument } from "../../models/classify.ts";
import { loadModel } from "../../models/model-file.ts";
import { compileModel } from "../../models/predict.ts";
import { parseLetter } from "../../pipeline/index.ts";
import { THEME_IDS } from "../../pipeline/schema.ts";
import { weaknessHeatmap, withHoverTitles } from "./charts.ts";
import { dateRange } from "./html.ts";
import { renderSite } from "./render.ts";
import { areaSlug, leftOutReason, repeatAreas, siteDocuments } from "./site-document.ts";

const cm = compileModel(loadModel("models/send-findings.json"));

/** A seed letter parsed under another name and area (the site never reads files itself). */
function letter(file: string, source: string, area: string | null) {
  const doc = parseLetter(readFileSync(file, "utf8"), { source });
  doc.metadata.local_area = area;
  return { doc, rows: classifyDocument(cm, doc), sourceHref: null };
}

describe("dateRange", () => {
  test.each([
    ["2024-11-18", "2024-11-22", "18–22 Nov 2024"],
    ["2023-01-30", "2023-02-03", "30 Jan – 3 Feb 2023"],
    ["2024-12-30", "2025-01-03", "30 Dec 2024 – 3 Jan 2025"],
    ["2024-11-18", null, "18 Nov 2024"],
    [null, null, "—"],
  ])("%s to %s", (a, b, expected) => {
    expect(dateRange(a, b)).toBe(expected);
  });
});

describe("site documents", () => {
  test("two files with the same letter_id get two pages; names stay unique", () => {
    const docs = siteDocuments([letter("data/letters/westminster-2020.txt", "a/westminster-2020.txt", "Westminster"), letter("data/letters/westminster-2020.txt", "b/westminster-2020.txt", "Westminster")]);
    expect(docs.map((d) => d.page)).toEqual(["westminster-2020", "westminster-2020-2"]);
    expect(docs.map((d) => d.name)).toEqual(["Westminster 2020", "Westminster 2020 (2)"]);
  });

  test("areas are matched ignoring case, '&' and punctuation; only areas with two or more documents, oldest first", () => {
    expect(areaSlug("Telford & Wrekin")).toBe(areaSlug("telford and wrekin"));
    const docs = siteDocuments([
      letter("data/letters/islington-2021.txt", "x/islington-2021.txt", "Telford & Wrekin"),
      letter("data/letters/westminster-2020.txt", "x/westminster-2020.txt", "Telford and Wrekin"),
      letter("data/letters/medway-2017.txt", "x/medway-2017.txt", "Medway"),
    ]);
    const areas = repeatAreas(docs);
    expect(areas.map((a) => a.slug)).toEqual(["telford-and-wrekin"]);
    expect(areas[0]!.docs.map((d) => d.doc.letter_id)).toEqual(["westminster-2020", "islington-2021"]);
  });

  test("a document without findings is left out with a reason; a letter is not", () => {
    expect(leftOutReason(parseLetter("Lemon drizzle cake\n\nMix and bake.\n"))).toMatch(/no inspection sections found/);
    expect(leftOutReason(parseLetter(readFileSync("data/letters/city-of-london-2019-progress.txt", "utf8")))).toMatch(/council report without an inspection letter/);
    expect(leftOutReason(letter("data/letters/medway-2017.txt", "m.txt", "Medway").doc)).toBeNull();
  });
});

describe("charts and pages", () => {
  test("withHoverTitles gives each labelled mark a title, and a link where asked", () => {
    const svg = '<g><path aria-label="A &amp; B · x" d="M0,0h1"/><path d="M1,1h1"/></g>';
    expect(withHoverTitles(svg, (l) => (l.startsWith("A") ? "letters/a.html" : null))).toBe(
      '<g><a href="letters/a.html"><path aria-label="A &amp; B · x" d="M0,0h1"><title>A &amp; B · x</title></path></a><path d="M1,1h1"/></g>',
    );
  });

  test("the heat map: one cell per document × theme, each linked to its document, whatever the characters in its name", async () => {
    const docs = siteDocuments([letter("data/letters/westminster-2020.txt", "w.txt", "King's Lynn & <West> Norfolk"), letter("data/letters/islington-2021.txt", "i.txt", "Islington")]);
    const svg = await weaknessHeatmap(docs, (d) => `letters/${d.page}.html`);
    const cells = [...svg.matchAll(/<a href="([^"]*)"><path aria-label="[^"]*"/g)].map((m) => m[1]);
    expect(cells).toHaveLength(docs.length * THEME_IDS.length);
    expect(new Set(cells)).toEqual(new Set(docs.map((d) => `letters/${d.page}.html`)));
  });

  test("renderSite: the index, a page per document, a before/after page per repeated area; text escaped; nothing loaded", async () => {
    const docs = siteDocuments([
      letter("data/letters/medway-2017.txt", "m17.txt", "Medway"),
      letter("data/letters/westminster-2020.txt", "m20.txt", "Medway"),
      letter("data/letters/islington-2021.txt", "i.txt", "Isling<b>ton"),
    ]);
    const files = await renderSite({ title: "T <x>", docs, leftOut: [{ source: "r.txt", letter_id: "r", reason: "not <a> letter" }], skipped: [], model: "m.json", workbook: "findings.xlsx" });
    expect(files.map((f) => f.path)).toEqual(["index.html", "letters/m17.html", "letters/m20.html", "letters/i.html", "areas/medway.html"]);
    const index = files[0]!.content;
    expect(index).toContain("<h1>T &lt;x&gt;</h1>");
    expect(index).toContain("left out, not &lt;a&gt; letter");
    for (const f of files) {
      expect(f.content).toContain("default-src 'none'");
      expect(f.content).not.toMatch(/<link|src="http|href="http|@import|url\(http/i);
    }
    expect(files[3]!.content).toContain("<h1>Isling&lt;b&gt;ton 2021</h1>");
    expect(files[3]!.content).not.toContain("Isling<b>");
    // The same documents give the same pages.
    const again = await renderSite({ title: "T <x>", docs, leftOut: [{ source: "r.txt", letter_id: "r", reason: "not <a> letter" }], skipped: [], model: "m.json", workbook: "findings.xlsx" });
    expect(again).toEqual(files);
  });
});
