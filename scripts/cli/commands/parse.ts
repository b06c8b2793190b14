import { assertNotAnInput, writeFileAtomic } from "../../../pipeline/common/atomic.ts";
import { UsageError } from "../../../pipeline/errors.ts";
import type { LetterDocument } from "../../../pipeline/schema.ts";
import type { Command } from "../types.ts";
import { batchExitCode, expandInputs, forEachDocument, skippedNote } from "../batch.ts";
import { formatTable } from "../table.ts";

/** Readable view of a parsed document: kind, metadata, then sections with finding and sentence counts. */
export function documentTable(doc: LetterDocument): string {
  const md = doc.metadata;
  const head = [
    `${doc.letter_id}  (${doc.source || "-"})`,
    `kind: ${doc.kind}${doc.framework ? `, ${doc.framework} framework` : ""}`,
    `area: ${md.local_area ?? "—"}   date: ${md.letter_date ?? "—"}   inspection: ${md.inspection_start ?? "—"} to ${md.inspection_end ?? "—"}`,
  ];
  if (doc.framework === "2016") head.push(`written statement of action: ${md.wsoa_required === null ? "—" : md.wsoa_required ? "required" : "not required"}   lead inspector: ${md.lead_inspector ?? "—"}`);
  if (doc.framework === "2023") {
    head.push(`outcome: ${md.outcome ?? "—"}   previous inspection: ${md.previous_inspection_start ?? "—"} to ${md.previous_inspection_end ?? "—"}   next: ${md.next_inspection ?? "—"}`);
    head.push(`lead inspector: ${md.lead_inspector ?? "—"}`);
  }
  if (md.missing.length > 0) head.push(`missing: ${md.missing.join(", ")}`);
  for (const w of doc.warnings) head.push(`warning: ${w}`);
  const rows = new Map<string, { section: string; subsection: string; findings: number; sentences: number }>();
  for (const f of doc.findings) {
    const key = `${f.section}/${f.subsection ?? ""}`;
    const row = rows.get(key) ?? { section: f.section, subsection: f.subsection ?? "", findings: 0, sentences: 0 };
    row.findings += 1;
    row.sentences += f.sentences.length;
    rows.set(key, row);
  }
  const body = [...rows.values()].map((r) => [r.section, r.subsection, r.findings, r.sentences]);
  const total = doc.findings.reduce((n, f) => n + f.sentences.length, 0);
  body.push(["total", "", doc.findings.length, total]);
  return `${head.join("\n")}\n\n${formatTable(["section", "subsection", "findings", "sentences"], body)}\n`;
}

export const command: Command = {
  meta: {
    name: "parse",
    synopsis: "parse FILE|DIR... [--format json|table] [--out PATH] [--keep-going]",
    description: "Read letters or reports (text or PDF; a folder for its .pdf and .txt files; - for standard input) into kind, metadata, sections, findings and sentences.",
  },
  args: {
    format: { type: "string", description: "json: one JSON document per line per file; table: readable summary", default: "json", choices: ["json", "table"] },
    out: { type: "string", description: "write to this file (atomically) instead of standard output" },
    "keep-going": { type: "boolean", description: "skip a file that cannot be read (reported on stderr; exit 1) and parse the others" },
  },
  async run({ values, positionals, io, log, quiet }) {
    if (positionals.length === 0) throw new UsageError("parse: no input files; give one or more paths, a folder, or - for standard input");
    const out = values.out as string | undefined;
    if (out) assertNotAnInput(out, expandInputs(positionals).map((path) => ({ path, what: "a letter" })));
    const { results: chunks, skipped, progress } = await forEachDocument({ io, quiet }, positionals, values["keep-going"] === true, (doc) => ({
      result: values.format === "table" ? documentTable(doc) : `${JSON.stringify(doc)}\n`,
      note: `${doc.kind}, ${doc.findings.length} findings`,
    }));
    const text = chunks.join(values.format === "table" ? "\n" : "");
    if (out) writeFileAtomic(out, text);
    else io.stdout(text);
    if (out || progress.wasShown || skipped.length > 0) log(`send-findings: wrote ${chunks.length} parsed document${chunks.length === 1 ? "" : "s"} to ${out ?? "standard output"}${skippedNote(skipped)}`);
    return batchExitCode(skipped);
  },
};
