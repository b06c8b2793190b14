/**
 * Golden sentence files: `data/golden/<letter_id>.sentences.jsonl`, one sentence record per line,
 * so a diff reads sentence by sentence. Documents kept outside the repository (the 2023 reports)
 * carry `text_sha256` instead of their text.
 */
import { textSha256 } from "./files.ts";
import type { SentenceRecord } from "../schema.ts";

/** The golden file's lines for a document's sentence records. */
export function goldenLines(records: readonly SentenceRecord[], external: boolean): string {
  return records
    .map((r) => {
      const { text, ...key } = r;
      return JSON.stringify(external ? { ...key, text_sha256: textSha256(text) } : { ...key, text });
    })
    .join("\n")
    .concat(records.length ? "\n" : "");
}
