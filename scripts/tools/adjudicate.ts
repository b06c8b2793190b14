/**
 * Builds the gold label file of a double-labelled document: the first pass, with the adjudicated
 * decisions of `data/labels/adjudication.json` applied. Each decision names the sentence key, the
 * gold sentiment (and themes, when they change) and why, citing the codebook; the row's note
 * records the adjudication and its annotator becomes `adjudicated`. The v2 re-check's changes
 * (recheck-v2.ts) are applied last.
 *
 *   tsx scripts/tools/adjudicate.ts <letter_id>
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../../pipeline/common/atomic.ts";
import { REPO_ROOT } from "../../pipeline/common/paths.ts";
import { formatLabelsCsv, parseLabelsCsv, sentenceKey } from "../../pipeline/labels/files.ts";
import { Sentiment, ThemeId } from "../../pipeline/schema.ts";
import { applyRecheck } from "./recheck-v2.ts";

const DecisionSchema = z.strictObject({
  letter_id: z.string(),
  key: z.string().describe("section/subsection/finding_index/sentence_index, subsection '-' when none"),
  pass1: Sentiment,
  pass2: Sentiment,
  gold: Sentiment,
  themes: z.array(ThemeId).max(3).optional(),
  why: z.string().min(1),
});
const decisions = z.array(DecisionSchema).parse(JSON.parse(readFileSync(join(REPO_ROOT, "data/labels/adjudication.json"), "utf8")));

const letterId = process.argv[2];
if (!letterId) {
  console.error("usage: adjudicate.ts <letter_id>");
  process.exit(2);
}
const firstFile = join(REPO_ROOT, "data/labels/first-pass", `${letterId}.csv`);
const rows = parseLabelsCsv(readFileSync(firstFile, "utf8"), firstFile);
const mine = new Map(decisions.filter((d) => d.letter_id === letterId).map((d) => [d.key, d]));
let applied = 0;
const adjudicate = (r: Omit<(typeof rows)[number], "file" | "line">) => {
  const [, section, sub, f, s] = sentenceKey(r).split("|");
  const d = mine.get(`${section}/${sub || "-"}/${f}/${s}`);
  if (!d) return r;
  if (d.pass1 !== r.sentiment) throw new Error(`${letterId} ${d.key}: decision says pass 1 was ${d.pass1}, file says ${r.sentiment}`);
  applied++;
  mine.delete(d.key);
  return {
    ...r,
    sentiment: d.gold,
    themes: d.themes ?? r.themes,
    annotator: d.gold === r.sentiment && d.themes === undefined ? r.annotator : "adjudicated",
    note: `adjudicated (pass 1 ${d.pass1}, pass 2 ${d.pass2} → ${d.gold}): ${d.why}`,
  };
};
// The second pass covers every sentence of the current reader, in reading order; a sentence the
// first pass lacks (its sheet was made from an earlier reader that garbled it) keeps the second
// pass's label, and the note says so.
const secondFile = join(REPO_ROOT, "data/labels/second-pass", `${letterId}.csv`);
const second = parseLabelsCsv(readFileSync(secondFile, "utf8"), secondFile);
const firstByKey = new Map(rows.map(({ file: _f, line: _l, ...r }) => [sentenceKey(r), r]));
let fromSecond = 0;
const gold = second.map(({ file: _f, line: _l, ...b }) => {
  const a = firstByKey.get(sentenceKey(b));
  if (a) return adjudicate(a);
  fromSecond++;
  return { ...b, note: `pass 2 only: the first pass's sheet came from an earlier reader that garbled this sentence${b.note ? `; ${b.note}` : ""}` };
});
if (mine.size > 0) throw new Error(`${letterId}: decisions for keys not in the first pass: ${[...mine.keys()].join(", ")}`);
// Labels made under codebook version 1 were re-checked against version 2 after adjudication.
const rechecked = applyRecheck(letterId, gold).rows;
const out = join(REPO_ROOT, "data/labels", `${letterId}.csv`);
writeFileAtomic(out, formatLabelsCsv(rechecked));
console.error(`${out}: ${gold.length} rows, ${applied} adjudicated, ${fromSecond} from pass 2 only`);
