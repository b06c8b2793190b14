/**
 * The rows of plain sentences (`classify --sentences`), a batch at a time, in the thread that reads
 * them and in the worker threads alike (`sentence-worker.ts`), so both write the same bytes.
 * Plain CSV, the common case and the large one, is written straight from each prediction
 * (`csvSentenceLine`): the same line `csvFormatter` writes for the row `classifySentences` and
 * `withDocument` would build, without building those two objects per sentence (the stream test
 * compares the two on every corpus sentence).
 */
import { classifySentences } from "../../models/classify.ts";
import { type CompiledModel, predictSentence, type Prediction } from "../../models/predict.ts";
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
        for (let i = 0; i < sentences.length; i++) text += csvSentenceLine(head, first + i, sentences[i]!, predictSentence(cm, sentences[i]!));
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
function csvSentenceLine(head: string, index: number, text: string, p: Prediction): string {
  const { strength, weakness, neutral } = p.probabilities;
  return `${head}${index},${csvCell(text)},,${p.sentiment},${strength.toFixed(4)},${weakness.toFixed(4)},${neutral.toFixed(4)},${csvCell(p.themes.join(";"))},\n`;
}
