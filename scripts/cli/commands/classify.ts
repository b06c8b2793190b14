import { classifyDocument, classifySentences } from "../../../models/classify.ts";
import { assertNotAnInput, writeFileAtomic } from "../../../pipeline/common/atomic.ts";
import { documentFields, noDocumentFields } from "../../../pipeline/document-fields.ts";
import { UsageError } from "../../../pipeline/errors.ts";
import type { Command } from "../types.ts";
import { batchExitCode, expandInputs, forEachDocument, Progress, skippedNote } from "../batch.ts";
import { DEFAULT_MODEL, openModel, readSentenceLines } from "../inputs.ts";
import { type OutputRow, toCsv, toJsonl, toTable, withDocument } from "../output.ts";

export const command: Command = {
  meta: {
    name: "classify",
    synopsis: "classify FILE|DIR... [--model PATH] [--format csv|csv-excel|jsonl|table] [--out PATH] [--explain] [--keep-going] | classify --sentences FILE",
    description:
      "Classify every finding sentence of letters or reports (text or PDF; a folder for its .pdf and .txt files; - for standard input): sentiment with probabilities, themes, and a per-finding roll-up (strength, weakness, mixed or neutral). Each row carries its document's letter_id, area, framework, outcome, inspection dates and source file.",
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
    sentences: { type: "string", description: "classify plain sentences, one per line, from FILE (- for standard input)" },
    "keep-going": { type: "boolean", description: "skip a file that cannot be read (reported on stderr; exit 1) and classify the others" },
  },
  async run({ values, positionals, io, log, quiet }) {
    const explain = values.explain === true;
    const sentencesFile = values.sentences as string | undefined;
    if (sentencesFile === undefined && positionals.length === 0) throw new UsageError("classify: no input files; give letters, a folder of them, - for standard input, or --sentences FILE");
    if (sentencesFile !== undefined && positionals.length > 0) throw new UsageError("classify: give either letters or --sentences FILE, not both");
    const out = values.out as string | undefined;
    const model = values.model as string | undefined;
    if (out) {
      assertNotAnInput(out, [
        ...(sentencesFile ? [{ path: sentencesFile, what: "the file of sentences (--sentences)" }] : expandInputs(positionals).map((path) => ({ path, what: "a letter" }))),
        { path: model ?? DEFAULT_MODEL, what: model ? "the model (--model)" : "the shipped model" },
      ]);
    }
    const cm = openModel(model);
    const rows: OutputRow[] = [];
    let documents = 0;
    let skipped: Parameters<typeof skippedNote>[0] = [];
    let progress: Progress | null = null;
    if (sentencesFile !== undefined) {
      const lines = await readSentenceLines(sentencesFile, io);
      rows.push(...withDocument(noDocumentFields(sentencesFile), classifySentences(cm, lines, "sentences", { explain })));
    } else {
      const batch = await forEachDocument({ io, quiet }, positionals, values["keep-going"] === true, (doc, path, p) => {
        if (doc.findings.length === 0) p.note(`send-findings: ${path}: no findings to classify (kind ${doc.kind})`);
        const mine = withDocument(documentFields(doc), classifyDocument(cm, doc, { explain }));
        rows.push(...mine);
        return { result: doc.letter_id, note: `${mine.length} sentences` };
      });
      documents = batch.results.length;
      skipped = batch.skipped;
      progress = batch.progress;
    }
    const format = values.format as string;
    const text =
      format === "jsonl"
        ? toJsonl(rows)
        : format === "table"
          ? toTable(rows, explain, out ? undefined : io.stdoutColumns)
          : toCsv(rows, explain, { excel: format === "csv-excel" });
    if (out) writeFileAtomic(out, text);
    else io.stdout(text);
    if (out || progress?.wasShown || skipped.length > 0) {
      const what = sentencesFile !== undefined ? `${rows.length} sentences` : `${rows.length} sentences of ${documents} document${documents === 1 ? "" : "s"}`;
      log(`send-findings: wrote ${what} (${format}) to ${out ?? "standard output"}${skippedNote(skipped)}`);
    }
    return batchExitCode(skipped);
  },
};
