import { classifyDocument, type ClassifiedSentence } from "../../../models/classify.ts";
import { type LetterSummary, summarise } from "../../../models/summary.ts";
import { assertNotAnInput, writeFileAtomic } from "../../../pipeline/common/atomic.ts";
import { UsageError } from "../../../pipeline/errors.ts";
import { readLetter } from "../../../pipeline/index.ts";
import { THEME_IDS } from "../../../pipeline/schema.ts";
import type { Command } from "../types.ts";
import { DEFAULT_MODEL, openModel } from "../inputs.ts";
import { formatTable } from "../table.ts";

function letterText(s: LetterSummary): string {
  const out = [
    `══ ${s.letter_id}: ${s.findings} findings, ${s.sentences} sentences — ${s.totals.strength} strengths, ${s.totals.weakness} weaknesses, ${s.totals.neutral} neutral`,
    `findings rolled up: ${s.rollups.strength} strength, ${s.rollups.weakness} weakness, ${s.rollups.mixed} mixed, ${s.rollups.neutral} neutral`,
    "",
    formatTable(["section", "strength", "weakness", "neutral"], s.by_section.map((r) => [r.section, r.counts.strength, r.counts.weakness, r.counts.neutral])),
    "",
    formatTable(["theme", "strength", "weakness", "neutral"], s.by_theme.map((r) => [r.theme, r.counts.strength, r.counts.weakness, r.counts.neutral])),
    "",
    `most weaknesses: ${s.top_weakness_themes.slice(0, 5).map((t) => `${t.theme} (${t.weaknesses})`).join(", ") || "none"}`,
  ];
  return out.join("\n");
}

function comparisonText(all: readonly LetterSummary[]): string {
  const lines = [
    "══ across letters",
    formatTable(
      ["letter", "findings", "strength", "weakness", "neutral", "% weakness", "top weakness theme"],
      all.map((s) => [s.letter_id, s.findings, s.totals.strength, s.totals.weakness, s.totals.neutral, s.sentences ? `${((100 * s.totals.weakness) / s.sentences).toFixed(1)}%` : null, s.top_weakness_themes[0]?.theme ?? "—"]),
    ),
    "",
    "weakness sentences by theme",
    formatTable(
      ["theme", ...all.map((s) => s.letter_id)],
      THEME_IDS.map((t) => [t, ...all.map((s) => s.by_theme.find((x) => x.theme === t)?.counts.weakness ?? 0)]).filter((r) => r.slice(1).some((n) => n !== 0)),
    ),
  ];
  return lines.join("\n");
}

export const command: Command = {
  meta: {
    name: "summary",
    synopsis: "summary FILE... [--model PATH] [--format table|json] [--out PATH]",
    description: "Per letter: strengths and weaknesses by section and by theme, and the themes with the most weaknesses; across several letters, one comparison table.",
  },
  args: {
    model: { type: "string", description: "model file (default: the shipped models/send-findings.json)" },
    format: { type: "string", description: "output format", default: "table", choices: ["table", "json"] },
    out: { type: "string", description: "write to this file (atomically) instead of standard output" },
  },
  async run({ values, positionals, io, log }) {
    if (positionals.length === 0) throw new UsageError("summary: no input files; give one or more letters, or - for standard input");
    const out = values.out as string | undefined;
    const model = values.model as string | undefined;
    if (out) assertNotAnInput(out, [...positionals.map((path) => ({ path, what: "a letter" })), { path: model ?? DEFAULT_MODEL, what: model ? "the model (--model)" : "the shipped model" }]);
    const cm = openModel(model);
    const rows: ClassifiedSentence[] = [];
    const letters: string[] = [];
    for (const path of positionals) {
      const doc = await readLetter(path, { readStdin: io.readStdin });
      for (const w of doc.warnings) log(`send-findings: ${path}: warning: ${w}`);
      if (doc.findings.length === 0) log(`send-findings: ${path}: no findings to summarise (kind ${doc.kind})`);
      letters.push(doc.letter_id);
      rows.push(...classifyDocument(cm, doc));
    }
    const summaries = summarise(rows, letters);
    const text =
      values.format === "json"
        ? `${JSON.stringify({ letters: summaries }, null, 2)}\n`
        : `${[...summaries.map(letterText), ...(summaries.length > 1 ? [comparisonText(summaries)] : [])].join("\n\n")}\n`;
    if (out) writeFileAtomic(out, text);
    else io.stdout(text);
    return 0;
  },
};
