/**
 * Labelling workflow (for annotators, not analysts).
 *
 *   tsx scripts/label-sheet.ts export <letter_id> <sheet.jsonl>
 *       One JSON line per sentence: sid, the finding's full text (context) and the sentence. No
 *       heading and no silver label: annotators label what the sentence says (codebook rule 5).
 *       Write sheets of 2023 reports outside the repository: they hold text from the PDFs.
 *   tsx scripts/label-sheet.ts import <letter_id> <answers.csv> --annotator NAME [--out FILE] [--sheet OLD.jsonl] [--extra more.csv]
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

interface Answer {
  sentiment: string;
  themes: string;
  note: string;
}

function readAnswers(path: string): Map<number, Answer> {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, "utf8").replace(/^\ufeff/, ""), { header: true, skipEmptyLines: "greedy" });
  return new Map(parsed.data.map((r) => [Number(r.sid), { sentiment: (r.sentiment ?? "").trim(), themes: (r.themes ?? "").trim(), note: (r.note ?? "").trim() }]));
}

const collapse = (t: string) => t.normalize("NFC").replace(/\s+/g, " ").trim();

/**
 * Builds a label file from an annotator's answers. Answers are keyed by the sid of the sheet they
 * were made on; `--sheet` names that sheet when the reader has changed since, and answers are then
 * attached by sentence text (in reading order). Sentences the old sheet lacked need `--extra`
 * answers, keyed by the sid of the current sheet; the import fails and lists them otherwise.
 */
async function importAnswers(letterId: string, answersPath: string, annotator: string, out: string, sheetPath?: string, extraPath?: string, allowMissing = false): Promise<void> {
  const { doc, external } = await documentFor(letterId);
  const answers = readAnswers(answersPath);
  const extra = extraPath ? readAnswers(extraPath) : new Map<number, Answer>();
  const byText = new Map<string, Answer[]>();
  if (sheetPath) {
    for (const line of readFileSync(sheetPath, "utf8").split("\n").filter((l) => l.trim() !== "")) {
      const row = JSON.parse(line) as { sid: number; sentence: string };
      const a = answers.get(row.sid);
      if (a) (byText.get(collapse(row.sentence)) ?? byText.set(collapse(row.sentence), []).get(collapse(row.sentence))!).push(a);
    }
  }
  const rows: LabelRow[] = [];
  const missing: number[] = [];
  sentenceRecords(doc).forEach((s, sid) => {
    const a = extra.get(sid) ?? (sheetPath ? byText.get(collapse(s.text))?.shift() : answers.get(sid));
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
        sentiment: a.sentiment,
        themes: a.themes,
        annotator,
        note: a.note,
      }),
    );
  });
  if (missing.length > 0 && !allowMissing) throw new Error(`${answersPath}: no answer for current sid ${missing.join(", ")}; label them in an --extra file`);
  if (missing.length > 0) console.error(`${answersPath}: left out current sid ${missing.join(", ")} (the answered sheet did not have these sentences)`);
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
  await importAnswers(letterId, file, flag("annotator")!, flag("out") ?? join(REPO_ROOT, "data/labels", `${letterId}.csv`), flag("sheet"), flag("extra"), rest.includes("--allow-missing"));
} else {
  console.error("usage: label-sheet.ts export <letter_id> <sheet.jsonl> | import <letter_id> <answers.csv> --annotator NAME [--out FILE] [--sheet OLD.jsonl] [--extra more.csv]");
  process.exitCode = 2;
}
