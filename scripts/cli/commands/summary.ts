import { classifyDocument } from "../../../models/classify.ts";
import { type LetterSummary, summarise } from "../../../models/summary.ts";
import { assertNotAnInput, writeFileAtomic } from "../../../pipeline/common/atomic.ts";
import { type DocumentFields, documentFields } from "../../../pipeline/document-fields.ts";
import { UsageError } from "../../../pipeline/errors.ts";
import type { Command } from "../types.ts";
import { batchExitCode, expandInputs, forEachDocument, skippedNote } from "../batch.ts";
import { DEFAULT_MODEL, openModel } from "../inputs.ts";
import { DEFAULT_COLUMNS, formatTable, wrapText } from "../table.ts";

/** A letter's summary with the columns of its document, `letter_id` first. */
type DocumentSummary = { letter_id: string } & DocumentFields & Omit<LetterSummary, "letter_id">;

function weaknessShare(s: LetterSummary): string | null {
  return s.sentences ? `${((100 * s.totals.weakness) / s.sentences).toFixed(1)}%` : null;
}

function letterText(s: DocumentSummary, width: number): string {
  const where = [s.area, s.outcome, s.inspection_start && s.inspection_end ? `inspected ${s.inspection_start} to ${s.inspection_end}` : null, s.source].filter(Boolean).join(" · ");
  const out = [
    ...wrapText(`══ ${s.letter_id}: ${s.findings} findings, ${s.sentences} sentences — ${s.totals.strength} strengths, ${s.totals.weakness} weaknesses, ${s.totals.neutral} neutral`, width),
    ...(where ? wrapText(where, width) : []),
    `findings rolled up: ${s.rollups.strength} strength, ${s.rollups.weakness} weakness, ${s.rollups.mixed} mixed, ${s.rollups.neutral} neutral`,
    "",
    formatTable(["section", "strength", "weakness", "neutral"], s.by_section.map((r) => [r.section, r.counts.strength, r.counts.weakness, r.counts.neutral])),
    "",
    formatTable(["theme", "strength", "weakness", "neutral"], s.by_theme.map((r) => [r.theme, r.counts.strength, r.counts.weakness, r.counts.neutral])),
    "",
    ...wrapText(`most weaknesses: ${s.top_weakness_themes.slice(0, 5).map((t) => `${t.theme}\u2060(${t.weaknesses})`).join(", ") || "none"}`, width).map((l) => l.replaceAll("\u2060", " ")),
  ];
  return out.join("\n");
}

/**
 * One row per document (so 35 documents are 35 rows, not 35 columns), each followed by an indented
 * line with every theme that has weakness sentences, most first, wrapped to `width`.
 */
function comparisonText(all: readonly DocumentSummary[], width: number): string {
  const table = formatTable(
    ["letter", "outcome", "findings", "strength", "weakness", "neutral", "% weakness"],
    all.map((s) => [s.letter_id, s.outcome ?? "—", s.findings, s.totals.strength, s.totals.weakness, s.totals.neutral, weaknessShare(s)]),
  ).split("\n");
  const lines = table.slice(0, 2);
  all.forEach((s, i) => {
    // A word joiner keeps each "theme count" pair on one line; it is a space again once wrapped.
    const themes = s.top_weakness_themes.map((t) => `${t.theme}\u2060${t.weaknesses}`).join(", ");
    lines.push(table[i + 2]!);
    if (themes !== "") lines.push(...wrapText(`weaknesses by theme: ${themes}`, width - 4).map((l) => `    ${l.replaceAll("\u2060", " ")}`));
  });
  return ["══ across letters", ...lines].join("\n");
}

export const command: Command = {
  meta: {
    name: "summary",
    synopsis: "summary FILE|DIR... [--model PATH] [--format table|json] [--out PATH] [--keep-going]",
    description:
      "Per document: strengths and weaknesses by section and by theme, and the themes with the most weaknesses, with its area, outcome, inspection dates and source; across several documents, one comparison table with a row per document.",
  },
  args: {
    model: { type: "string", description: "model file (default: the shipped models/send-findings.json)" },
    format: { type: "string", description: "output format", default: "table", choices: ["table", "json"] },
    out: { type: "string", description: "write to this file (atomically) instead of standard output" },
    "keep-going": { type: "boolean", description: "skip a file that cannot be read (reported on stderr; exit 1) and summarise the others" },
  },
  async run({ values, positionals, io, log, quiet }) {
    if (positionals.length === 0) throw new UsageError("summary: no input files; give one or more letters, a folder of them, or - for standard input");
    const out = values.out as string | undefined;
    const model = values.model as string | undefined;
    if (out) assertNotAnInput(out, [...expandInputs(positionals).map((path) => ({ path, what: "a letter" })), { path: model ?? DEFAULT_MODEL, what: model ? "the model (--model)" : "the shipped model" }]);
    const cm = openModel(model);
    const { results: summaries, skipped, progress } = await forEachDocument({ io, quiet }, positionals, values["keep-going"] === true, (doc, path, p) => {
      if (doc.findings.length === 0) p.note(`send-findings: ${path}: no findings to summarise (kind ${doc.kind})`);
      // Each document is summarised on its own, so two files with the same letter_id stay two rows.
      const { letter_id, ...rest } = summarise(classifyDocument(cm, doc), [doc.letter_id])[0]!;
      const result: DocumentSummary = { letter_id, ...documentFields(doc), ...rest };
      return { result, note: `${result.sentences} sentences` };
    });
    const width = out ? DEFAULT_COLUMNS : (io.stdoutColumns ?? DEFAULT_COLUMNS);
    const text =
      values.format === "json"
        ? `${JSON.stringify({ letters: summaries }, null, 2)}\n`
        : `${[...summaries.map((s) => letterText(s, width)), ...(summaries.length > 1 ? [comparisonText(summaries, width)] : [])].join("\n\n")}\n`;
    if (out) writeFileAtomic(out, text);
    else io.stdout(text);
    if (out || progress.wasShown || skipped.length > 0) log(`send-findings: wrote the summary of ${summaries.length} document${summaries.length === 1 ? "" : "s"} to ${out ?? "standard output"}${skippedNote(skipped)}`);
    return batchExitCode(skipped);
  },
};
