/**
 * The Excel workbook `report` writes beside the site: sheets `documents` (one row per document
 * shown), `findings` (one row per finding) and `sentences` (the classify CSV's rows and columns).
 * Built with exceljs, a maintained xlsx library, rather than hand-written XML: Excel is strict
 * about the package layout, shared strings and styles, and exceljs gets those right.
 *
 * Every sheet: bold header row frozen, autofilter over the data, column widths set; numbers
 * (counts, indexes, probabilities, shares) are numbers and dates are dates, so Excel sorts and
 * filters them as such.
 */
import ExcelJS from "exceljs";
import type { SiteDocument } from "../../eval/site/site-document.ts";
import { CLASSIFY_COLUMNS, withDocument } from "./output.ts";

type Cell = string | number | Date | null | { text: string; hyperlink: string };

interface Column {
  header: string;
  width: number;
  /** Excel number format, e.g. "0.0000" or "yyyy-mm-dd". */
  numFmt?: string;
}

/** A date cell from an ISO date: midnight UTC, which Excel shows as that day everywhere. */
function date(iso: string | null): Date | null {
  return iso === null ? null : new Date(`${iso}T00:00:00Z`);
}

function addSheet(wb: ExcelJS.Workbook, name: string, columns: readonly Column[], rows: readonly Cell[][]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
  ws.getRow(1).font = { bold: true };
  ws.addRows(rows.map((r) => r.map((c) => c ?? null)));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: columns.length } };
}

const PROBABILITY = "0.0000";
const DATE = "yyyy-mm-dd";

/** Width and number format of every column, by header: a column shared by several sheets looks the same in each. */
const COLUMN_STYLES: Record<string, Omit<Column, "header">> = {
  letter_id: { width: 28 },
  area: { width: 22 },
  kind: { width: 17 },
  framework: { width: 10 },
  outcome: { width: 18 },
  letter_date: { width: 12, numFmt: DATE },
  inspection_start: { width: 15, numFmt: DATE },
  inspection_end: { width: 15, numFmt: DATE },
  source: { width: 40 },
  findings: { width: 9 },
  sentences: { width: 10 },
  strength: { width: 9 },
  weakness: { width: 10 },
  neutral: { width: 9 },
  weakness_share: { width: 15, numFmt: "0.0%" },
  findings_strength: { width: 10 },
  findings_weakness: { width: 10 },
  findings_mixed: { width: 10 },
  findings_neutral: { width: 10 },
  top_weakness_themes: { width: 48 },
  page: { width: 30 },
  section: { width: 22 },
  subsection: { width: 12 },
  finding_index: { width: 8 },
  sentence_index: { width: 8 },
  silver: { width: 9 },
  finding_rollup: { width: 10 },
  sentiment: { width: 10 },
  p_strength: { width: 11, numFmt: PROBABILITY },
  p_weakness: { width: 11, numFmt: PROBABILITY },
  p_neutral: { width: 11, numFmt: PROBABILITY },
  themes: { width: 36 },
  text: { width: 100 },
};

const columns = (headers: readonly string[]): Column[] => headers.map((header) => ({ header, ...COLUMN_STYLES[header]! }));

const DOCUMENT_COLUMNS = columns([
  "letter_id", "area", "kind", "framework", "outcome", "letter_date", "inspection_start", "inspection_end", "source",
  "findings", "sentences", "strength", "weakness", "neutral", "weakness_share",
  "findings_strength", "findings_weakness", "findings_mixed", "findings_neutral", "top_weakness_themes", "page",
]);

const FINDING_COLUMNS = columns([
  "letter_id", "area", "framework", "outcome", "inspection_start", "inspection_end", "source",
  "section", "subsection", "finding_index", "silver", "finding_rollup", "sentences", "strength", "weakness", "neutral", "themes", "text",
]);

/** The sentence sheet's columns: exactly the classify CSV's, in its order. */
export const SENTENCE_COLUMNS = columns(CLASSIFY_COLUMNS);

function documentRow(d: SiteDocument): Cell[] {
  const s = d.summary;
  const md = d.doc.metadata;
  return [
    d.doc.letter_id,
    md.local_area,
    d.doc.kind,
    d.doc.framework,
    d.fields.outcome,
    date(md.letter_date),
    date(md.inspection_start),
    date(md.inspection_end),
    d.fields.source,
    s.findings,
    s.sentences,
    s.totals.strength,
    s.totals.weakness,
    s.totals.neutral,
    d.weaknessShare,
    s.rollups.strength ?? 0,
    s.rollups.weakness ?? 0,
    s.rollups.mixed ?? 0,
    s.rollups.neutral ?? 0,
    s.top_weakness_themes.map((t) => `${t.theme} (${t.weaknesses})`).join("; "),
    { text: `letters/${d.page}.html`, hyperlink: `letters/${encodeURIComponent(d.page)}.html` },
  ];
}

function findingRows(d: SiteDocument): Cell[][] {
  const f = d.fields;
  const byKey = new Map<string, { strength: number; weakness: number; neutral: number; themes: Set<string>; rollup: string }>();
  for (const r of d.rows) {
    const key = `${r.section}|${r.subsection}|${r.finding_index}`;
    const c = byKey.get(key) ?? { strength: 0, weakness: 0, neutral: 0, themes: new Set<string>(), rollup: r.finding_rollup ?? "" };
    c[r.sentiment]++;
    for (const t of r.themes) c.themes.add(t);
    byKey.set(key, c);
  }
  return d.doc.findings.map((fd) => {
    const c = byKey.get(`${fd.section}|${fd.subsection}|${fd.finding_index}`) ?? { strength: 0, weakness: 0, neutral: 0, themes: new Set<string>(), rollup: "" };
    return [
      d.doc.letter_id,
      f.area,
      f.framework,
      f.outcome,
      date(f.inspection_start),
      date(f.inspection_end),
      f.source,
      fd.section,
      fd.subsection,
      fd.finding_index,
      fd.silver,
      c.rollup || null,
      fd.sentences.length,
      c.strength,
      c.weakness,
      c.neutral,
      [...c.themes].join(";"),
      fd.text,
    ];
  });
}

function sentenceRows(d: SiteDocument): Cell[][] {
  return withDocument(d.fields, d.rows).map((r) => [
    r.letter_id,
    r.area,
    r.framework,
    r.outcome,
    date(r.inspection_start),
    date(r.inspection_end),
    r.source,
    r.section,
    r.subsection,
    r.finding_index,
    r.sentence_index,
    r.text,
    r.silver,
    r.sentiment,
    r.p_strength,
    r.p_weakness,
    r.p_neutral,
    r.themes.join(";"),
    r.finding_rollup,
  ]);
}

/**
 * Returns the workbook's bytes (xlsx). The document properties' creation date is fixed (2000-01-01),
 * so that no sheet or property depends on when it ran; the zip entries still carry the time of writing.
 */
export async function buildWorkbook(docs: readonly SiteDocument[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "send-findings";
  wb.created = new Date(Date.UTC(2000, 0, 1));
  wb.modified = wb.created;
  addSheet(wb, "documents", DOCUMENT_COLUMNS, docs.map(documentRow));
  addSheet(wb, "findings", FINDING_COLUMNS, docs.flatMap(findingRows));
  addSheet(wb, "sentences", SENTENCE_COLUMNS, docs.flatMap(sentenceRows));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
