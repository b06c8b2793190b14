/**
 * Regenerates the reader's golden files: `data/golden/<letter_id>.sentences.jsonl`, one sentence
 * record per line, for every document in data/documents.json. Documents kept outside the
 * repository (the 2023 reports) are written with `text_sha256` in place of the text.
 * Run with `npm run golden:update`, then review the diff before committing.
 */
import { join } from "node:path";
import { writeFileAtomic } from "../../pipeline/common/atomic.ts";
import { defaultReportsDirs, documentPath, loadDocumentList, readDocumentCached } from "../../pipeline/labels/corpus.ts";
import { REPO_ROOT } from "../../pipeline/common/paths.ts";
import { goldenLines } from "../../pipeline/labels/golden.ts";
import { sentenceRecords } from "../../pipeline/schema.ts";

const reportsDirs = defaultReportsDirs();
for (const entry of loadDocumentList().documents) {
  const path = documentPath(entry, reportsDirs);
  if (!path) {
    console.error(`${entry.letter_id}: document not found, golden file left as it is`);
    continue;
  }
  const doc = await readDocumentCached(path, entry.letter_id);
  const out = join(REPO_ROOT, "data/golden", `${entry.letter_id}.sentences.jsonl`);
  writeFileAtomic(out, goldenLines(sentenceRecords(doc), "report" in entry));
  console.error(`${out}: ${doc.findings.length} findings, ${sentenceRecords(doc).length} sentences`);
}
