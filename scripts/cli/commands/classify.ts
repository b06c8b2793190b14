import { classifyDocument, classifySentences } from "../../../models/classify.ts";
import type { CompiledModel } from "../../../models/predict.ts";
import { assertNotAnInput, openFileAtomic, writeFileAtomic } from "../../../pipeline/common/atomic.ts";
import { documentFields, noDocumentFields } from "../../../pipeline/document-fields.ts";
import { UsageError } from "../../../pipeline/errors.ts";
import { SentenceLineDecoder } from "../../../pipeline/sentence-lines.ts";
import type { Command, Io } from "../types.ts";
import { DEFAULT_MODEL, openModel, sentenceBytes } from "../inputs.ts";
import { type OutputRow, rowFormatter, withDocument } from "../output.ts";

export const command: Command = {
  meta: {
    name: "classify",
    synopsis: "classify FILE|DIR... [--model PATH] [--format csv|csv-excel|jsonl|table] [--out PATH] [--explain] [--keep-going] | classify --sentences FILE",
    description:
      "Classify every finding sentence of letters or reports (text or PDF; a folder for its .pdf and .txt files; - for standard input): sentiment with probabilities, themes, and a per-finding roll-up (strength, weakness, mixed or neutral). Each row carries its document's letter_id, area, framework, outcome, inspection dates and source file. With --sentences, plain sentences one per line, of any size, read and written as they go.",
  },
  args: {
    model: { type: "string", description: "model file (default: the shipped models/send-findings.json)" },
    format: {
      type: "string",
      description: "output format; csv-excel is CSV for double-clicking in Excel (UTF-8 byte-order mark, CRLF, formula-like cells quoted); table wraps to the terminal's width (100 columns when not a terminal)",
      default: "csv",
      choices: ["csv", "csv-excel", "jsonl", "table"],
    },
    out: { type: "string", description: "write to this file (atomically) instead of standard output" },
    explain: { type: "boolean", description: "add the features that pushed each sentiment decision most" },
    sentences: { type: "string", description: "classify plain sentences, one per line, from FILE (- for standard input); streamed, no size limit" },
    "keep-going": { type: "boolean", description: "skip a file that cannot be read (reported on stderr; exit 1) and classify the others" },
  },
  async run({ values, positionals, io, log, quiet }) {
    const explain = values.explain === true;
    const sentencesFile = values.sentences as string | undefined;
    if (sentencesFile === undefined && positionals.length === 0) throw new UsageError("classify: no input files; give letters, a folder of them, - for standard input, or --sentences FILE");
    if (sentencesFile !== undefined && positionals.length > 0) throw new UsageError("classify: give either letters or --sentences FILE, not both");
    const out = values.out as string | undefined;
    const model = values.model as string | undefined;
    const modelInput = { path: model ?? DEFAULT_MODEL, what: model ? "the model (--model)" : "the shipped model" };
    const format = values.format as string;
    const width = out ? undefined : io.stdoutColumns;
    if (sentencesFile !== undefined) {
      if (out) assertNotAnInput(out, [{ path: sentencesFile, what: "the file of sentences (--sentences)" }, modelInput]);
      const n = await classifySentenceStream(openModel(model), sentencesFile, io, { format, explain, out, width });
      if (out) log(`send-findings: wrote ${n} sentences (${format}) to ${out}`);
      return 0;
    }
    // Letters: the letter reader (and pdf.js behind it) is loaded only here, never for --sentences.
    // Each letter has a size limit, so their rows are gathered and written at once: a bad letter
    // further on leaves no half-written output.
    const { batchExitCode, expandInputs, forEachDocument, skippedNote } = await import("../batch.ts");
    if (out) assertNotAnInput(out, [...expandInputs(positionals).map((path) => ({ path, what: "a letter" })), modelInput]);
    const cm = openModel(model);
    const rows: OutputRow[] = [];
    const batch = await forEachDocument({ io, quiet }, positionals, values["keep-going"] === true, (doc, path, p) => {
      if (doc.findings.length === 0) p.note(`send-findings: ${path}: no findings to classify (kind ${doc.kind})`);
      const mine = withDocument(documentFields(doc), classifyDocument(cm, doc, { explain }));
      rows.push(...mine);
      return { result: doc.letter_id, note: `${mine.length} sentences` };
    });
    const documents = batch.results.length;
    const f = rowFormatter(format, explain, width);
    const text = f.start() + f.rows(rows) + f.end();
    if (out) writeFileAtomic(out, text);
    else io.stdout(text);
    if (out || batch.progress?.wasShown || batch.skipped.length > 0) {
      log(`send-findings: wrote ${rows.length} sentences of ${documents} document${documents === 1 ? "" : "s"} (${format}) to ${out ?? "standard output"}${skippedNote(batch.skipped)}`);
    }
    return batchExitCode(batch.skipped);
  },
};

/**
 * `classify --sentences`: reads the sentences a chunk at a time, classifies each chunk's complete
 * lines as one batch and writes its rows before reading on. Writes are synchronous, so a slow
 * reader of standard output holds the run (back-pressure) and memory stays flat. Nothing is
 * written before the first batch is ready, so input refused at its start leaves no output; input
 * found bad further on leaves the rows before it on standard output (with --out, the file is
 * written atomically and nothing is changed). Returns the number of sentences.
 */
async function classifySentenceStream(cm: CompiledModel, path: string, io: Io, opts: { format: string; explain: boolean; out: string | undefined; width: number | undefined }): Promise<number> {
  const formatter = rowFormatter(opts.format, opts.explain, opts.width);
  const fields = noDocumentFields(path);
  const decoder = new SentenceLineDecoder(path);
  const file = opts.out === undefined ? null : openFileAtomic(opts.out);
  const write = file === null ? io.stdout : (chunk: string) => file.write(chunk);
  let next = 0;
  const batch = (sentences: string[]) => {
    if (sentences.length === 0) return;
    const rows = classifySentences(cm, sentences, "sentences", { explain: opts.explain });
    // Numbered across the whole input, not within the batch.
    for (const r of rows) r.sentence_index += next;
    write((next === 0 ? formatter.start() : "") + formatter.rows(withDocument(fields, rows)));
    next += rows.length;
  };
  try {
    for await (const chunk of sentenceBytes(path, io)) batch(decoder.push(chunk));
    batch(decoder.end());
    write(formatter.end());
    file?.commit();
  } catch (e) {
    file?.abort();
    throw e;
  }
  return next;
}
