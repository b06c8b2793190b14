/**
 * `classify`: letters (`classify-letters.ts`) or plain sentences (`classify-sentences.ts`). This
 * module loads nothing heavy: a large file of sentences starts its worker threads first, so they
 * load and compile the model while this thread loads the rest.
 */
import { availableParallelism } from "node:os";
import { readModelText, SHIPPED_MODEL } from "../../../models/model-text.ts";
import { assertNotAnInput } from "../../../pipeline/common/atomic.ts";
import { UsageError } from "../../../pipeline/errors.ts";
import { parseJobs } from "../jobs.ts";
import type { Command } from "../types.ts";
import { inputSize, PARALLEL_FROM_BYTES, SentencePool, sentenceWorkerData, threaded } from "../sentence-pool.ts";

/**
 * Threads for --sentences: --jobs, or by default the machine's cores up to 4 for a file, and one
 * for standard input. Each thread holds its own compiled model (about 80 MB more per thread), and
 * a pipe may never end, so a stream keeps to one thread, and memory to about 150 MB, unless asked.
 */
function jobsOf(value: unknown, path: string): number {
  return parseJobs(value, path === "-" ? 1 : Math.min(4, availableParallelism()));
}

export const command: Command = {
  meta: {
    name: "classify",
    synopsis: "classify FILE|DIR... [--model PATH] [--format csv|csv-excel|jsonl|table] [--out PATH] [--explain] [--keep-going] | classify --sentences FILE|- [--jobs N]",
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
    jobs: { type: "string", description: "threads for a large --sentences input, each with its own copy of the model (about 80 MB); the output is the same for any number (default: the machine's cores, at most 4, for a file; 1 for standard input)" },
    "keep-going": { type: "boolean", description: "skip a file that cannot be read (reported on stderr; exit 1) and classify the others" },
  },
  async run({ values, positionals, io, log, quiet }) {
    const explain = values.explain === true;
    const sentencesFile = values.sentences as string | undefined;
    if (sentencesFile === undefined && positionals.length === 0) throw new UsageError("classify: no input files; give letters, a folder of them, - for standard input, or --sentences FILE");
    if (sentencesFile !== undefined && positionals.length > 0) throw new UsageError("classify: give either letters or --sentences FILE, not both");
    if (sentencesFile === undefined && values.jobs !== undefined) throw new UsageError("classify: --jobs is for --sentences FILE (letters are classified in one thread)");
    const out = values.out as string | undefined;
    const model = values.model as string | undefined;
    const modelInput = { path: model ?? SHIPPED_MODEL, what: model ? "the model (--model)" : "the shipped model" };
    const format = values.format as string;
    const width = out ? undefined : io.stdoutColumns;
    if (sentencesFile !== undefined) {
      if (out) assertNotAnInput(out, [{ path: sentencesFile, what: "the file of sentences (--sentences)" }, modelInput]);
      const jobs = jobsOf(values.jobs, sentencesFile);
      const modelText = readModelText(modelInput.path);
      const early = threaded(jobs, format) && inputSize(sentencesFile) >= PARALLEL_FROM_BYTES ? new SentencePool(jobs - 1, sentenceWorkerData(modelInput.path, modelText, format, explain, sentencesFile)) : null;
      try {
        const { classifySentenceStream } = await import("../classify-sentences.ts");
        const n = await classifySentenceStream(modelInput.path, modelText, sentencesFile, io, { format, explain, out, width, jobs, pool: early });
        if (out) log(`send-findings: wrote ${n} sentences (${format}) to ${out}`);
      } finally {
        await early?.close();
      }
      return 0;
    }
    // Letters: the letter reader (and pdf.js behind it) is loaded only here, never for --sentences.
    const { classifyLetters } = await import("../classify-letters.ts");
    return classifyLetters(positionals, { io, log, quiet }, { model, modelInput, format, explain, out, width, keepGoing: values["keep-going"] === true });
  },
};
