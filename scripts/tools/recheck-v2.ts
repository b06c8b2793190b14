/**
 * The re-check of labels made under codebook version 1 against version 2 (rules 2, 4, 9 and 10):
 * `data/labels/v2-recheck.json` lists every label the re-check changed (sentence key, old and new
 * sentiment, the rule and why); `data/labels/v2-recheck-reviewed.tsv` every sentence it re-read.
 * The raw passes (`first-pass/`, `second-pass/`) are never touched: the changes apply to the gold
 * files only, after adjudication (adjudicate.ts applies them too, so a gold file rebuilt from its
 * passes keeps them).
 *
 *   tsx scripts/tools/recheck-v2.ts <letter_id>...   apply the changes to data/labels/<letter_id>.csv
 *   tsx scripts/tools/recheck-v2.ts --summary        counts reviewed and changed, by rule and document
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../../pipeline/common/atomic.ts";
import { REPO_ROOT } from "../../pipeline/common/paths.ts";
import { formatLabelsCsv, type LabelRow, parseLabelsCsv, sentenceKey } from "../../pipeline/labels/files.ts";
import { Sentiment } from "../../pipeline/schema.ts";

const ChangeSchema = z.strictObject({
  letter_id: z.string(),
  key: z.string().describe("section/subsection/finding_index/sentence_index, subsection '-' when none"),
  old: Sentiment,
  new: Sentiment,
  rule: z.enum(["rule 2", "rule 4", "rule 9", "rule 10"]),
  why: z.string().min(1),
});
export type RecheckChange = z.infer<typeof ChangeSchema>;

/** The re-check's changes (`data/labels/v2-recheck.json`). */
export function loadRecheck(): RecheckChange[] {
  return z.array(ChangeSchema).parse(JSON.parse(readFileSync(join(REPO_ROOT, "data/labels/v2-recheck.json"), "utf8")));
}

const keyOf = (r: Pick<LabelRow, "letter_id" | "section" | "subsection" | "finding_index" | "sentence_index">) => {
  const [, section, sub, f, s] = sentenceKey(r).split("|");
  return `${section}/${sub || "-"}/${f}/${s}`;
};

/**
 * Applies the re-check's changes for `letterId` to its gold rows: a row whose label is the change's
 * `old` gets `new`, annotator `v2-recheck` and a note naming the rule; a row already at `new` is
 * left as it is (applying twice changes nothing). Throws when a change names a key the rows lack
 * or a row holds neither label (the gold changed since the re-check: look again).
 */
export function applyRecheck<R extends Omit<LabelRow, never>>(letterId: string, rows: readonly R[], changes: readonly RecheckChange[] = loadRecheck()): { rows: R[]; applied: number } {
  const mine = new Map(changes.filter((c) => c.letter_id === letterId).map((c) => [c.key, c]));
  let applied = 0;
  const out = rows.map((r) => {
    const c = mine.get(keyOf(r));
    if (!c) return r;
    mine.delete(c.key);
    if (r.sentiment === c.new && r.annotator === "v2-recheck") return r;
    if (r.sentiment !== c.old) throw new Error(`${letterId} ${c.key}: the re-check changed ${c.old} → ${c.new}, the gold file says ${r.sentiment}`);
    applied++;
    const note = `v2 re-check (${c.rule}; was ${c.old}): ${c.why}`;
    return { ...r, sentiment: c.new, annotator: "v2-recheck", note: r.note ? `${note}; ${r.note}` : note };
  });
  if (mine.size > 0) throw new Error(`${letterId}: re-check changes for keys not in its labels: ${[...mine.keys()].join(", ")}`);
  return { rows: out, applied };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  if (args[0] === "--summary") {
    const changes = loadRecheck();
    const reviewed = readFileSync(join(REPO_ROOT, "data/labels/v2-recheck-reviewed.tsv"), "utf8").trim().split("\n").slice(1).map((l) => l.split("\t"));
    const rules = ["rule 2", "rule 4", "rule 9", "rule 10"];
    console.log("| rule | sentences re-read | labels changed |\n|---|---|---|");
    for (const rule of rules) console.log(`| ${rule} | ${reviewed.filter((r) => r[2] === rule).length} | ${changes.filter((c) => c.rule === rule).length} |`);
    console.log(`| all | ${reviewed.length} | ${changes.length} |\n`);
    const moves = new Map<string, number>();
    for (const c of changes) moves.set(`${c.old} → ${c.new}`, (moves.get(`${c.old} → ${c.new}`) ?? 0) + 1);
    console.log([...moves].sort((a, b) => b[1] - a[1]).map(([m, n]) => `${m}: ${n}`).join("; "));
  } else {
    if (args.length === 0) {
      console.error("usage: recheck-v2.ts <letter_id>... | --summary");
      process.exit(2);
    }
    for (const letterId of args) {
      const file = join(REPO_ROOT, "data/labels", `${letterId}.csv`);
      const rows = parseLabelsCsv(readFileSync(file, "utf8"), file).map(({ file: _f, line: _l, ...r }) => r);
      const { rows: out, applied } = applyRecheck(letterId, rows);
      writeFileAtomic(file, formatLabelsCsv(out));
      console.error(`${file}: ${applied} labels changed by the v2 re-check`);
    }
  }
}
