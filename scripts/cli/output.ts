/**
 * Output formats shared by classify and summary: CSV and JSONL for tools, a readable table for
 * people. Each format is a `RowFormatter` that writes a batch of rows at a time, so that
 * `classify --sentences` streams its output; `toCsv`, `toJsonl` and `toTable` format a whole list.
 */
import type { ClassifiedSentence } from "../../models/classify.ts";
import { csvCell, csvLine } from "../../pipeline/common/csv.ts";

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

/**
 * A row as one CSV line (no line end), cells in `CLASSIFY_COLUMNS` order and `explain` last when
 * asked for. Written out cell by cell rather than through an array (the hot part of a large
 * `classify --sentences`); cells that are numbers formatted here can hold none of the characters
 * that need quotes, the rest go through `csvCell`.
 */
function csvRow(r: ClassifiedSentence, explain: boolean): string {
  let line = `${csvCell(r.letter_id)},${r.section === null ? "" : csvCell(r.section)},${r.subsection === null ? "" : csvCell(r.subsection)},${r.finding_index === null ? "" : r.finding_index},${r.sentence_index},${csvCell(r.text)},${r.silver === null ? "" : csvCell(r.silver)},${csvCell(r.sentiment)},${r.p_strength.toFixed(4)},${r.p_weakness.toFixed(4)},${r.p_neutral.toFixed(4)},${csvCell(r.themes.join(";"))},${r.finding_rollup === null ? "" : csvCell(r.finding_rollup)}`;
  if (explain) line += `,${csvCell((r.explain ?? []).map((e) => `${e.feature}(${e.weight >= 0 ? "+" : ""}${e.weight.toFixed(2)})`).join(" "))}`;
  return line;
}

/**
 * Formats rows a batch at a time: the whole output is `start()`, then `rows(batch)` for each
 * batch in order, then `end()`. Formatters of `table` keep state between batches (the letter,
 * section and finding last shown), so one formatter serves one output.
 */
export interface RowFormatter {
  /** What comes before the first row (the CSV header line). */
  start(): string;
  /** The lines of one batch of rows, each ended by a line feed. */
  rows(rows: readonly ClassifiedSentence[]): string;
  /** What comes after the last row. */
  end(): string;
}

/** CSV with a header row; `;`-joined themes; probabilities to 4 decimals; escaped as papaparse does. */
export function csvFormatter(explain: boolean): RowFormatter {
  return {
    start: () => `${csvLine(explain ? [...CLASSIFY_COLUMNS, "explain"] : CLASSIFY_COLUMNS)}\n`,
    rows: (rows) => {
      // Joined from an array rather than grown with +=: one flat string, which is encoded for
      // writing several times faster than a long chain of concatenations.
      const lines = new Array<string>(rows.length + 1);
      for (let i = 0; i < rows.length; i++) lines[i] = csvRow(rows[i]!, explain);
      lines[rows.length] = "";
      return lines.join("\n");
    },
    end: () => "",
  };
}

/** One JSON object per sentence per line (probabilities rounded to 4 decimals). */
export function jsonlFormatter(): RowFormatter {
  return {
    start: () => "",
    rows: (rows) => {
      const lines = new Array<string>(rows.length + 1);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        lines[i] = JSON.stringify({ ...r, p_strength: round(r.p_strength), p_weakness: round(r.p_weakness), p_neutral: round(r.p_neutral) });
      }
      lines[rows.length] = "";
      return lines.join("\n");
    },
    end: () => "",
  };
}

/** The formatter for `--format` (csv, jsonl or table). */
export function rowFormatter(format: string, explain: boolean): RowFormatter {
  return format === "jsonl" ? jsonlFormatter() : format === "table" ? new TableFormatter(explain) : csvFormatter(explain);
}

const whole = (f: RowFormatter, rows: readonly ClassifiedSentence[]) => f.start() + f.rows(rows) + f.end();

/** CSV with a header row; `;`-joined themes; probabilities to 4 decimals. */
export function toCsv(rows: readonly ClassifiedSentence[], explain: boolean): string {
  return whole(csvFormatter(explain), rows);
}

/** One JSON object per sentence per line. */
export function toJsonl(rows: readonly ClassifiedSentence[]): string {
  return whole(jsonlFormatter(), rows);
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

const MARK: Record<string, string> = { strength: "+", weakness: "−", neutral: "·", mixed: "±" };

/** Terminal view: findings grouped by section, one line per sentence with label, confidence and themes. */
export function toTable(rows: readonly ClassifiedSentence[], explain: boolean, width = 110): string {
  return whole(new TableFormatter(explain, width), rows);
}

/** The terminal view a batch at a time: a heading when the letter, section or finding changes. */
export class TableFormatter implements RowFormatter {
  private lines = 0;
  private letter = "";
  private section = "";
  private finding = "";

  private readonly explain: boolean;
  private readonly width: number;

  constructor(explain: boolean, width = 110) {
    this.explain = explain;
    this.width = width;
  }

  start(): string {
    return "";
  }

  rows(rows: readonly ClassifiedSentence[]): string {
    const out: string[] = [];
    const { explain, width } = this;
    for (const r of rows) {
      if (r.letter_id !== this.letter) {
        this.letter = r.letter_id;
        this.section = "";
        out.push(`${this.lines + out.length ? "\n" : ""}══ ${this.letter} ${"═".repeat(Math.max(0, width - this.letter.length - 4))}`);
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
      const themes = r.themes.length ? `  [${r.themes.join(", ")}]` : "";
      const room = Math.max(20, width - head.length - themes.length);
      const text = r.text.length > room ? `${r.text.slice(0, room - 1)}…` : r.text;
      out.push(`${head}${text}${themes}`);
      if (explain && r.explain) out.push(`        because: ${r.explain.map((e) => `${e.feature} ${e.weight >= 0 ? "+" : ""}${e.weight.toFixed(2)}`).join(", ")}`);
    }
    this.lines += out.length;
    return out.length ? `${out.join("\n")}\n` : "";
  }

  /** A table of no rows is one empty line, as it always was. */
  end(): string {
    return this.lines === 0 ? "\n" : "";
  }
}
