/**
 * Labelling workflow (for annotators, not analysts).
 *
 *   tsx scripts/label-sheet.ts export <letter_id> <sheet.jsonl>
 *       One JSON line per sentence: sid, the finding's full text (context) and the sentence. No
 *       heading and no silver label: annotators label what the sentence says (codebook rule 5).
 *       Write sheets of 2023 reports outside the repository: they hold text from the PDFs.
 *   tsx scripts/label-sheet.ts import <letter_id> <answers.csv> --annotator NAME [--out FILE]
 *       answers.csv columns: sid,sentiment,themes,note. Builds a codebook label file: keys, silver
 *       (from the heading, filled by code), text (or text_sha256 for reports kept outside the repo).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Papa from "papaparse";
import { writeFileAtomic } from "../pipeline/atomic.ts";
import { defaultReportsDir, documentPath, loadDocumentList, readDocumentCached, REPO_ROOT } from "../pipeline/corpus.ts";
import { formatLabelsCsv, LabelRowSchema, type LabelRow, textSha256 } from "../pipeline/labels.ts";
import { type LetterDocument, sentenceRecords } from "../pipeline/schema.ts";

async function documentFor(letterId: string): Promise<{ doc: LetterDocument; external: boolean }> {
  const entry = loadDocumentList().documents.find((d) => d.letter_id === letterId);
  if (!entry) throw new Error(`unknown letter_id ${letterId}; see data/documents.json`);
  const path = documentPath(entry, defaultReportsDir());
  if (!path) throw new Error(`document for ${letterId} not found`);
  return { doc: await readDocumentCached(path, letterId), external: "report" in entry };
}

async function exportSheet(letterId: string, out: string): Promise<void> {
  const { doc } = await documentFor(letterId);
  const lines: string[] = [];
  let sid = 0;
  for (const f of doc.findings) {
    for (const s of f.sentences) {
      lines.push(
        JSON.stringify({
          sid: sid++,
          finding: f.text,
          sentence: s.text,
        }),
      );
    }
  }
  writeFileAtomic(out, `${lines.join("\n")}\n`);
  console.error(`${out}: ${sid} sentences in ${doc.findings.length} findings`);
}

async function importAnswers(letterId: string, answersPath: string, annotator: string, out: string): Promise<void> {
  const { doc, external } = await documentFor(letterId);
  const parsed = Papa.parse<Record<string, string>>(readFileSync(answersPath, "utf8").replace(/^\ufeff/, ""), { header: true, skipEmptyLines: "greedy" });
  const answers = new Map(parsed.data.map((r) => [Number(r.sid), r]));
  const rows: LabelRow[] = [];
  const missing: number[] = [];
  sentenceRecords(doc).forEach((s, sid) => {
    const a = answers.get(sid);
    if (!a) {
      missing.push(sid);
      return;
    }
    rows.push(
      LabelRowSchema.parse({
        letter_id: letterId,
        section: s.section,
        subsection: s.subsection ?? "",
        finding_index: String(s.finding_index),
        sentence_index: String(s.sentence_index),
        text: external ? "" : s.text,
        text_sha256: textSha256(s.text),
        silver: s.silver ?? "",
        sentiment: (a.sentiment ?? "").trim(),
        themes: (a.themes ?? "").trim(),
        annotator,
        note: (a.note ?? "").trim(),
      }),
    );
  });
  if (missing.length > 0) throw new Error(`${answersPath}: no answer for sid ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? " …" : ""}`);
  writeFileAtomic(out, formatLabelsCsv(rows));
  console.error(`${out}: ${rows.length} rows by ${annotator}`);
}

const [cmd, letterId, file, ...rest] = process.argv.slice(2);
const flag = (name: string) => {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 ? rest[i + 1] : undefined;
};
if (cmd === "export" && letterId && file) await exportSheet(letterId, file);
else if (cmd === "import" && letterId && file && flag("annotator")) {
  await importAnswers(letterId, file, flag("annotator")!, flag("out") ?? join(REPO_ROOT, "data/labels", `${letterId}.csv`));
} else {
  console.error("usage: label-sheet.ts export <letter_id> <sheet.jsonl> | import <letter_id> <answers.csv> --annotator NAME [--out FILE]");
  process.exitCode = 2;
}
