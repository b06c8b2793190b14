/**
 * PDF → text in the same shape as the seed extractions: one paragraph or bullet per line, a blank
 * line between paragraphs, bullet glyphs kept at the start of the line, sub-bullets written as
 * `  - `. Running headers, footers and page numbers are dropped; a paragraph that runs over a page
 * break is joined; the "Responsible body | Areas for priority action" table of 2023 reports keeps
 * its right-hand cells (the actions), one paragraph per row.
 *
 * Geometry-based steps, each small and pure:
 *   1. `pageLines`      — text items → lines (items on one baseline, in content order).
 *   2. `bodyLines`      — drop the top and bottom margins (running headers, footers, page numbers).
 *   3. `paragraphs`     — lines → paragraphs by vertical gaps, bullet glyphs and table rows.
 *   4. `joinPages`      — join a paragraph cut by a page break.
 */
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { InputError } from "./errors.ts";
import { joinWrappedLine, RECOMMENDATION_START } from "./text.ts";

interface PdfItem {
  str: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PdfLine {
  text: string;
  x: number;
  y: number;
  right: number;
  size: number;
}

interface Paragraph {
  lines: PdfLine[];
  kind: "text" | "bullet" | "subbullet";
}

/** Margins (PDF points from the bottom of an A4 page) outside which lines are running heads/feet. */
const BOTTOM_MARGIN = 58;
const TOP_MARGIN = 780;
const BULLET_GLYPH = /^\s*([◼■•▪●▫◾◦]|\uf0b7|\uf0a7|[-–](?=\s))\s*/u;
const TABLE_HEADER = /^Responsible body\b/i;
/** Table header cells that sit directly above the first row: always a paragraph of their own. */
const STANDALONE_LINE = /^areas? for (?:improvement|priority action)s?$/i;
const TABLE_END = /^(?:areas? for improvement|local area partnership details|information about this inspection|inspection team|what (?:is|does) the)/i;

/** Groups a page's text items into lines: a new line starts when the baseline moves. */
export function pageLines(items: readonly PdfItem[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let cur: PdfItem[] = [];
  const flush = () => {
    const visible = cur.filter((i) => i.str !== "");
    if (visible.some((i) => i.str.trim() !== "")) {
      let text = "";
      let prevEnd: number | null = null;
      for (const it of visible) {
        const gap = prevEnd === null ? 0 : it.x - prevEnd;
        if (prevEnd !== null && gap > Math.max(1.5, it.h * 0.2) && !/\s$/.test(text) && !/^\s/.test(it.str)) text += " ";
        text += it.str;
        prevEnd = it.x + it.w;
      }
      const first = visible.find((i) => i.str.trim() !== "") ?? visible[0]!;
      lines.push({
        text: text.replace(/\s+/g, " ").trim(),
        x: first.x,
        y: first.y,
        right: Math.max(...visible.map((i) => i.x + i.w)),
        size: Math.max(...visible.map((i) => i.h)),
      });
    }
    cur = [];
  };
  for (const it of items) {
    if (it.str === "") continue; // end-of-line markers carry no text
    const last = cur[cur.length - 1];
    if (last && Math.abs(it.y - last.y) > 2) flush();
    cur.push(it);
  }
  flush();
  return lines;
}

/** Drops running headers, footers and page numbers (everything in the top and bottom margins). */
export function bodyLines(lines: readonly PdfLine[]): PdfLine[] {
  return lines.filter((l) => l.y >= BOTTOM_MARGIN && l.y <= TOP_MARGIN && !/^(?:page )?\d{1,3}$/i.test(l.text));
}

function median(xs: number[]): number {
  if (xs.length === 0) return 15;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

interface PageState {
  inTable: boolean;
}

/**
 * Lines of one page → paragraphs. A new paragraph starts at a bullet glyph, after a vertical gap
 * clearly larger than the page's line spacing, or (in a priority-action table) where a new row's
 * left-hand cell starts.
 */
function paragraphs(lines: readonly PdfLine[], state: PageState, topBulletX: number): Paragraph[] {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const g = lines[i - 1]!.y - lines[i]!.y;
    if (g > 0 && g < 40) gaps.push(g);
  }
  const spacing = median(gaps);
  const colRight = Math.max(0, ...lines.map((l) => l.right));
  const colLeft = Math.min(colRight, ...lines.map((l) => l.x));
  const out: Paragraph[] = [];
  let cur: Paragraph | null = null;
  let prev: PdfLine | null = null;
  let prevStandalone = false;

  // Table rows: the tops of the left-hand cells (responsible body) mark where each row starts.
  const rowStarts: number[] = [];
  let tableFrom = state.inTable ? 0 : -1;
  for (let i = 0; i < lines.length; i++) if (TABLE_HEADER.test(lines[i]!.text)) tableFrom = i;
  if (tableFrom >= 0) {
    let lastLeft: PdfLine | null = null;
    for (let i = tableFrom; i < lines.length; i++) {
      const l = lines[i]!;
      if (TABLE_END.test(l.text)) break;
      if (l.x < 200 && !TABLE_HEADER.test(l.text)) {
        if (!lastLeft || lastLeft.y - l.y > spacing * 1.4 || l.y > lastLeft.y) rowStarts.push(l.y);
        lastLeft = l;
      }
    }
  }

  for (const line of lines) {
    if (TABLE_HEADER.test(line.text)) {
      state.inTable = true;
      cur = null;
      prev = null;
      continue;
    }
    if (state.inTable && TABLE_END.test(line.text)) state.inTable = false;
    if (state.inTable && line.x < 200) continue; // the responsible body: not the finding's text
    const glyph = BULLET_GLYPH.exec(line.text);
    const text = glyph ? line.text.slice(glyph[0].length) : line.text;
    if (text === "") continue;
    const gap = prev ? prev.y - line.y : 0;
    const newRow = state.inTable && rowStarts.some((y) => Math.abs(y - line.y) <= 2);
    const isSub = glyph !== null && (state.inTable || line.x > topBulletX + 10);
    const standalone = STANDALONE_LINE.test(text);
    // Table rows with ruled borders have no gap (Greenwich 2023): a short line that ends a sentence,
    // followed by a capital, ends the paragraph, as it would in justified text.
    const shortEnd = prev !== null && /[.!?][’”"')]?$/.test(prev.text) && prev.right < colRight - (colRight - colLeft) * 0.12 && /^[A-Z]/.test(text);
    const endsSentence = prev !== null && /[.!?][’”"')]?$/.test(prev.text);
    const recommendation = endsSentence && RECOMMENDATION_START.test(text);
    if (glyph || !cur || newRow || standalone || prevStandalone || shortEnd || recommendation || gap > spacing * 1.25 || gap < -2) {
      cur = { lines: [], kind: glyph ? (isSub ? "subbullet" : "bullet") : "text" };
      out.push(cur);
    }
    cur.lines.push({ ...line, text });
    prev = line;
    prevStandalone = standalone;
  }
  return out;
}

function mode(xs: readonly number[]): number | null {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best: number | null = null;
  for (const [x, c] of counts) if (best === null || c > counts.get(best)! || (c === counts.get(best) && x < best)) best = x;
  return best;
}

/** A section heading: set larger than body text, or a lone line that asks the report's question. */
function isHeading(p: Paragraph, bodySize: number): boolean {
  const first = p.lines[0]!;
  return first.size > bodySize + 1 || (p.lines.length === 1 && /\?$/.test(first.text));
}

function paragraphText(p: Paragraph): string {
  return p.lines.map((l) => l.text).reduce((a, b) => (a === "" ? b : joinWrappedLine(a, b)), "");
}

/**
 * Whether the last paragraph of a page runs on to the first of the next: the next page's first line
 * begins in lower case, or the page's last line stops mid-sentence, or it fills the column (a
 * paragraph's last line rarely does).
 */
function continuesOnNextPage(last: Paragraph, next: Paragraph, pageRight: number, pageLeft: number): boolean {
  if (next.kind !== "text") return false;
  const first = next.lines[0]!.text;
  const end = last.lines[last.lines.length - 1]!;
  if (/^[a-z(]/.test(first)) return true;
  if (!/[.!?:;’”"')]$/.test(end.text)) return true;
  const full = end.right >= pageLeft + (pageRight - pageLeft) * 0.93;
  return full && last.kind === "text" && Math.abs(next.lines[0]!.x - end.x) < 3;
}

function render(paras: readonly Paragraph[]): string {
  return paras
    .map((p) => {
      const text = paragraphText(p);
      return p.kind === "subbullet" ? `  - ${text}` : p.kind === "bullet" ? `◼ ${text}` : text;
    })
    .join("\n\n");
}

/**
 * Extracts a PDF's text. Throws `InputError` E_PDF for a corrupt or unreadable file and
 * E_PDF_ENCRYPTED for a password-protected one.
 */
export async function pdfToText(bytes: Uint8Array, source: string): Promise<{ text: string; pages: number }> {
  let doc;
  try {
    doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false }).promise;
  } catch (e) {
    const name = e instanceof Error ? e.name : "";
    if (name === "PasswordException") throw new InputError("E_PDF_ENCRYPTED", "PDF is password-protected; save an unprotected copy and try again", { file: source });
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new InputError("E_PDF", `not a readable PDF (${why}); is the file complete?`, { file: source });
  }
  try {
    const pages: PdfLine[][] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const items: PdfItem[] = [];
      for (const it of content.items) {
        if (!("str" in it)) continue;
        items.push({ str: it.str, x: it.transform[4] as number, y: it.transform[5] as number, w: it.width, h: it.height });
      }
      pages.push(bodyLines(pageLines(items)));
      page.cleanup();
    }
    // Top-level bullets sit at the most common glyph position; glyphs further right are sub-bullets.
    const glyphXs = pages.flat().filter((l) => BULLET_GLYPH.test(l.text) && l.x < 200).map((l) => Math.round(l.x));
    const topBulletX = mode(glyphXs) ?? 0;
    const bodySize = mode(pages.flat().map((l) => Math.round(l.size))) ?? 12;
    const state: PageState = { inTable: false };
    const all: Paragraph[] = [];
    let prevEdges: { left: number; right: number } | null = null;
    for (const lines of pages) {
      const paras = paragraphs(lines, state, topBulletX);
      const prev = all[all.length - 1];
      const first = paras[0];
      if (prev && first && prevEdges && !isHeading(first, bodySize) && continuesOnNextPage(prev, first, prevEdges.right, prevEdges.left)) {
        prev.lines.push(...first.lines);
        paras.shift();
      }
      all.push(...paras);
      if (lines.length > 0) prevEdges = { left: Math.min(...lines.map((l) => l.x)), right: Math.max(...lines.map((l) => l.right)) };
    }
    return { text: `${render(all)}\n`, pages: doc.numPages };
  } catch (e) {
    if (e instanceof InputError) throw e;
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new InputError("E_PDF", `cannot read the PDF's text (${why})`, { file: source });
  } finally {
    await doc.destroy();
  }
}
