import { type CompiledModel } from "../../../models/predict.ts";
import { classifyDocument, classifySentences, type ClassifiedSentence } from "../../../models/classify.ts";
import { assertNotAnInput, openFileAtomic, writeFileAtomic } from "../../../pipeline/common/atomic.ts";
import { UsageError } from "../../../pipeline/errors.ts";
import { SentenceLineDecoder } from "../../../pipeline/sentence-lines.ts";
import type { Command, Io } from "../types.ts";
import { DEFAULT_MODEL, openModel, sentenceBytes } from "../inputs.ts";
import { rowFormatter } from "../output.ts";

export const command: Command = {
  meta: {
    name: "classify",
    synopsis: "classify FILE... [--model PATH] [--format csv|jsonl|table] [--out PATH] [--explain] | classify --sentences FILE",
    description:
      "Classify every finding sentence of letters or reports (text or PDF; - for standard input): sentiment with probabilities, themes, and a per-finding roll-up (strength, weakness, mixed or neutral). With --sentences, plain sentences one per line, of any size, read and written as they go.",
  },
  args: {
    model: { type: "string", description: "model file (default: the shipped models/send-findings.json)" },
    format: { type: "string", description: "output format", default: "csv", choices: ["csv", "jsonl", "table"] },
    out: { type: "string", description: "write to this file (atomically) instead of standard output" },
    explain: { type: "boolean", description: "add the features that pushed each sentiment decision most" },
    sentences: { type: "string", description: "classify plain sentences, one per line, from FILE (- for standard input); streamed, no size limit" },
  },
  async run({ values, positionals, io, log }) {
    const explain = values.explain === true;
    const format = values.format as string;
    const sentencesFile = values.sentences as string | undefined;
    if (sentencesFile === undefined && positionals.length === 0) throw new UsageError("classify: no input files; give letters, - for standard input, or --sentences FILE");
    if (sentencesFile !== undefined && positionals.length > 0) throw new UsageError("classify: give either letters or --sentences FILE, not both");
    const out = values.out as string | undefined;
    const model = values.model as string | undefined;
    if (out) {
      assertNotAnInput(out, [
        ...(sentencesFile ? [{ path: sentencesFile, what: "the file of sentences (--sentences)" }] : positionals.map((path) => ({ path, what: "a letter" }))),
        { path: model ?? DEFAULT_MODEL, what: model ? "the model (--model)" : "the shipped model" },
      ]);
    }
    const cm = openModel(model);
    if (sentencesFile !== undefined) {
      await classifySentenceStream(cm, sentencesFile, io, { format, explain, out });
      return 0;
    }
    // Letters have a size limit each, so their rows are gathered and written at once: a bad letter
    // further on leaves no half-written output.
    const { readLetter } = await import("../../../pipeline/index.ts");
    const rows: ClassifiedSentence[] = [];
    for (const path of positionals) {
      const doc = await readLetter(path, { readStdin: io.readStdin });
      for (const w of doc.warnings) log(`send-findings: ${path}: warning: ${w}`);
      if (doc.findings.length === 0) log(`send-findings: ${path}: no findings to classify (kind ${doc.kind})`);
      rows.push(...classifyDocument(cm, doc, { explain }));
    }
    const f = rowFormatter(format, explain);
    const text = f.start() + f.rows(rows) + f.end();
    if (out) writeFileAtomic(out, text);
    else io.stdout(text);
    return 0;
  },
};

/**
 * `classify --sentences`: reads the sentences a chunk at a time, classifies each chunk's complete
 * lines as one batch and writes its rows before reading on. Writes are synchronous, so a slow
 * reader of standard output holds the run (back-pressure) and memory stays flat. Nothing is
 * written before the first batch is ready, so input refused at its start leaves no output; input
 * found bad further on leaves the rows before it on standard output (with --out, the file is
 * written atomically and nothing is changed).
 */
async function classifySentenceStream(cm: CompiledModel, path: string, io: Io, opts: { format: string; explain: boolean; out: string | undefined }): Promise<void> {
  const formatter = rowFormatter(opts.format, opts.explain);
  const decoder = new SentenceLineDecoder(path);
  const file = opts.out === undefined ? null : openFileAtomic(opts.out);
  const write = file === null ? io.stdout : (chunk: string) => file.write(chunk);
  let next = 0;
  const batch = (sentences: string[]) => {
    if (sentences.length === 0) return;
    const rows = classifySentences(cm, sentences, "sentences", { explain: opts.explain });
    // Numbered across the whole input, not within the batch.
    for (const r of rows) r.sentence_index += next;
    write((next === 0 ? formatter.start() : "") + formatter.rows(rows));
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
}
