import { classifyDocument, classifySentences, type ClassifiedSentence } from "../../../models/classify.ts";
import { assertNotAnInput, writeFileAtomic } from "../../../pipeline/common/atomic.ts";
import { UsageError } from "../../../pipeline/errors.ts";
import { readLetter } from "../../../pipeline/index.ts";
import type { Command } from "../types.ts";
import { DEFAULT_MODEL, openModel, readSentenceLines } from "../inputs.ts";
import { toCsv, toJsonl, toTable } from "../output.ts";

export const command: Command = {
  meta: {
    name: "classify",
    synopsis: "classify FILE... [--model PATH] [--format csv|jsonl|table] [--out PATH] [--explain] | classify --sentences FILE",
    description:
      "Classify every finding sentence of letters or reports (text or PDF; - for standard input): sentiment with probabilities, themes, and a per-finding roll-up (strength, weakness, mixed or neutral).",
  },
  args: {
    model: { type: "string", description: "model file (default: the shipped models/send-findings.json)" },
    format: { type: "string", description: "output format", default: "csv", choices: ["csv", "jsonl", "table"] },
    out: { type: "string", description: "write to this file (atomically) instead of standard output" },
    explain: { type: "boolean", description: "add the features that pushed each sentiment decision most" },
    sentences: { type: "string", description: "classify plain sentences, one per line, from FILE (- for standard input)" },
  },
  async run({ values, positionals, io, log }) {
    const explain = values.explain === true;
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
    const rows: ClassifiedSentence[] = [];
    if (sentencesFile !== undefined) {
      rows.push(...classifySentences(cm, await readSentenceLines(sentencesFile, io), "sentences", { explain }));
    } else {
      for (const path of positionals) {
        const doc = await readLetter(path, { readStdin: io.readStdin });
        for (const w of doc.warnings) log(`send-findings: ${path}: warning: ${w}`);
        if (doc.findings.length === 0) log(`send-findings: ${path}: no findings to classify (kind ${doc.kind})`);
        rows.push(...classifyDocument(cm, doc, { explain }));
      }
    }
    const text = values.format === "jsonl" ? toJsonl(rows) : values.format === "table" ? toTable(rows, explain) : toCsv(rows, explain);
    if (out) writeFileAtomic(out, text);
    else io.stdout(text);
    return 0;
  },
};
