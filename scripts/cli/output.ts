/**
 * Output formats shared by classify and summary: CSV and JSONL for tools, a readable table for
 * people. Every row carries its document's columns (area, framework, outcome, inspection dates,
 * source) next to `letter_id`, so rows from many documents can be filtered and traced back.
 */
import Papa from "papaparse";
import type { ClassifiedSentence } from "../../models/classify.ts";
import { DOCUMENT_COLUMNS, type DocumentFields } from "../../pipeline/document-fields.ts";
import { DEFAULT_COLUMNS, wrapText } from "./table.ts";

/** A classified sentence with the columns of the document it comes from. */
export type OutputRow = ClassifiedSentence & DocumentFields;
import { explainInWords } from "../../models/explain-words.ts";

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
  return rows.map((r) => {
    const { letter_id, ...rest } = r;
    return { letter_id, ...fields, ...rest };
  });
}

function flat(r: OutputRow, explain: boolean): Record<string, string> {
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
 * CSV with a header row; `;`-joined themes; probabilities to 4 decimals. `excel: true` is the
 * variant for double-clicking in Excel: a UTF-8 byte-order mark (without it Excel reads the file
 * as the local code page and "Children’s" turns into "Childrenâ€™s"), CRLF line ends, and cells
 * that Excel would run as formulas (starting with = + - @) prefixed with a quote.
 */
export function toCsv(rows: readonly OutputRow[], explain: boolean, opts: { excel?: boolean } = {}): string {
  const columns = explain ? [...CLASSIFY_COLUMNS, "explain"] : [...CLASSIFY_COLUMNS];
  const newline = opts.excel ? "\r\n" : "\n";
  const body = Papa.unparse(rows.map((r) => flat(r, explain)), { columns, newline, escapeFormulae: opts.excel === true });
  return `${opts.excel ? "\ufeff" : ""}${body}${newline}`;
}

/** One JSON object per sentence per line; with --explain each feature carries its `words`. */
export function toJsonl(rows: readonly OutputRow[]): string {
  return (
    rows
      .map((r) => JSON.stringify({ ...r, p_strength: round(r.p_strength), p_weakness: round(r.p_weakness), p_neutral: round(r.p_neutral), ...(r.explain ? { explain: explained(r) } : {}) }))
      .join("\n") + (rows.length ? "\n" : "")
  );
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
  const out: string[] = [];
  let letter: OutputRow | null = null;
  let section = "";
  let finding = "";
  for (const r of rows) {
    if (letter === null || r.letter_id !== letter.letter_id || r.source !== letter.source) {
      letter = r;
      section = "";
      if (out.length) out.push("");
      out.push(...documentLines(r, width));
    }
    const sec = `${r.section ?? "sentences"}${r.subsection ? ` / ${r.subsection}` : ""}`;
    if (sec !== section) {
      section = sec;
      out.push(`\n  ${sec}`);
    }
    const fk = `${sec}|${r.finding_index}`;
    if (r.finding_index !== null && fk !== finding) {
      finding = fk;
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
  return `${out.join("\n")}\n`;
}
