/**
 * PDF → text in the same shape as the seed extractions, so one structure parser reads both: one
 * paragraph or bullet per line, one blank line between paragraphs, bullet glyphs kept at the start
 * of the line, sub-bullets written as `  - `. Running headers, footers and page numbers are dropped.
 * A page break always ends a paragraph, as it does in the seeds: a bullet cut by a page break goes
 * on in a new paragraph that starts in lower case, and the structure stage repairs it (it has the
 * section context to do so; here a wrong join across pages could glue a heading to a finding).
 *
 * The steps run in this order, each a small pure function over geometry from pdf.js:
 *   1. `itemsToLines`     — text items → lines: items on one baseline, in content order; a wide
 *                           horizontal gap splits a line into table cells.
 *   2. `dropRunningLines` — drop lines in the top/bottom bands that repeat on other pages (with
 *                           digits ignored), bare page numbers and "… inspection report: …" heads.
 *   3. `pageParagraphs`   — lines → paragraphs by vertical gaps, bullet glyphs, indentation, font
 *                           size, forced line breaks, half-point row padding, and the rows of the
 *                           "Responsible body" table (whose left column is dropped).
 *   4. `renderParagraphs` — paragraphs → text, joining wrapped lines with `joinWrapped`.
 */
import { InputError } from "./errors.ts";
import { joinWrapped } from "./text.ts";

/** One pdf.js text item, in PDF points (origin bottom left, y = baseline). */
export interface PdfItem {
  str: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One line (or table cell) of text on a page. */
export interface PdfLine {
  text: string;
  x: number;
  y: number;
  right: number;
  /** Font size (the largest item height on the line). */
  size: number;
}

export interface PdfPage {
  width: number;
  height: number;
  lines: PdfLine[];
}

type ParagraphKind = "text" | "bullet" | "subbullet";

interface Paragraph {
  kind: ParagraphKind;
  /** The bullet glyph as printed (top-level bullets keep it). */
  glyph: string;
  lines: PdfLine[];
}

// ---------------------------------------------------------------------------------------------
// 1. Lines

/** Baselines closer than this (points) are one line: glyphs from another font sit a little off. */
const SAME_BASELINE = 2;

/**
 * Groups a page's text items into lines. pdf.js hands out fragments ("commissionin" + "g of
 * health", explicit " " items, empty end-of-line markers); items on one baseline are joined in
 * content order, with a space where the gap between them is wider than a letter-spacing nudge.
 * Two items on one baseline separated by a gap wider than two font sizes are cells of a table
 * ("Responsible body" | "Areas for priority action"): they become separate lines with the same y.
 *
 * @example
 * itemsToLines([{ str: "commissionin", x: 57, y: 700, w: 60, h: 12 }, { str: "g of health", x: 117, y: 700, w: 50, h: 12 }])
 * // [{ text: "commissioning of health", x: 57, y: 700, right: 167, size: 12 }]
 */
export function itemsToLines(items: readonly PdfItem[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let cur: PdfItem[] = [];
  const flush = () => {
    let start = 0;
    for (let i = 1; i <= cur.length; i++) {
      const prev = cur[i - 1]!;
      const it = cur[i];
      if (it === undefined || it.x - (prev.x + prev.w) > Math.max(20, 2 * Math.max(prev.h, it.h))) {
        const line = joinItems(cur.slice(start, i));
        if (line) lines.push(line);
        start = i;
      }
    }
    cur = [];
  };
  for (const it of items) {
    if (it.str === "") continue; // end-of-line markers carry no text and no position worth keeping
    const last = cur[cur.length - 1];
    if (last && Math.abs(it.y - last.y) > SAME_BASELINE) flush();
    cur.push(it);
  }
  flush();
  return lines;
}

/**
 * Typographic ligatures (ﬁ, ﬂ, ﬀ …), spelt out. pdf.js would NFKC-normalise every item itself, but
 * that costs 10–15% of extraction time and changed nothing else in the twelve reports.
 */
const LIGATURE = /[\ufb00-\ufb06]/g;

function joinItems(items: readonly PdfItem[]): PdfLine | null {
  const visible = items.filter((i) => i.str.trim() !== "");
  const first = visible[0];
  if (!first) return null;
  let text = "";
  let prevEnd: number | null = null;
  for (const it of items) {
    // A real space is about a quarter of the font size; kerning nudges are far smaller.
    if (prevEnd !== null && it.x - prevEnd > Math.max(1, it.h * 0.15) && !/\s$/.test(text) && !/^\s/.test(it.str)) text += " ";
    text += it.str;
    if (it.str.trim() !== "") prevEnd = it.x + it.w;
    else if (prevEnd !== null) prevEnd = Math.max(prevEnd, it.x + it.w);
  }
  return {
    text: text.replace(/\s+/g, " ").replace(LIGATURE, (c) => c.normalize("NFKC")).trim(),
    x: first.x,
    y: first.y,
    right: Math.max(...visible.map((i) => i.x + i.w)),
    size: Math.max(...visible.map((i) => i.h)),
  };
}

// ---------------------------------------------------------------------------------------------
// 2. Running headers, footers and page numbers

/** Share of the page height, at the top and at the bottom, where running heads and feet live. */
const BAND = 0.1;
const PAGE_NUMBER = /^(?:page\s+)?\d{1,3}(?:\s+(?:of|\/)\s+\d{1,3})?$/i;
/** "Area SEND inspection report: Rutland Local Area Partnership, 15 to 22 May 2023", and page 1's "Local Area Partnership report". */
const RUNNING_HEAD = /inspection report:|^local area partnership report$/i;

/**
 * Drops running headers, footers and page numbers: lines in the top or bottom tenth of the page
 * that are a bare page number, read like a running head, or repeat (digits ignored, so "… 2023 6"
 * and "… 2023 7" match) in the same band on another page. Body text may reach deep into the
 * bottom band (Bedford 2025 prints a body line at y = 57, below Halton's footer at y = 54), so
 * the band alone decides nothing.
 *
 * @example
 * dropRunningLines([{ width: 595, height: 842, lines: [{ text: "Leaders are ambitious.", x: 57, y: 700, right: 200, size: 12 }, { text: "2", x: 519, y: 16, right: 525, size: 10 }] }])[0]!.lines.map((l) => l.text)
 * // ["Leaders are ambitious."]
 */
export function dropRunningLines(pages: readonly PdfPage[]): PdfPage[] {
  const band = (p: PdfPage, l: PdfLine): "top" | "bottom" | null =>
    l.y > p.height * (1 - BAND) ? "top" : l.y < p.height * BAND ? "bottom" : null;
  const key = (where: string, l: PdfLine) => `${where}|${l.text.replace(/\d+/g, "#").toLowerCase()}`;
  const pagesWith = new Map<string, Set<number>>();
  pages.forEach((p, i) => {
    for (const l of p.lines) {
      const where = band(p, l);
      if (where === null) continue;
      const k = key(where, l);
      const set = pagesWith.get(k) ?? new Set<number>();
      set.add(i);
      pagesWith.set(k, set);
    }
  });
  return pages.map((p) => ({
    ...p,
    lines: p.lines.filter((l) => {
      const where = band(p, l);
      if (where === null) return true;
      if (PAGE_NUMBER.test(l.text) || RUNNING_HEAD.test(l.text)) return false;
      return (pagesWith.get(key(where, l))?.size ?? 0) < 2;
    }),
  }));
}

// ---------------------------------------------------------------------------------------------
// 3. Paragraphs

/** Bullet glyphs seen in the reports (◼ ▪ • -), plus Word's Symbol-font bullets in the private use area. */
const BULLET_GLYPH = /^([◼■•▪●◾◦▫‣⁃]|\uf0b7|\uf0a7|[-–](?=\s))\s*/u;
/** The header row of the 2023 "Areas for priority action" table: its left column names the responsible body. */
const TABLE_HEADER = /^responsible body\b/i;
/** Headings after which the priority-action table has certainly ended. */
const TABLE_END = /^(?:areas? for improvement|local area partnership details|information about this inspection|inspection team)\b/i;
const ENDS_SENTENCE = /[.!?:;][’”"')\]]?$/;

/** Document-wide measures that the paragraph rules compare against. */
interface Layout {
  /** Usual distance between the baselines of two lines of one body paragraph. */
  spacing: number;
  bodySize: number;
  /** x of top-level bullet glyphs; glyphs further right are sub-bullets. */
  bulletX: number;
  /** Rightmost end of the lines starting at each (rounded) x: the right edge of that column. */
  colRight: Map<number, number>;
}

function median(xs: readonly number[], fallback: number): number {
  if (xs.length === 0) return fallback;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function measureLayout(pages: readonly PdfPage[]): Layout {
  const all = pages.flatMap((p) => p.lines);
  const sizes = all.map((l) => Math.round(l.size));
  const bodySize = median(sizes, 12);
  const gaps: number[] = [];
  for (const p of pages) {
    for (let i = 1; i < p.lines.length; i++) {
      const a = p.lines[i - 1]!;
      const b = p.lines[i]!;
      const g = a.y - b.y;
      if (g > 0 && g < bodySize * 3 && Math.abs(a.size - bodySize) < 1 && Math.abs(b.size - bodySize) < 1) gaps.push(g);
    }
  }
  // Most gaps are the line spacing (paragraph gaps are far rarer than wrapped lines), so the median is it.
  const spacing = median(gaps, bodySize * 1.2);
  const glyphXs = new Map<number, number>();
  for (const l of all) if (BULLET_GLYPH.test(l.text)) glyphXs.set(Math.round(l.x), (glyphXs.get(Math.round(l.x)) ?? 0) + 1);
  const repeated = [...glyphXs].filter(([, n]) => n >= 2).map(([x]) => x);
  const bulletX = Math.min(...(repeated.length > 0 ? repeated : [...glyphXs.keys()]), Infinity);
  const colRight = new Map<number, number>();
  for (const l of all) colRight.set(Math.round(l.x), Math.max(colRight.get(Math.round(l.x)) ?? 0, l.right));
  return { spacing, bodySize, bulletX, colRight };
}

function columnRight(layout: Layout, x: number): number {
  let right = 0;
  for (let d = -3; d <= 3; d++) right = Math.max(right, layout.colRight.get(Math.round(x) + d) ?? 0);
  return right;
}

/**
 * Whether the line break before `next` was clearly forced (a paragraph end) rather than a wrap:
 * `prev` ends a sentence and stops so far short of its column's right edge that `next`'s first
 * word would have fitted twice over, and by at least a fifth of the column. Ragged-right text only
 * wraps when the next word does not fit; the margins are wide because word widths are estimated
 * from average letter widths (a tighter test split paragraphs mid-way in six of the reports).
 * Greenwich 2023 prints its recommendations one under the other with no space between them.
 */
function isForcedBreak(prev: PdfLine, next: PdfLine, layout: Layout): boolean {
  if (!ENDS_SENTENCE.test(prev.text) || !/^[\p{Lu}\d‘“"'(]/u.test(next.text)) return false;
  const word = next.text.split(" ")[0] ?? "";
  const need = ((word.length + 1) * (next.right - next.x)) / Math.max(1, next.text.length);
  const right = columnRight(layout, prev.x);
  const room = right - prev.right;
  return room >= 2 * need && room >= (right - prev.x) * 0.2;
}

/**
 * Whether the line break before `next` is a paragraph end marked only by a slightly wider step:
 * `prev` ends a sentence, `next` starts with a capital, and the gap between them is at least
 * 0.3 pt wider than the gaps on either side. Recommendation tables with ruled rows (Bexley, Halton,
 * Suffolk 2024, Warrington 2023) pad each row by about half a point and leave no other trace of
 * the row boundary; within a paragraph the spacing only changes between paragraphs, never around
 * a single line. Checked on all twelve 2023 reports: every such step is a real boundary.
 */
function isSteppedBreak(prev: PdfLine, next: PdfLine, neighbours: readonly (number | null)[], layout: Layout): boolean {
  if (!ENDS_SENTENCE.test(prev.text) || !/^[\p{Lu}\d‘“"'(]/u.test(next.text)) return false;
  const around = neighbours.filter((g): g is number => g !== null && g > layout.spacing * 0.5 && g < layout.spacing * 1.25);
  return around.length > 0 && prev.y - next.y >= Math.max(...around) + 0.3;
}

/** State carried from page to page: whether the priority-action table is still open. */
interface TableState {
  open: boolean;
  /** x from which the right-hand column (the actions) starts. */
  split: number;
}

/**
 * One page's lines → paragraphs. A paragraph starts at a bullet glyph; after a vertical gap
 * clearly wider than the usual line spacing (scaled by font size, so a two-line title stays one
 * paragraph); at a change of font size; where the text moves back up the page or across to another
 * column; where a line comes back out to the left of the bullet text it follows; at a forced line
 * break; and, in the priority-action table, where a new row starts. A line repeating the heading
 * just before it is dropped (the improvement tables' header cell repeats "Areas for improvement").
 */
function pageParagraphs(lines: readonly PdfLine[], layout: Layout, table: TableState): Paragraph[] {
  // Pass 1: which lines belong to the priority-action table's header and left-hand column (the
  // responsible body, which names no finding), and where its rows start.
  const skip = new Set<PdfLine>();
  const rowStarts = new Set<PdfLine>();
  const inTable = new Set<PdfLine>();
  let headerY: number | null = null;
  let lastLeft: PdfLine | null = null;
  for (const l of lines) {
    if (TABLE_HEADER.test(l.text)) {
      table.open = true;
      headerY = l.y;
      skip.add(l);
      continue;
    }
    if (!table.open) continue;
    if (headerY !== null && Math.abs(l.y - headerY) <= SAME_BASELINE) {
      table.split = l.x - 10; // the header's second cell: where the actions column starts
      skip.add(l);
      continue;
    }
    if (TABLE_END.test(l.text)) {
      table.open = false;
      continue;
    }
    inTable.add(l);
    if (l.x < table.split) {
      skip.add(l);
      if (!lastLeft || lastLeft.y - l.y > layout.spacing * 1.4 || l.y > lastLeft.y) {
        const first = lines.find((r) => r.x >= table.split && Math.abs(r.y - l.y) <= SAME_BASELINE);
        if (first) rowStarts.add(first);
      }
      lastLeft = l;
    }
  }

  // Pass 2: paragraphs.
  const body = lines.filter((l) => !skip.has(l));
  const gapBefore = (i: number): number | null => (i >= 1 && i < body.length ? body[i - 1]!.y - body[i]!.y : null);
  const out: Paragraph[] = [];
  let cur: Paragraph | null = null;
  for (let i = 0; i < body.length; i++) {
    const line = body[i]!;
    const prev = i > 0 ? body[i - 1]! : null;
    const glyphMatch = BULLET_GLYPH.exec(line.text);
    const text = glyphMatch ? line.text.slice(glyphMatch[0].length) : line.text;
    if (text === "") continue; // a stray glyph with nothing after it (Newham 2024, page 6)
    const last = out[out.length - 1];
    if (!glyphMatch && last && last.lines.length === 1 && last.lines[0]!.text === text && text.length < 80 && !ENDS_SENTENCE.test(text)) {
      cur = null; // a repeated heading: dropped, and what follows it is a new paragraph
      continue;
    }

    let starts = cur === null || prev === null || glyphMatch !== null || rowStarts.has(line);
    if (!starts && prev && cur) {
      const gap = prev.y - line.y;
      const scale = Math.max(prev.size, line.size) / layout.bodySize;
      const glyphX = cur.kind === "text" ? null : cur.lines[0]!.x;
      starts =
        gap > layout.spacing * 1.25 * scale ||
        gap < layout.spacing * 0.5 ||
        Math.abs(prev.size - line.size) > 1.5 ||
        (glyphX !== null && line.x <= glyphX + 2) ||
        isSteppedBreak(prev, line, [gapBefore(i - 1), gapBefore(i + 1)], layout) ||
        // In a table cell, a short line ends where the cell's column does, not the page's.
        (!inTable.has(line) && isForcedBreak(prev, line, layout));
    }
    if (starts) {
      // Bullets inside a table cell belong to the row's recommendation (Bexley, Suffolk 2024).
      const sub = inTable.has(line) || line.x > layout.bulletX + 2;
      const kind: ParagraphKind = glyphMatch ? (sub ? "subbullet" : "bullet") : "text";
      cur = { kind, glyph: glyphMatch?.[1] ?? "", lines: [] };
      out.push(cur);
    }
    cur!.lines.push({ ...line, text });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 4. Text



/** Every word of the document, lower-cased, hyphenated compounds kept whole: the evidence for rules 3 and 6 of `joinWrapped`. */
function vocabulary(pages: readonly PdfPage[]): Set<string> {
  const words = new Set<string>();
  for (const p of pages) for (const l of p.lines) for (const w of l.text.toLowerCase().match(/[\p{L}\d]+(?:-[\p{L}\d]+)*/gu) ?? []) words.add(w);
  return words;
}

/** Word's Symbol-font bullets are private-use code points; print them as the bullet they show. */
function printableGlyph(glyph: string): string {
  return /[\uf0b7\uf0a7]/.test(glyph) ? "•" : glyph === "–" ? "-" : glyph;
}

function renderParagraphs(paragraphs: readonly Paragraph[], words: ReadonlySet<string>): string {
  return paragraphs
    .map((p) => {
      // Soft hyphens left inside a line are invisible in the PDF: they go too.
      const text = p.lines
        .map((l) => l.text)
        .reduce((a, b) => (a === "" ? b : joinWrapped(a, b, words)), "")
        .replace(/\u00ad/g, "");
      return p.kind === "subbullet" ? `  - ${text}` : p.kind === "bullet" ? `${printableGlyph(p.glyph)} ${text}` : text;
    })
    .join("\n\n");
}

/**
 * Lays out extracted pages as text: steps 2–4 above, for pages whose lines `itemsToLines` built.
 * Pure; `pdfToText` is this plus pdf.js.
 *
 * @example
 * pagesToText([{ width: 595, height: 842, lines: [
 *   { text: "Main findings", x: 57, y: 720, right: 150, size: 14 },
 *   { text: "• Leaders are", x: 75, y: 690, right: 160, size: 12 },
 *   { text: "ambitious.", x: 92, y: 675, right: 150, size: 12 },
 * ] }])
 * // "Main findings\n\n• Leaders are ambitious.\n"
 */
export function pagesToText(pages: readonly PdfPage[]): string {
  const body = dropRunningLines(pages);
  const layout = measureLayout(body);
  const table: TableState = { open: false, split: 200 };
  const paragraphs = body.flatMap((p) => pageParagraphs(p.lines, layout, table));
  return paragraphs.length === 0 ? "" : `${renderParagraphs(paragraphs, vocabulary(body))}\n`;
}

// ---------------------------------------------------------------------------------------------
// pdf.js

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
/**
 * pdf.js's legacy build (Node 20 lacks what the modern one needs), minified: the same code without
 * a `sourceMappingURL`. Under tsx, which turns source maps on, the unminified files make Node parse
 * 7 MB of maps on first use: about 520 ms to load instead of about 150 ms. Held in variables so
 * TypeScript takes the types from `pdf.mjs` and does not look for the worker's (pdfjs-dist ships none).
 */
const PDFJS = "pdfjs-dist/legacy/build/pdf.min.mjs";
const PDFJS_WORKER = "pdfjs-dist/legacy/build/pdf.worker.min.mjs";
let pdfjs: Promise<PdfJs> | null = null;

/**
 * Loads pdf.js on first use, so reading text letters never pays for it (150 ms or more, and global
 * side effects). Its legacy build bundles core-js, which on Node 20 replaces `Array.prototype.push`
 * and `JSON.parse` with slower polyfills for the whole process (for spec corner cases: array-likes
 * longer than 2^32, `JSON.parse` source text); we put the native ones back once both halves are
 * loaded, which made extraction 10–20% faster and keeps the rest of the pipeline at full speed.
 * The worker half is loaded here too and handed over as `globalThis.pdfjsWorker`, which pdf.js
 * then runs in this thread: no worker file to locate.
 */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    const natives = { push: Array.prototype.push, parse: JSON.parse };
    const lib = (await import(PDFJS)) as PdfJs;
    const g = globalThis as { pdfjsWorker?: unknown };
    g.pdfjsWorker ??= await import(PDFJS_WORKER);
    Array.prototype.push = natives.push;
    JSON.parse = natives.parse;
    return lib;
  })();
  return pdfjs;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
}

/**
 * Reads a PDF's pages as lines (step 1): what pdf.js reports, before any running head is dropped
 * or any paragraph formed. Throws `InputError` E_PDF_ENCRYPTED for a password-protected file and
 * E_PDF for one pdf.js cannot read (truncated, corrupt, not a PDF); never a raw pdf.js error.
 *
 * @example (await readPdfPages(bytes, "rutland.pdf"))[1]!.lines[0] // { text: "Area SEND inspection report: Rutland …", x: 60, y: 26, … }
 */
export async function readPdfPages(bytes: Uint8Array, source: string): Promise<PdfPage[]> {
  const { getDocument } = await loadPdfJs();
  let doc;
  try {
    // A copy: pdf.js may transfer (detach) the buffer it is given, and the caller's bytes are theirs.
    doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false })
      .promise;
  } catch (e) {
    if (e instanceof Error && e.name === "PasswordException") {
      throw new InputError("E_PDF_ENCRYPTED", "PDF is password-protected; save an unprotected copy and try again", { file: source });
    }
    throw new InputError("E_PDF", `not a readable PDF (${firstLine(e)}); is the file complete?`, { file: source });
  }
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      // Normalisation off: `itemsToLines` spells out the ligatures, the one thing it did here.
      const content = await page.getTextContent({ disableNormalization: true });
      const items: PdfItem[] = [];
      for (const it of content.items) {
        if (!("str" in it)) continue;
        items.push({ str: it.str, x: (it.transform[4] as number) - x0, y: (it.transform[5] as number) - y0, w: it.width, h: it.height });
      }
      pages.push({ width: x1 - x0, height: y1 - y0, lines: itemsToLines(items) });
      page.cleanup();
    }
    return pages;
  } catch (e) {
    throw new InputError("E_PDF", `cannot read the PDF's text (${firstLine(e)}); is the file complete?`, { file: source });
  } finally {
    await doc.destroy();
  }
}

/**
 * Extracts a PDF's text in the seed extractions' shape (see the module comment): `readPdfPages`
 * then `pagesToText`. Throws what `readPdfPages` throws. A PDF without a text layer gives "".
 *
 * @example
 * const { text, pages } = await pdfToText(readFileSync("../shared/reports-2023/rutland__03-august-2023.pdf"), "rutland.pdf");
 * // pages === 7; text starts "Area SEND inspection of Rutland Local Area Partnership\n\nInspection dates: 15 to 19 May 2023\n\n…"
 */
export async function pdfToText(bytes: Uint8Array, source: string): Promise<{ text: string; pages: number }> {
  const pages = await readPdfPages(bytes, source);
  return { text: pagesToText(pages), pages: pages.length };
}
