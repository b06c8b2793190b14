import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { type Block, blankPdf, encryptedPdf, typesetLetter } from "./testing/pdf-fixtures.ts";
import { InputError } from "./errors.ts";
import { readSourceBytes } from "./ingest.ts";
import { dropRunningLines, itemsToLines, type PdfItem, type PdfLine, pagesToText, pdfToText, readPdfPages } from "./pdf.ts";
import { joinWrapped } from "./text.ts";

const here = dirname(fileURLToPath(import.meta.url));
const REPORTS = resolve(here, "../../shared/reports-2023");
const SEED = resolve(here, "../data/letters/westminster-2020.txt");

async function pdfError(bytes: Uint8Array, source = "x.pdf"): Promise<InputError> {
  try {
    await pdfToText(bytes, source);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("expected pdfToText to throw");
}

describe("joinWrapped: a hyphen at a line end", () => {
  // Rule numbers refer to joinWrapped's TSDoc.
  test.each([
    ["no hyphen: a space", "support for", "children", [], "support for children"],
    ["1: digit after it (post-16)", "provision at post-", "16 is limited", [], "provision at post-16 is limited"],
    ["1: capital after it (Muti-Agency, Bedford 2025)", "the Muti-", "Agency Panel", [], "the Muti-Agency Panel"],
    ["2: already a compound (up-to-date, Medway 2024)", "accurate and up-to-", "date information", [], "accurate and up-to-date information"],
    ["2: a URL (Suffolk 2024)", "https://example.org.uk/about-", "us/our-board/", [], "https://example.org.uk/about-us/our-board/"],
    ["3: the document hyphenates it elsewhere", "a whole-", "school approach", ["whole-school"], "a whole-school approach"],
    ["4: compound prefix (neuro-developmental)", "support for neuro-", "developmental needs", [], "support for neuro-developmental needs"],
    ["4: a prefix beats a one-word spelling elsewhere (Warrington 2023)", "the neuro-", "developmental pathway", ["neurodevelopmental"], "the neuro-developmental pathway"],
    ["4: self-evaluation", "the partnership's self-", "evaluation is accurate", [], "the partnership's self-evaluation is accurate"],
    ["4: co-production", "genuine co-", "production", [], "genuine co-production"],
    ["5: an ending that is no word (commis-sioning)", "joint commis-", "sioning of services", [], "joint commissioning of services"],
    ["5: assess-ments", "timely assess-", "ments.", [], "timely assessments."],
    ["6: the one-word form occurs and the tail is no word", "most chil-", "dren attend", ["children"], "most children attend"],
    ["6: the tail is a word of its own: keep", "a decision-", "making panel", ["decisionmaking", "making"], "a decision-making panel"],
    ["7: otherwise keep (system-wide, Wiltshire 2024)", "a system-", "wide commitment", [], "a system-wide commitment"],
    ["7: long-term", "the long-", "term plan", [], "the long-term plan"],
    ["a dash before punctuation is no word break", "leaders -", "and partners", [], "leaders - and partners"],
    ["a soft hyphen (U+00AD) always joins", "joint commis\u00ad", "sioning", [], "joint commissioning"],
  ])("%s", (_case, a, b, words, expected) => {
    expect(joinWrapped(a, b, new Set(words))).toBe(expected);
  });
});

describe("itemsToLines", () => {
  const item = (str: string, x: number, y: number, w: number, h = 12): PdfItem => ({ str, x, y, w, h });

  test("fragments on one baseline join without a space; explicit space items and end-of-line markers are handled", () => {
    const lines = itemsToLines([
      item("the planning and ", 57, 700, 90),
      item("commissionin", 147, 700, 70),
      item("g of health", 217, 700, 55),
      item("", 272, 700, 0, 0), // end-of-line marker
      item("services", 57, 685.5, 45),
      item(" ", 102, 685.5, 3.3, 0),
      item("for", 105.3, 685.5, 15),
    ]);
    expect(lines.map((l) => l.text)).toEqual(["the planning and commissioning of health", "services for"]);
    expect(lines[0]).toMatchObject({ x: 57, y: 700, right: 272, size: 12 });
  });

  test("a gap narrower than a space adds none; one as wide as a space adds one", () => {
    expect(itemsToLines([item("Leaders", 57, 700, 40), item("’", 97.5, 700, 3), item("s", 100.5, 700, 6)])[0]!.text).toBe("Leaders’s");
    expect(itemsToLines([item("Leaders", 57, 700, 40), item("know", 100.3, 700, 25)])[0]!.text).toBe("Leaders know");
  });

  test("items a little off the baseline (a glyph from another font) stay on the line", () => {
    expect(itemsToLines([item("▪", 75, 700.8, 5.5), item("Leaders know", 92, 700, 60)]).map((l) => l.text)).toEqual(["▪ Leaders know"]);
  });

  test("a wide gap splits table cells into separate lines on the same baseline", () => {
    const lines = itemsToLines([item("Responsible body", 62, 705, 95), item("Areas for priority action", 224, 705, 139)]);
    expect(lines.map((l) => [l.text, l.x, l.y])).toEqual([
      ["Responsible body", 62, 705],
      ["Areas for priority action", 224, 705],
    ]);
  });

  test("ligatures are spelt out (pdf.js normalisation is off)", () => {
    expect(itemsToLines([item("\ufb01nd e\ufb00ective", 57, 700, 60)])[0]!.text).toBe("find effective");
  });

  test("white space only gives no line", () => {
    expect(itemsToLines([item(" ", 57, 700, 3, 0), item("", 60, 700, 0, 0)])).toEqual([]);
  });
});

describe("dropRunningLines", () => {
  const line = (text: string, y: number, x = 57): PdfLine => ({ text, x, y, right: x + text.length * 5, size: 12 });
  const page = (...lines: PdfLine[]) => ({ width: 595, height: 842, lines });

  test("headers that repeat with a changing date or page number, bare page numbers and page 1's banner go", () => {
    const pages = dropRunningLines([
      page(line("Local Area Partnership report", 801), line("Area SEND inspection of Testshire", 700)),
      page(line("Leaders are ambitious.", 700), line("4 December 2023 to 8 December 2023 2", 16, 60), line("Inspection report: Testshire", 26, 60)),
      page(line("Plans are late.", 700), line("4 December 2023 to 8 December 2023 3", 16, 60), line("Page 3 of 3", 40, 519)),
    ]);
    expect(pages.map((p) => p.lines.map((l) => l.text))).toEqual([["Area SEND inspection of Testshire"], ["Leaders are ambitious."], ["Plans are late."]]);
  });

  test("body text low on a page stays (Bedford 2025 prints a body line at y = 57, below other reports' footers)", () => {
    const pages = dropRunningLines([
      page(line("people and families feel that they lack local activities.", 57), line("2", 16, 519)),
      page(line("Plans are late.", 700), line("3", 16, 519)),
    ]);
    expect(pages[0]!.lines.map((l) => l.text)).toEqual(["people and families feel that they lack local activities."]);
  });

  test("the same body line in the middle of two pages is not a running head", () => {
    const pages = dropRunningLines([page(line("Areas for improvement", 400)), page(line("Areas for improvement", 400))]);
    expect(pages.flatMap((p) => p.lines)).toHaveLength(2);
  });
});

describe("pagesToText", () => {
  const line = (text: string, x: number, y: number, size = 12): PdfLine => ({ text, x, y, right: x + text.length * 5.5, size });

  test("priority-action table: the responsible body is dropped, each row is one paragraph, cell bullets are sub-bullets", () => {
    const text = pagesToText([
      {
        width: 595,
        height: 842,
        lines: [
          line("Areas for priority action", 57, 735),
          line("Responsible body", 62, 705),
          line("Areas for priority action", 224, 705),
          line("Testshire Council and", 62, 690),
          line("Testshire ICB", 62, 675),
          line("Leaders should act with urgency to ensure", 224, 690),
          line("that:", 224, 675),
          line("▪ plans are issued on time", 241, 661),
          line("▪ plans are reviewed.", 241, 640),
          line("Testshire Council and", 62, 619),
          line("Testshire ICB", 62, 604),
          line("Leaders should reduce waiting times.", 224, 619),
          line("Areas for improvement", 57, 575),
          line("Leaders should listen to families.", 62, 546),
        ],
      },
    ]);
    expect(text).toBe(
      [
        "Areas for priority action",
        "Leaders should act with urgency to ensure that:",
        "  - plans are issued on time",
        "  - plans are reviewed.",
        "Leaders should reduce waiting times.",
        "Areas for improvement",
        "Leaders should listen to families.",
      ].join("\n\n") + "\n",
    );
  });

  test("a paragraph end with no extra space: a slightly wider step (ruled table rows) or a clearly short line", () => {
    const text = pagesToText([
      {
        width: 595,
        height: 842,
        lines: [
          { text: "Leaders across the partnership should improve how the voices of children and", x: 62, y: 700, right: 530, size: 12 },
          { text: "young people are heard and used to improve services and experiences in the area.", x: 62, y: 685.48, right: 528, size: 12 },
          { text: "Leaders should improve how they use data about children and young people to", x: 62, y: 670.48, right: 520, size: 12 },
          { text: "plan services across education, health and care.", x: 62, y: 655.96, right: 330, size: 12 },
          { text: "Health commissioners should ensure that services meet needs in the area and", x: 62, y: 641.44, right: 525, size: 12 },
          { text: "that waiting lists are kept short for every child who needs an assessment.", x: 62, y: 626.92, right: 515, size: 12 },
        ],
      },
    ]);
    expect(text.split("\n\n").map((p) => p.slice(0, 25))).toEqual(["Leaders across the partne", "Leaders should improve ho", "Health commissioners shou"]);
  });
});

describe("pdfToText on a typeset letter", () => {
  // Invented text, laid out like a 2023 report: a wrapped two-line heading, line-end hyphens of
  // every kind, a bullet and a sub-bullet cut by page breaks, sub-bullets under a lead-in, and a
  // running header and page number on every page after the first.
  const LETTER: Block[] = [
    { kind: "heading", text: "Area SEND inspection of Testshire Local Area Partnership" },
    { kind: "text", text: "Inspection dates: 1 to 5 May 2023" },
    { kind: "heading", lines: ["What is it like to be a child or young person with", "special educational needs in this area?"] },
    {
      kind: "text",
      lines: [
        "Children in Testshire get early help with neuro-",
        "developmental needs, and joint commis-",
        "sioning of therapies is improving. Leaders take a system-",
        "wide view of post-",
        "16 choices, and their self-",
        "evaluation is accurate.",
      ],
    },
    { kind: "heading", text: "What is the area partnership doing that is effective?" },
    { kind: "bullet", text: "Leaders are ambitious for children and young people with SEND. They know the area well and plan together." },
    { kind: "bullet", lines: ["Health visitors identify needs early and share what they learn with", "schools and nurseries. Families say that help arrives quickly."], pageBreakAfter: 1 },
    { kind: "bullet", text: "The dynamic support register is used well." },
    { kind: "heading", text: "What does the area partnership need to do better?" },
    { kind: "bullet", text: "Too many children wait too long for speech and language therapy." },
    { kind: "heading", text: "Areas for improvement" },
    { kind: "text", text: "Leaders across the partnership should improve how they use information to ensure that:" },
    { kind: "subbullet", text: "practitioners have accurate information about each child" },
    { kind: "subbullet", lines: ["they can evaluate the impact of their work more", "accurately; and"], pageBreakAfter: 1 },
    { kind: "subbullet", text: "families know what to expect." },
    { kind: "text", text: "Leaders should reduce waiting times for assessments." },
  ];
  const EXPECTED = `Area SEND inspection of Testshire Local Area Partnership

Inspection dates: 1 to 5 May 2023

What is it like to be a child or young person with special educational needs in this area?

Children in Testshire get early help with neuro-developmental needs, and joint commissioning of therapies is improving. Leaders take a system-wide view of post-16 choices, and their self-evaluation is accurate.

What is the area partnership doing that is effective?

• Leaders are ambitious for children and young people with SEND. They know the area well and plan together.

• Health visitors identify needs early and share what they learn with

schools and nurseries. Families say that help arrives quickly.

• The dynamic support register is used well.

What does the area partnership need to do better?

• Too many children wait too long for speech and language therapy.

Areas for improvement

Leaders across the partnership should improve how they use information to ensure that:

  - practitioners have accurate information about each child

  - they can evaluate the impact of their work more

accurately; and

  - families know what to expect.

Leaders should reduce waiting times for assessments.
`;

  test.each([
    ["whole lines", false],
    ["lines in fragments cut inside words", true],
  ])("%s: seed-shaped text, running heads and page numbers gone", async (_case, fragments) => {
    const pdf = await typesetLetter(LETTER, { fragments });
    expect(pdf.pages).toBe(3);
    const out = await pdfToText(pdf.bytes, "testshire.pdf");
    expect(out).toEqual({ text: EXPECTED, pages: 3 });
  });

  test("a whole seed letter typeset over eight pages comes back paragraph for paragraph, split only at page breaks", async () => {
    const blocks: Block[] = readFileSync(SEED, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => (l.startsWith("- ") ? { kind: "bullet", text: l.slice(2) } : { kind: "text", text: l }));
    // Body text down to 57 pt, inside the band where the running footers sit.
    const pdf = await typesetLetter(blocks, { bottom: 57 });
    expect(pdf.pages).toBeGreaterThanOrEqual(6);
    expect(pdf.lowestBaseline).toBeLessThan(84);
    const out = await pdfToText(pdf.bytes, "westminster.pdf");
    expect(out.text).toBe(pdf.expected);
  });

  test("'-' bullets are kept as '-'", async () => {
    const pdf = await typesetLetter(
      [
        { kind: "heading", text: "Main findings" },
        { kind: "bullet", text: "Leaders are ambitious." },
        { kind: "bullet", text: "Plans are late." },
      ],
      { glyph: "-" },
    );
    expect((await pdfToText(pdf.bytes, "x.pdf")).text).toBe("Main findings\n\n- Leaders are ambitious.\n\n- Plans are late.\n");
  });
});

describe("pdfToText: unreadable PDFs", () => {
  let valid: Uint8Array;
  beforeAll(async () => {
    valid = (await typesetLetter([{ kind: "heading", text: "Main findings" }, { kind: "bullet", text: "Leaders are ambitious." }])).bytes;
  });

  test.each([0.1, 0.5, 0.9])("truncated to %f of its bytes → E_PDF naming the file", async (frac) => {
    const err = await pdfError(valid.slice(0, Math.floor(valid.length * frac)), "cut.pdf");
    expect(err).toMatchObject({ code: "E_PDF", file: "cut.pdf" });
    expect(err.message).not.toMatch(/\n/);
  });

  test("losing only the trailer is repaired by pdf.js: the text still comes out", async () => {
    const cut = valid.slice(0, valid.length - 8); // "%%EOF" and part of startxref
    expect((await pdfToText(cut, "cut.pdf")).text).toBe("Main findings\n\n• Leaders are ambitious.\n");
  });

  test("a PDF header over garbage → E_PDF", async () => {
    expect(await pdfError(new TextEncoder().encode("%PDF-1.7\nnot really a PDF\n%%EOF\n"))).toMatchObject({ code: "E_PDF" });
  });

  test("a password-protected PDF → E_PDF_ENCRYPTED", async () => {
    expect(await pdfError(await encryptedPdf(), "locked.pdf")).toMatchObject({ code: "E_PDF_ENCRYPTED", file: "locked.pdf" });
  });

  test("a PDF without a text layer gives no text, and readSourceBytes refuses it with E_PDF", async () => {
    const bytes = await blankPdf();
    expect(await pdfToText(bytes, "scan.pdf")).toEqual({ text: "", pages: 1 });
    await expect(readSourceBytes(bytes, "scan.pdf")).rejects.toMatchObject({ code: "E_PDF", file: "scan.pdf" });
  });

  test("the caller's bytes are left intact", async () => {
    const copy = valid.slice();
    await pdfToText(copy, "x.pdf");
    expect(copy).toEqual(valid);
  });

  test("damaged bytes give text or an InputError, never a raw pdf.js error (fixed-seed fuzz)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }), async (edits) => {
        const bytes = valid.slice();
        for (const [at, value] of edits) bytes[at % bytes.length] = value;
        try {
          const out = await pdfToText(bytes, "fuzz.pdf");
          expect(typeof out.text).toBe("string");
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
          expect((e as InputError).code).toMatch(/^E_PDF/);
        }
      }),
      { seed: 20230505, numRuns: 30 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The twelve 2023 reports. They live beside the repository and are never copied into it.

const reportFiles = existsSync(REPORTS) ? readdirSync(REPORTS).filter((f) => f.endsWith(".pdf")).sort() : [];
const PAGES: Record<string, number> = {
  bedford: 7, bexley: 8, cornwall: 7, greenwich: 8, halton: 8, medway: 8, newham: 8, nottinghamshire: 8, rutland: 7, suffolk: 10, warrington: 7, wiltshire: 7,
};

/** Lower-cased words, with hyphenated compounds split, as a count per word. */
function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of text.toLowerCase().match(/[\p{L}\d]+/gu) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

describe.skipIf(reportFiles.length === 0)(`2023 reports in ${REPORTS} (skipped when that folder is absent)`, () => {
  const texts = new Map<string, { text: string; pages: number }>();
  beforeAll(async () => {
    for (const f of reportFiles) texts.set(f, await pdfToText(readFileSync(join(REPORTS, f)), f));
  });
  const area = (f: string) => f.split("__")[0]!;

  test("all twelve are there", () => {
    expect(reportFiles.map(area)).toEqual(Object.keys(PAGES));
  });

  test.each(reportFiles)("%s: headings, bullets, no running heads or page numbers", (f) => {
    const { text, pages } = texts.get(f)!;
    expect(pages).toBe(PAGES[area(f)]);
    const lines = text.split("\n");
    // Seed shape: paragraphs separated by exactly one blank line, no stray white space.
    expect(text.endsWith("\n")).toBe(true);
    expect(text).not.toMatch(/\n\n\n/);
    for (const l of lines) expect(l === "" || /^(?: {2}- )?\S(?:.*\S)?$/.test(l), JSON.stringify(l)).toBe(true);
    expect(lines.filter((l) => /inspection report:|^local area partnership report$/i.test(l))).toEqual([]);
    expect(lines.filter((l) => /^(?:page )?\d{1,3}$/i.test(l))).toEqual([]);
    expect(lines.filter((l) => /^responsible body\b/i.test(l))).toEqual([]);
    // Bexley 2024 wraps this heading over two lines; Nottinghamshire 2023 prints "young person SEND".
    expect(text).toMatch(/^What is it like to be a child or young person (?:with )?(?:SEND|special educational needs and\/or disabilities \(SEND\)) in this area\?$/m);
    expect(text).toMatch(/^What is the area partnership doing that is effective\?$/m);
    expect(text).toMatch(/^What does the area partnership need to do better\?$/m);
    expect(text).toMatch(/^Areas for improvement$/m);
    expect(lines.filter((l) => /^[◼▪] \S/.test(l)).length).toBeGreaterThanOrEqual(10);
    expect(lines.filter((l) => /^[◼▪•-]$/.test(l.trim()))).toEqual([]);
    // The improvement table's header cell repeats its heading: printed once.
    expect(text).not.toMatch(/^(Areas for improvement)\n\n\1$/m);
  });

  test.each([
    ["bexley", 8],
    ["medway", 7],
    ["newham", 3],
    ["suffolk", 4],
  ])("%s: %i sub-bullets, each run under a lead-in ending in ':'", (name, n) => {
    const f = reportFiles.find((x) => area(x) === name)!;
    const paragraphs = texts.get(f)!.text.split("\n\n");
    expect(paragraphs.filter((p) => p.startsWith("  - "))).toHaveLength(n);
    paragraphs.forEach((p, i) => {
      if (p.startsWith("  - ") && !paragraphs[i - 1]!.startsWith("  - ")) expect(paragraphs[i - 1]).toMatch(/:$/);
    });
  });

  test.each(reportFiles)("%s: no body text is lost (every word of the page body comes out)", async (f) => {
    // The same PDF read only as far as its lines (step 1), then cleared of running heads, the
    // priority-action table's left column and repeated header cells by simple rules of its own.
    const pages = await readPdfPages(readFileSync(join(REPORTS, f)), f);
    let body = "";
    let inTable = false;
    let prev = "";
    for (const page of pages) {
      for (const l of page.lines) {
        const band = l.y < page.height * 0.1 || l.y > page.height * 0.9;
        if (band && /inspection report|^\d{1,3}$|\b20\d\d\b|^local area partnership report$/i.test(l.text)) continue;
        if (/^responsible body\b/i.test(l.text)) inTable = true;
        if (/^areas for improvement$/i.test(l.text)) inTable = false;
        const skip = (inTable && l.x < 200) || l.text === prev || /^responsible body\b|^areas for priority action$/i.test(l.text);
        prev = l.text;
        if (!skip) body += `${l.text}\n`;
      }
    }
    const got = wordCounts(texts.get(f)!.text);
    const missing = [...wordCounts(body)].filter(([w, n]) => (got.get(w) ?? 0) < n).map(([w]) => w);
    expect(missing).toEqual([]);
  });
});
