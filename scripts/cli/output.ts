/**
 * Output formats shared by classify and summary: CSV and JSONL for tools, a readable table for people.
 */
import Papa from "papaparse";
import type { ClassifiedSentence } from "../../models/classify.ts";
import { explainInWords } from "../../models/explain-words.ts";

/** A row's explanation with each feature in words (`models/explain-words.ts`). */
function explained(r: ClassifiedSentence): { feature: string; weight: number; words: string }[] {
  return explainInWords(r.explain ?? [], { text: r.text, section: r.section, subsection: r.subsection });
}

const signed = (w: number) => `${w >= 0 ? "+" : ""}${w.toFixed(2)}`;

export const CLASSIFY_COLUMNS = [
  "letter_id",
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

function flat(r: ClassifiedSentence, explain: boolean): Record<string, string> {
  const rec: Record<string, string> = {
    letter_id: r.letter_id,
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

/** CSV with a header row; `;`-joined themes; probabilities to 4 decimals. */
export function toCsv(rows: readonly ClassifiedSentence[], explain: boolean): string {
  const columns = explain ? [...CLASSIFY_COLUMNS, "explain"] : [...CLASSIFY_COLUMNS];
  return `${Papa.unparse(rows.map((r) => flat(r, explain)), { columns, newline: "\n" })}\n`;
}

/** One JSON object per sentence per line; with --explain each feature carries its `words`. */
export function toJsonl(rows: readonly ClassifiedSentence[]): string {
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

/** Terminal view: findings grouped by section, one line per sentence with label, confidence and themes. */
export function toTable(rows: readonly ClassifiedSentence[], explain: boolean, width = 110): string {
  const out: string[] = [];
  let letter = "";
  let section = "";
  let finding = "";
  for (const r of rows) {
    if (r.letter_id !== letter) {
      letter = r.letter_id;
      section = "";
      out.push(`${out.length ? "\n" : ""}══ ${letter} ${"═".repeat(Math.max(0, width - letter.length - 4))}`);
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
    const themes = r.themes.length ? `  [${r.themes.join(", ")}]` : "";
    const room = Math.max(20, width - head.length - themes.length);
    const text = r.text.length > room ? `${r.text.slice(0, room - 1)}…` : r.text;
    out.push(`${head}${text}${themes}`);
    if (explain && r.explain) out.push(`        because: ${explained(r).map((e) => `${e.words} ${signed(e.weight)}`).join("; ")}`);
  }
  return `${out.join("\n")}\n`;
}
