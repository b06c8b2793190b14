/**
 * The rows of plain sentences (`classify --sentences`), a batch at a time, in the thread that reads
 * them and in the worker threads alike (`sentence-worker.ts`), so both write the same bytes.
 * Plain CSV, the common case and the large one, is written straight from each prediction
 * (`csvSentenceLine`): the same line `csvFormatter` writes for the row `classifySentences` and
 * `withDocument` would build, without building those two objects per sentence (the stream test
 * compares the two on every corpus sentence).
 */
import { classifySentences } from "../../models/classify.ts";
import { type CompiledModel, type LastPrediction, predictInto } from "../../models/predict.ts";
import { SENTIMENTS, THEME_IDS } from "../../pipeline/codebook.ts";
import { csvCell } from "../../pipeline/common/csv.ts";
import type { DocumentFields } from "../../pipeline/document-fields.ts";
import { rowFormatter, withDocument } from "./output.ts";

export interface SentenceRows {
  /** What comes before the first row (the CSV header line). */
  start(): string;
  /** The lines of a batch whose first sentence is sentence `first` of the input. */
  rows(cm: CompiledModel, sentences: readonly string[], first: number): string;
  /** What comes after the last row. */
  end(): string;
}

/** The `letter_id` of plain sentences. */
const LETTER_ID = "sentences";

export function sentenceRows(format: string, explain: boolean, width: number | undefined, fields: DocumentFields): SentenceRows {
  const formatter = rowFormatter(format, explain, width);
  if (format === "csv" && !explain) {
    // letter_id, the document's columns, then section, subsection and finding_index, all empty.
    const opt = (s: string | null) => (s === null ? "" : csvCell(s));
    const head = `${csvCell(LETTER_ID)},${opt(fields.area)},${opt(fields.framework)},${opt(fields.outcome)},${opt(fields.inspection_start)},${opt(fields.inspection_end)},${csvCell(fields.source)},,,,`;
    return {
      start: () => formatter.start(),
      rows: (cm, sentences, first) => {
        let text = "";
        for (let i = 0; i < sentences.length; i++) text += csvSentenceLine(head, first + i, sentences[i]!, predictInto(cm, { text: sentences[i]!, section: null, silver: null, sentence_index: 0 }));
        return text;
      },
      end: () => formatter.end(),
    };
  }
  return {
    start: () => formatter.start(),
    rows: (cm, sentences, first) => {
      const rows = classifySentences(cm, sentences, LETTER_ID, { explain });
      // Numbered across the whole input, not within the batch.
      for (const r of rows) r.sentence_index += first;
      return formatter.rows(withDocument(fields, rows));
    },
    end: () => formatter.end(),
  };
}

/** One CSV row of a plain sentence, line end included: `head`, then sentence_index, text, silver (empty), sentiment, probabilities, themes, finding_rollup (empty). */
function csvSentenceLine(head: string, index: number, text: string, p: LastPrediction): string {
  const pr = p.probabilities;
  return `${head}${index},${csvCell(text)},,${SENTIMENTS[p.sentiment]},${fixed4(pr[0]!)},${fixed4(pr[1]!)},${fixed4(pr[2]!)},${themesCell(p)},\n`;
}

/** `k / 10000` to four decimals, for k = 0 … 10000. */
const FIXED4 = Array.from({ length: 10_001 }, (_, k) => (k / 10_000).toFixed(4));

/**
 * `p.toFixed(4)` for a probability, by table: rounding `p · 10⁴` gives toFixed's digits except
 * within a hair of a tie (toFixed rounds the exact binary value, the product is rounded first),
 * where toFixed itself decides. Three per row, and toFixed was a tenth of writing one.
 */
export function fixed4(p: number): string {
  const x = p * 10_000;
  const k = Math.round(x);
  return k >= 0 && k <= 10_000 && Math.abs(x - Math.floor(x) - 0.5) > 1e-6 ? FIXED4[k]! : p.toFixed(4);
}

/** The themes cell of each choice of up to three themes, by `(t0 + 1) + 21 (t1 + 1) + 441 (t2 + 1)`. */
const THEME_CELLS = new Map<number, string>();

function themesCell(p: LastPrediction): string {
  const n = THEME_IDS.length + 1;
  let key = 0;
  for (let j = p.chosen - 1; j >= 0; j--) key = key * n + p.top[j]! + 1;
  let cell = THEME_CELLS.get(key);
  if (cell === undefined) {
    const names: string[] = [];
    for (let j = 0; j < p.chosen; j++) names.push(THEME_IDS[p.top[j]!]!);
    cell = csvCell(names.join(";"));
    THEME_CELLS.set(key, cell);
  }
  return cell;
}
