/**
 * `classify FILE|DIR...`: letters and reports, read by the letter reader. Each letter has a size
 * limit, so their rows are gathered and written at once: a bad letter further on leaves no
 * half-written output.
 */
import { classifyDocument } from "../../models/classify.ts";
import { assertNotAnInput, writeFileAtomic } from "../../pipeline/common/atomic.ts";
import { documentFields } from "../../pipeline/document-fields.ts";
import { batchExitCode, expandInputs, forEachDocument, skippedNote } from "./batch.ts";
import { openModel } from "./inputs.ts";
import { type OutputRow, rowFormatter, withDocument } from "./output.ts";
import type { Io } from "./types.ts";

export async function classifyLetters(
  positionals: string[],
  ctx: { io: Io; log: (line: string) => void; quiet: boolean },
  opts: { model: string | undefined; modelInput: { path: string; what: string }; format: string; explain: boolean; out: string | undefined; width: number | undefined; keepGoing: boolean },
): Promise<number> {
  const { io, log, quiet } = ctx;
  const { format, explain, out, width } = opts;
  if (out) assertNotAnInput(out, [...expandInputs(positionals).map((path) => ({ path, what: "a letter" })), opts.modelInput]);
  const cm = openModel(opts.model);
  const rows: OutputRow[] = [];
  const batch = await forEachDocument({ io, quiet }, positionals, opts.keepGoing, (doc, path, p) => {
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
}
