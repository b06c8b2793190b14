/**
 * Output formats shared by classify and summary: CSV and JSONL for tools, a readable table for
 * people. Every row carries its document's columns (area, framework, outcome, inspection dates,
 * source) next to `letter_id`, so rows from many documents can be filtered and traced back. Each
 * format is a `RowFormatter` that writes a batch of rows at a time, so `classify --sentences`
 * streams its output; `toCsv`, `toJsonl` and `toTable` format a whole list the same way.
 */
import { createRequire } from "node:module";
import type { ClassifiedSentence } from "../../models/classify.ts";
import { explainInWords } from "../../models/explain-words.ts";
import { csvCell, csvLine } from "../../pipeline/common/csv.ts";
import { DOCUMENT_COLUMNS, type DocumentFields } from "../../pipeline/document-fields.ts";
import { DEFAULT_COLUMNS, wrapText } from "./table.ts";

/**
 * papaparse, loaded on first use (only `csv-excel` writes with it): a plain CSV stream, in this
 * thread or a worker's, does not pay for loading it.
 */
let papa: typeof import("papaparse") | undefined;
const Papa = () => (papa ??= createRequire(import.meta.url)("papaparse") as typeof import("papaparse"));

/** A classified sentence with the columns of the document it comes from. */
export type OutputRow = ClassifiedSentence & DocumentFields;

/** A row's explanation with each feature in words (`models/explain-words.ts`). */
function explained(r: ClassifiedSentence): { feature: string; weight: number; words: string }[] {
  return explainInWords(r.explain ?? [], { text: r.text, section: r.section, subsection: r.subsection });
}

const signed = (w: number) => `${w >= 0 ? "+" : ""}${w.toFixed(2)}`;

export const CLASSIFY_COLUMNS = [
  "letter_id",
  ...DOCUMENT_COLUMNS,
  "section",
  "subsection",
  "finding_index",
  "sentence_index",
  "text",
  "silver",
  "sentiment",
  "p_strength",
  "p_weakness",
  "p_neutral",
  "themes",
  "finding_rollup",
] as const;

/** Joins a document's columns onto its classified sentences (the document columns come right after `letter_id`). */
export function withDocument(fields: DocumentFields, rows: readonly ClassifiedSentence[]): OutputRow[] {
  // Fields written out rather than spread: a spread looks each key up, and this runs per sentence.
  return rows.map((r) => {
    const row: OutputRow = {
      letter_id: r.letter_id,
      area: fields.area,
      framework: fields.framework,
      outcome: fields.outcome,
      inspection_start: fields.inspection_start,
      inspection_end: fields.inspection_end,
      source: fields.source,
      section: r.section,
      subsection: r.subsection,
      finding_index: r.finding_index,
      sentence_index: r.sentence_index,
      text: r.text,
      silver: r.silver,
      sentiment: r.sentiment,
      p_strength: r.p_strength,
      p_weakness: r.p_weakness,
      p_neutral: r.p_neutral,
      themes: r.themes,
      finding_rollup: r.finding_rollup,
    };
    if (r.explain !== undefined) row.explain = r.explain;
    return row;
  });
}

/**
 * A row as one CSV line (no line end), cells in `CLASSIFY_COLUMNS` order and `explain` last when
 * asked for: the cells of `csvRecord`, escaped as `csvLine` escapes them, written out cell by cell
 * (the hot part of a large `classify --sentences`). Numbers formatted here hold no character that
 * needs quotes; the rest go through `csvCell`.
 */
function csvRow(r: OutputRow, explain: boolean): string {
  const opt = (s: string | null) => (s === null ? "" : csvCell(s));
  let line = `${csvCell(r.letter_id)},${opt(r.area)},${opt(r.framework)},${opt(r.outcome)},${opt(r.inspection_start)},${opt(r.inspection_end)},${csvCell(r.source)},${opt(r.section)},${opt(r.subsection)},${r.finding_index === null ? "" : r.finding_index},${r.sentence_index},${csvCell(r.text)},${opt(r.silver)},${csvCell(r.sentiment)},${r.p_strength.toFixed(4)},${r.p_weakness.toFixed(4)},${r.p_neutral.toFixed(4)},${csvCell(r.themes.join(";"))},${opt(r.finding_rollup)}`;
  if (explain) line += `,${csvCell(explained(r).map((e) => `${e.words} (${signed(e.weight)})`).join("; "))}`;
  return line;
}

/** A row as the cells of its CSV line, by column (`CLASSIFY_COLUMNS`, and `explain` when asked for). */
export function csvRecord(r: OutputRow, explain: boolean): Record<string, string> {
  const rec: Record<string, string> = {
    letter_id: r.letter_id,
    area: r.area ?? "",
    framework: r.framework ?? "",
    outcome: r.outcome ?? "",
    inspection_start: r.inspection_start ?? "",
    inspection_end: r.inspection_end ?? "",
    source: r.source,
    section: r.section ?? "",
    subsection: r.subsection ?? "",
    finding_index: r.finding_index === null ? "" : String(r.finding_index),
    sentence_index: String(r.sentence_index),
    text: r.text,
    silver: r.silver ?? "",
    sentiment: r.sentiment,
    p_strength: r.p_strength.toFixed(4),
    p_weakness: r.p_weakness.toFixed(4),
    p_neutral: r.p_neutral.toFixed(4),
    themes: r.themes.join(";"),
    finding_rollup: r.finding_rollup ?? "",
  };
  if (explain) rec.explain = explained(r).map((e) => `${e.words} (${signed(e.weight)})`).join("; ");
  return rec;
}

/**
 * Formats rows a batch at a time: the whole output is `start()`, then `rows(batch)` for each batch
 * in order, then `end()`. The table keeps state between batches (the document, section and finding
 * last shown), so one formatter serves one output.
 */
export interface RowFormatter {
  /** What comes before the first row (the CSV header line). */
  start(): string;
  /** The lines of one batch of rows, each ended by a line end. */
  rows(rows: readonly OutputRow[]): string;
  /** What comes after the last row. */
  end(): string;
}

/**
 * CSV with a header row; `;`-joined themes; probabilities to 4 decimals; cells escaped as papaparse
 * escapes them (`csvLine`). `excel: true` is the variant for double-clicking in Excel: a UTF-8
 * byte-order mark (without it Excel reads the file as the local code page and "Children’s" turns
 * into "Childrenâ€™s"), CRLF line ends, and cells that Excel would run as formulas (starting with
 * = + - @) quoted, as papaparse's `escapeFormulae` does.
 */
export function csvFormatter(explain: boolean, opts: { excel?: boolean } = {}): RowFormatter {
  const columns = explain ? [...CLASSIFY_COLUMNS, "explain"] : [...CLASSIFY_COLUMNS];
  if (opts.excel) {
    return {
      start: () => `\ufeff${Papa().unparse([columns], { newline: "\r\n", escapeFormulae: true })}\r\n`,
      rows: (rows) => (rows.length === 0 ? "" : `${Papa().unparse(rows.map((r) => csvRecord(r, explain)), { columns, header: false, newline: "\r\n", escapeFormulae: true })}\r\n`),
      end: () => "",
    };
  }
  return {
    start: () => `${csvLine(columns)}\n`,
    rows: (rows) => {
      const lines = new Array<string>(rows.length + 1);
      for (let i = 0; i < rows.length; i++) lines[i] = csvRow(rows[i]!, explain);
      lines[rows.length] = "";
      return lines.join("\n");
    },
    end: () => "",
  };
}

/** One JSON object per sentence per line; with --explain each feature carries its `words`. */
export function jsonlFormatter(): RowFormatter {
  return {
    start: () => "",
    rows: (rows) =>
      rows
        .map((r) => `${JSON.stringify({ ...r, p_strength: round(r.p_strength), p_weakness: round(r.p_weakness), p_neutral: round(r.p_neutral), ...(r.explain ? { explain: explained(r) } : {}) })}\n`)
        .join(""),
    end: () => "",
  };
}

/** The formatter for `--format` (csv, csv-excel, jsonl or table; `width` for the table). */
export function rowFormatter(format: string, explain: boolean, width = DEFAULT_COLUMNS): RowFormatter {
  return format === "jsonl" ? jsonlFormatter() : format === "table" ? new TableFormatter(explain, width) : csvFormatter(explain, { excel: format === "csv-excel" });
}

const whole = (f: RowFormatter, rows: readonly OutputRow[]) => f.start() + f.rows(rows) + f.end();

/** CSV of a whole list of rows (`csvFormatter`). */
export function toCsv(rows: readonly OutputRow[], explain: boolean, opts: { excel?: boolean } = {}): string {
  return whole(csvFormatter(explain, opts), rows);
}

/** JSONL of a whole list of rows (`jsonlFormatter`). */
export function toJsonl(rows: readonly OutputRow[]): string {
  return whole(jsonlFormatter(), rows);
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

const MARK: Record<string, string> = { strength: "+", weakness: "−", neutral: "·", mixed: "±" };

function documentLines(r: OutputRow, width: number): string[] {
  const head = `══ ${r.letter_id} `;
  const parts = [r.area, r.outcome, r.inspection_start && r.inspection_end ? `inspected ${r.inspection_start} to ${r.inspection_end}` : null, r.source || null].filter((x): x is string => !!x);
  return [`${head}${"═".repeat(Math.max(0, width - head.length))}`, ...(parts.length ? wrapText(parts.join(" · "), width - 3).map((l) => `   ${l}`) : [])];
}

/**
 * Terminal view: findings grouped by section, one entry per sentence with label, confidence and
 * themes. Long sentences wrap to `width` columns under their first character instead of being cut,
 * so every word of a finding is on screen.
 */
export function toTable(rows: readonly OutputRow[], explain: boolean, width = DEFAULT_COLUMNS): string {
  return whole(new TableFormatter(explain, width), rows);
}

/** The terminal view a batch at a time: a heading when the document, section or finding changes. */
export class TableFormatter implements RowFormatter {
  private lines = 0;
  private letter: OutputRow | null = null;
  private section = "";
  private finding = "";
  private readonly explain: boolean;
  private readonly width: number;

  constructor(explain: boolean, width = DEFAULT_COLUMNS) {
    this.explain = explain;
    this.width = width;
  }

  start(): string {
    return "";
  }

  rows(rows: readonly OutputRow[]): string {
    const out: string[] = [];
    const { explain, width } = this;
    for (const r of rows) {
      if (this.letter === null || r.letter_id !== this.letter.letter_id || r.source !== this.letter.source) {
        this.letter = r;
        this.section = "";
        if (this.lines + out.length > 0) out.push("");
        out.push(...documentLines(r, width));
      }
      const sec = `${r.section ?? "sentences"}${r.subsection ? ` / ${r.subsection}` : ""}`;
      if (sec !== this.section) {
        this.section = sec;
        out.push(`\n  ${sec}`);
      }
      const fk = `${sec}|${r.finding_index}`;
      if (r.finding_index !== null && fk !== this.finding) {
        this.finding = fk;
        out.push(`   finding ${r.finding_index + 1}: ${r.finding_rollup}`);
      }
      const conf = Math.max(r.p_strength, r.p_weakness, r.p_neutral);
      const head = `    ${MARK[r.sentiment]} ${r.sentiment.padEnd(8)} ${conf.toFixed(2)}  `;
      const indent = " ".repeat(head.length);
      const themes = r.themes.length ? `[${r.themes.join(", ")}]` : "";
      const room = Math.max(20, width - head.length);
      const lines = wrapText(r.text, room);
      const last = lines.length - 1;
      // Themes go at the end of the last line when they fit, else on a line of their own.
      if (themes !== "" && lines[last]!.length + 2 + themes.length <= room) lines[last] = `${lines[last]}  ${themes}`;
      else if (themes !== "") lines.push(...wrapText(themes, room));
      out.push(...lines.map((l, i) => `${i === 0 ? head : indent}${l}`));
      if (explain && r.explain) {
        const because = `because: ${explained(r).map((e) => `${e.words} ${signed(e.weight)}`).join("; ")}`;
        out.push(...wrapText(because, width - 8).map((l) => `        ${l}`));
      }
    }
    this.lines += out.length;
    return out.length ? `${out.join("\n")}\n` : "";
  }

  /** A table of no rows is one empty line, as it always was. */
  end(): string {
    return this.lines === 0 ? "\n" : "";
  }
}
