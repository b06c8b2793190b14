/**
 * Re-aligns label rows to a changed reader: a row whose key no longer holds its sentence moves to
 * the key where the reader now produces the same text (same letter; nearest in reading order when
 * the text occurs more than once). Rows whose text the reader no longer produces need a human.
 */
import { type LocatedLabelRow, rowMatches, sentenceKey } from "./files.ts";
import type { SentenceRecord } from "../schema.ts";

export interface RealignResult {
  rows: LocatedLabelRow[];
  moved: { line: number; from: string; to: string }[];
  needsHuman: { line: number; key: string; text: string }[];
}

/** Pure re-alignment of one letter's rows against the reader's sentences for that letter. */
export function realignRows(rows: readonly LocatedLabelRow[], sentences: readonly SentenceRecord[]): RealignResult {
  const byKey = new Map(sentences.map((s, i) => [sentenceKey(s), { s, i }]));
  const taken = new Set<string>();
  const result: RealignResult = { rows: [], moved: [], needsHuman: [] };
  const pending: LocatedLabelRow[] = [];
  for (const row of rows) {
    const hit = byKey.get(sentenceKey(row));
    if (hit && rowMatches(row, hit.s.text)) {
      taken.add(sentenceKey(row));
      result.rows.push(row);
    } else pending.push(row);
  }
  for (const row of pending) {
    const oldPos = byKey.get(sentenceKey(row))?.i ?? rows.indexOf(row);
    const candidates = sentences
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => !taken.has(sentenceKey(s)) && rowMatches(row, s.text))
      .sort((a, b) => Math.abs(a.i - oldPos) - Math.abs(b.i - oldPos));
    const best = candidates[0];
    if (!best) {
      result.needsHuman.push({ line: row.line, key: sentenceKey(row), text: row.text || `sha256 ${row.text_sha256}` });
      result.rows.push(row);
      continue;
    }
    const key = sentenceKey(best.s);
    taken.add(key);
    result.moved.push({ line: row.line, from: sentenceKey(row), to: key });
    result.rows.push({
      ...row,
      section: best.s.section,
      subsection: best.s.subsection,
      finding_index: best.s.finding_index,
      sentence_index: best.s.sentence_index,
      silver: best.s.silver,
    });
  }
  const order = new Map(sentences.map((s, i) => [sentenceKey(s), i]));
  result.rows.sort((a, b) => (order.get(sentenceKey(a)) ?? 1e9) - (order.get(sentenceKey(b)) ?? 1e9) || a.line - b.line);
  return result;
}
