import { existsSync, readFileSync } from "node:fs";
import { basename, isAbsolute, join, relative, resolve, sep } from "node:path";
import { assertNotAnInput, type RunInput, writeFileAtomic } from "../../../pipeline/common/atomic.ts";
import { defaultReportsDirs, documentPath, labelFiles, loadCorpus, loadDocumentList, noFolderHolds, readDocumentCached } from "../../../pipeline/labels/corpus.ts";
import { REPO_ROOT } from "../../../pipeline/common/paths.ts";
import { InputError, UsageError } from "../../../pipeline/errors.ts";
import { importSheet, sheetCsv } from "../../../pipeline/labels/sheet.ts";
import { formatLabelsCsv, readLabelsFile } from "../../../pipeline/labels/files.ts";
import { realignRows } from "../../../pipeline/labels/realign.ts";
import { SENTIMENTS, sentenceRecords, THEME_IDS } from "../../../pipeline/schema.ts";
import type { Command, CommandContext } from "../types.ts";
import { readTextInput } from "../inputs.ts";
import { formatTable } from "../table.ts";

async function stats({ values, io, log }: CommandContext): Promise<number> {
  const corpus = await loadCorpus(values.labels as string, { reportsDirs: reportsOf(values) });
  for (const s of corpus.skipped) log(`send-findings: ${s.file}: warning: labels left out: ${s.reason}`);
  const rows: (string | number | null)[][] = [];
  const groups = new Map<string, { letter: string; section: string; counts: Record<string, number> }>();
  for (const s of corpus.sentences) {
    const key = `${s.letter_id}|${s.section}${s.subsection ? `/${s.subsection}` : ""}`;
    const g = groups.get(key) ?? { letter: s.letter_id, section: `${s.section}${s.subsection ? `/${s.subsection}` : ""}`, counts: {} };
    g.counts[s.sentiment] = (g.counts[s.sentiment] ?? 0) + 1;
    groups.set(key, g);
  }
  for (const g of groups.values()) rows.push([g.letter, g.section, ...SENTIMENTS.map((s) => g.counts[s] ?? 0), SENTIMENTS.reduce((n, s) => n + (g.counts[s] ?? 0), 0)]);
  const out: string[] = [];
  out.push("Sentences by letter × section × sentiment\n");
  out.push(formatTable(["letter", "section", ...SENTIMENTS, "total"], rows));
  for (const fw of ["2016", "2023"]) {
    const items = corpus.sentences.filter((s) => s.framework === fw);
    if (items.length === 0) continue;
    const withSilver = items.filter((s) => s.silver !== null);
    const differ = withSilver.filter((s) => s.silver !== s.sentiment).length;
    out.push(
      `\n${fw === "2016" ? "2016–22 letters" : "2023 framework"}: ${items.length} sentences in ${new Set(items.map((s) => s.letter_id)).size} documents; ` +
        SENTIMENTS.map((s) => `${s} ${items.filter((i) => i.sentiment === s).length}`).join(", ") +
        `; hand label differs from silver in ${differ} of ${withSilver.length} sentences with a silver label (${withSilver.length ? ((100 * differ) / withSilver.length).toFixed(1) : "—"}%)`,
    );
  }
  out.push("\nThemes (sentences tagged)\n");
  out.push(
    formatTable(
      ["theme", "2016", "2023", "all"],
      THEME_IDS.map((t) => {
        const n = (fw?: string) => corpus.sentences.filter((s) => s.themes.includes(t) && (fw === undefined || s.framework === fw)).length;
        return [t, n("2016"), n("2023"), n()];
      }),
    ),
  );
  const none = corpus.sentences.filter((s) => s.themes.length === 0).length;
  out.push(`\nno theme: ${none} of ${corpus.sentences.length} sentences\n`);
  io.stdout(out.join("\n"));
  return 0;
}

async function realign({ values, io, log }: CommandContext): Promise<number> {
  const reportsDirs = reportsOf(values);
  const entries = new Map(loadDocumentList().documents.map((d) => [d.letter_id, d]));
  const report: string[] = [];
  let humans = 0;
  for (const file of labelFiles(values.labels as string)) {
    const letterId = basename(file, ".csv");
    const entry = entries.get(letterId);
    const path = entry ? documentPath(entry, reportsDirs) : null;
    if (!path) {
      log(`send-findings: ${file}: warning: ${entry ? noFolderHolds(entry, reportsDirs) : `no document "${letterId}" in data/documents.json`}; not re-aligned`);
      continue;
    }
    const rows = readLabelsFile(file);
    const doc = await readDocumentCached(path, letterId);
    const result = realignRows(rows, sentenceRecords(doc));
    humans += result.needsHuman.length;
    for (const h of result.needsHuman) report.push(`${file}:${h.line}: needs a human: ${h.key.replace(/\|/g, "/")}: "${h.text}"`);
    if (result.moved.length > 0 && values["dry-run"] !== true) {
      // The backup is written as atomically as the file, so a crash never leaves half of either.
      writeFileAtomic(`${file}.bak`, readFileSync(file));
      writeFileAtomic(file, formatLabelsCsv(result.rows));
    }
    report.push(`${file}: ${result.moved.length} rows moved${values["dry-run"] === true ? " (dry run, nothing written)" : result.moved.length > 0 ? ` (backup ${basename(file)}.bak)` : ""}, ${result.needsHuman.length} need a human`);
  }
  io.stdout(`${report.join("\n")}\n`);
  return humans > 0 ? 1 : 0;
}

/** The document `letterId` names in data/documents.json, read by the current reader. */
/** The report folders a command searches: every --reports given, else those of data/documents.json. */
function reportsOf(values: CommandContext["values"]): string[] {
  const given = (values.reports as string[] | undefined) ?? [];
  return given.length > 0 ? given : defaultReportsDirs();
}

async function registeredDocument(letterId: string, reportsDirs: readonly string[]) {
  const entry = loadDocumentList().documents.find((d) => d.letter_id === letterId);
  if (!entry) {
    throw new InputError("E_DATA", `unknown letter_id "${letterId}"; add it to data/documents.json as {"letter_id", "path"} (a text letter in the repository) or {"letter_id", "report"} (a PDF in the reports folder)`, { file: join(REPO_ROOT, "data/documents.json") });
  }
  const path = documentPath(entry, reportsDirs);
  if (!path) throw new InputError("E_NOT_FOUND", noFolderHolds(entry, reportsDirs), { file: join(REPO_ROOT, "data/documents.json") });
  const doc = await readDocumentCached(path, letterId);
  if (doc.findings.length === 0) throw new InputError("E_DATA", `no findings to label (kind ${doc.kind})`, { file: path });
  // Reports stay outside the repository, and so does any text taken from them: their labels keep a hash.
  return { doc, path, inRepository: "path" in entry };
}

/** The files `labels sheet` and `labels import` read, which their --out may not replace. */
function documentInputs(path: string): RunInput[] {
  return [
    { path, what: "the document" },
    { path: join(REPO_ROOT, "data/documents.json"), what: "the document list" },
  ];
}

function refuseToReplace(out: string, force: boolean, message: string): void {
  if (existsSync(out) && !force) throw new InputError("E_OUTPUT", message, { file: out });
}

const insideRepository = (path: string) => {
  const rel = relative(REPO_ROOT, resolve(path));
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
};

async function sheet({ values, positionals, io, log }: CommandContext): Promise<number> {
  const [letterId, ...rest] = positionals;
  if (letterId === undefined || rest.length > 0) throw new UsageError("labels sheet: give one letter_id (see data/documents.json)");
  const { doc, path, inRepository } = await registeredDocument(letterId, reportsOf(values));
  const csv = sheetCsv(doc);
  const out = values.out as string | undefined;
  if (out === undefined) {
    io.stdout(csv);
    return 0;
  }
  assertNotAnInput(out, documentInputs(path));
  if (!inRepository && insideRepository(out)) {
    throw new InputError("E_OUTPUT", `the sheet of ${letterId} holds text of a report that is never committed; write it outside the repository`, { file: out });
  }
  // It may be a sheet someone has half filled in.
  refuseToReplace(out, values.force === true, "a file is already there (a sheet being filled in?); it is not replaced unless you pass --force");
  writeFileAtomic(out, csv);
  const n = doc.findings.reduce((a, f) => a + f.sentences.length, 0);
  log(`send-findings: ${out}: ${n} sentences in ${doc.findings.length} findings; fill in sentiment, themes (;-joined codebook ids, up to 3) and note, then run labels import`);
  return 0;
}

async function importAnswers({ values, positionals, io, log }: CommandContext): Promise<number> {
  const [letterId, file, ...rest] = positionals;
  if (letterId === undefined || file === undefined || rest.length > 0) throw new UsageError("labels import: give a letter_id and the filled-in sheet (or - for standard input)");
  const annotator = (values.annotator as string | undefined)?.trim();
  if (!annotator) throw new UsageError("labels import: --annotator NAME is required (who labelled the sheet)");
  const out = (values.out as string | undefined) ?? join(values.labels as string, `${letterId}.csv`);
  assertNotAnInput(out, [{ path: file, what: "the sheet" }]);
  const { doc, path, inRepository } = await registeredDocument(letterId, reportsOf(values));
  assertNotAnInput(out, documentInputs(path));
  const text = await readTextInput(file, io, { kind: "a labelling sheet", expected: "a labelling sheet (CSV with sid and sentiment columns)" });
  const { rows, unanswered, total } = importSheet(doc, text, file, { annotator, keepText: inRepository, partial: values.partial === true });
  refuseToReplace(out, values.force === true, "a label file is already there; hand labels are not replaced unless you pass --force");
  writeFileAtomic(out, formatLabelsCsv(rows));
  const left = unanswered.length > 0 ? `; ${unanswered.length} of ${total} still to label (import the finished sheet again with --force)` : "";
  log(`send-findings: ${out}: ${rows.length} sentences labelled by ${annotator}${left}`);
  return 0;
}

export const command: Command = {
  meta: {
    name: "labels",
    synopsis: "labels stats|realign [--labels DIR] [--reports DIR] | labels sheet LETTER_ID [--out FILE] | labels import LETTER_ID SHEET --annotator NAME [--out FILE] [--force]",
    description:
      "stats: counts by letter × section × sentiment and per theme, and how often the hand label differs from the heading (silver).\n" +
      "realign: move label rows to the sentence keys the current reader gives the same text (keeps <file>.bak); lists rows that need a human and exits 1 if any.\n" +
      "sheet: a CSV for an annotator, one row per sentence of a document listed in data/documents.json (sid, finding, sentence; sentiment, themes and note to fill in); no heading, as the codebook asks.\n" +
      "import: check a filled-in sheet against the codebook and the reader, and write the document's label file (<labels>/<letter_id>.csv).",
  },
  args: {
    labels: { type: "string", description: "folder of <letter_id>.csv label files", default: "data/labels" },
    reports: { type: "string", multiple: true, description: "a folder of report PDFs; repeat for more (default: the reports_dirs of data/documents.json, ../shared/reports-2023 and ../shared/reports-2023-extra)" },
    "dry-run": { type: "boolean", description: "realign: report only, write nothing" },
    out: { type: "string", description: "sheet: file to write (default standard output); import: label file (default <labels>/<letter_id>.csv)" },
    annotator: { type: "string", description: "import: who labelled the sheet (the annotator column)" },
    force: { type: "boolean", description: "sheet, import: replace a file that is already there" },
    partial: { type: "boolean", description: "import: write the answered rows of an unfinished sheet (without it, a sheet with sentences left is refused with their count)" },
  },
  async run(ctx) {
    const [sub, ...rest] = ctx.positionals;
    if (sub === "sheet") return sheet({ ...ctx, positionals: rest });
    if (sub === "import") return importAnswers({ ...ctx, positionals: rest });
    if (rest.length > 0) throw new UsageError(`labels: unexpected argument "${rest[0]}"`);
    if (sub === "stats") return stats(ctx);
    if (sub === "realign") return realign(ctx);
    throw new UsageError(`labels: unknown subcommand ${sub === undefined ? "(none)" : `"${sub}"`}; expected stats, realign, sheet or import`);
  },
};
