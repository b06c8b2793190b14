import { readdirSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { classifyDocument, type ClassifiedSentence } from "../../../models/classify.ts";
import { renderSite } from "../../../eval/site/render.ts";
import { leftOutReason, type LeftOut, siteDocuments } from "../../../eval/site/site-document.ts";
import { writeTreeAtomic } from "../../../pipeline/common/atomic.ts";
import { InputError, UsageError } from "../../../pipeline/errors.ts";
import type { LetterDocument } from "../../../pipeline/schema.ts";
import type { Command } from "../types.ts";
import { batchExitCode, expandInputs, forEachDocument, skippedNote } from "../batch.ts";
import { DEFAULT_MODEL, openModel } from "../inputs.ts";
import { buildWorkbook } from "../workbook.ts";

/** What a site folder holds; a folder with anything else is not ours to replace. */
const SITE_ENTRIES = new Set(["index.html", "letters", "areas", "findings.xlsx"]);
const GENERATOR = '<meta name="generator" content="send-findings report">';
const WORKBOOK = "findings.xlsx";

/**
 * Refuses an --out that would overwrite or delete anything of the user's: an input, a folder that
 * holds an input, a file, or a folder with content that an earlier `report` did not write.
 */
function checkOut(out: string, inputs: readonly string[]): void {
  const target = resolve(out);
  for (const i of inputs) {
    if (i === "-") continue;
    const rel = relative(target, resolve(i));
    if (rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel))) {
      throw new InputError("E_OUTPUT", `--out is an input or holds one (${i}); the site folder replaces --out, so give a folder outside the inputs`, { file: out });
    }
  }
  let stat;
  try {
    stat = statSync(target);
  } catch {
    return; // a new folder
  }
  if (!stat.isDirectory()) throw new InputError("E_OUTPUT", "--out is a file; expected a folder for the site (new, empty, or written by an earlier report)", { file: out });
  const entries = readdirSync(target);
  const foreign = entries.filter((e) => !SITE_ENTRIES.has(e));
  let ours = entries.length === 0;
  if (foreign.length === 0 && entries.includes("index.html")) {
    try {
      ours = readFileSync(resolve(target, "index.html"), "utf8").includes(GENERATOR);
    } catch {
      ours = false;
    }
  }
  if (!ours) {
    const what = foreign.length > 0 ? foreign.slice(0, 3).join(", ") + (foreign.length > 3 ? ", …" : "") : "index.html";
    throw new InputError("E_OUTPUT", `--out holds files that send-findings report did not write (${what}); give a new or empty folder, or one an earlier report wrote`, { file: out });
  }
}

/** A link from a page in `<out>/letters/` to the source file: relative, "/"-separated, each part percent-encoded. */
function sourceHref(out: string, source: string): string | null {
  if (source === "-") return null;
  return relative(resolve(out, "letters"), resolve(source))
    .split(sep)
    .map((p) => (p === ".." ? p : encodeURIComponent(p)))
    .join("/");
}

export const command: Command = {
  meta: {
    name: "report",
    synopsis: "report FILE|DIR... --out DIR [--model PATH] [--keep-going]",
    description:
      "Classify letters or reports (text or PDF; a folder for its .pdf and .txt files) and write a self-contained static site for analysts to DIR: index.html (every document, sortable and filterable, a heat map of weaknesses by theme, weakness share by outcome), letters/<letter_id>.html (the document with every sentence shaded by sentiment, its themes and probabilities), areas/<area>.html (before and after, for areas with more than one document), and findings.xlsx (sheets documents, findings, sentences). Pages open from disk and load nothing. A file that is not a letter is left out, with the reason shown.",
  },
  args: {
    out: { type: "string", description: "folder for the site and workbook (required); replaced as a whole, and only if it is new, empty or an earlier report" },
    model: { type: "string", description: "model file (default: the shipped models/send-findings.json)" },
    "keep-going": { type: "boolean", description: "skip a file that cannot be read (reported on stderr and on the index page; exit 1) and report on the others" },
  },
  async run({ values, positionals, io, log, quiet }) {
    const out = values.out as string | undefined;
    if (positionals.length === 0) throw new UsageError("report: no input files; give letters, a folder of them, or - for standard input");
    if (out === undefined || out === "") throw new UsageError("report: --out DIR is required; the folder the site and workbook are written to");
    checkOut(out, expandInputs(positionals));
    const modelPath = values.model as string | undefined;
    const cm = openModel(modelPath);
    const leftOut: LeftOut[] = [];
    const { results, skipped } = await forEachDocument({ io, quiet }, positionals, values["keep-going"] === true, (doc, path, progress) => {
      const reason = leftOutReason(doc);
      if (reason !== null) {
        leftOut.push({ source: path, letter_id: doc.letter_id, reason });
        progress.note(`send-findings: ${path}: warning: left out of the site and workbook: ${reason}`);
        return { result: null, note: "left out", warned: true };
      }
      const rows = classifyDocument(cm, doc);
      return { result: { doc, rows, sourceHref: sourceHref(out, path) }, note: `${rows.length} sentences` };
    });
    const items = results.filter((r): r is { doc: LetterDocument; rows: ClassifiedSentence[]; sourceHref: string | null } => r !== null);
    const docs = siteDocuments(items);
    const files = await renderSite({
      title: `SEND inspection findings: ${docs.length} document${docs.length === 1 ? "" : "s"}`,
      docs,
      leftOut,
      skipped: skipped.map((s) => ({ source: s.path, reason: s.reason })),
      model: modelPath ?? relative(process.cwd(), DEFAULT_MODEL),
      workbook: WORKBOOK,
    });
    const workbook = await buildWorkbook(docs);
    writeTreeAtomic(out, [...files.map((f) => ({ path: f.path, data: f.content })), { path: WORKBOOK, data: workbook }]);
    const letters = files.filter((f) => f.path.startsWith("letters/")).length;
    const areas = files.filter((f) => f.path.startsWith("areas/")).length;
    const sentences = docs.reduce((n, d) => n + d.rows.length, 0);
    const notShown = leftOut.length > 0 ? `; ${leftOut.length} left out (not letters)` : "";
    log(
      `send-findings: wrote ${resolve(out, "index.html")} (${letters} letter page${letters === 1 ? "" : "s"}, ${areas} before/after page${areas === 1 ? "" : "s"}) and ${resolve(out, WORKBOOK)}: ` +
        `${docs.length} document${docs.length === 1 ? "" : "s"}, ${sentences} sentences${notShown}${skippedNote(skipped)}`,
    );
    return batchExitCode(skipped);
  },
};
