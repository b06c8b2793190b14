/**
 * Agreement between the two independent labelling passes: Cohen's kappa for sentiment, per-theme
 * F1 between passes, and the confusion between passes, overall and per framework.
 *
 *   tsx scripts/tools/agreement.ts [--first data/labels/first-pass] [--second data/labels/second-pass]
 *       prints the Markdown block that goes into data/labels/AGREEMENT.md
 *   tsx scripts/tools/agreement.ts --letters a,b,c
 *       only the documents named (e.g. the documents labelled under one codebook version)
 *   tsx scripts/tools/agreement.ts --disagreements FILE
 *       also writes every disagreement (key, both labels, text) for adjudication; keep that file
 *       outside the repository when it holds text of the 2023 reports
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binaryPrf, cohenKappa, confusionMatrix, microPrf } from "../../eval/metrics.ts";
import { type LabelledSentence, loadCorpus } from "../../pipeline/labels/corpus.ts";
import { REPO_ROOT } from "../../pipeline/common/paths.ts";
import { SENTIMENTS, THEME_IDS, themeIndicators } from "../../pipeline/schema.ts";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const firstDir = arg("first", join(REPO_ROOT, "data/labels/first-pass"));
const secondDir = arg("second", join(REPO_ROOT, "data/labels/second-pass"));
const disagreementsOut = process.argv.includes("--disagreements") ? arg("disagreements", "") : null;
const only = process.argv.includes("--letters") ? new Set(arg("letters", "").split(",").filter(Boolean)) : null;

const key = (s: LabelledSentence) => `${s.letter_id}|${s.section}|${s.subsection ?? ""}|${s.finding_index}|${s.sentence_index}`;

if (!existsSync(firstDir) || !existsSync(secondDir)) {
  console.error(`need both ${firstDir} and ${secondDir}`);
  process.exit(1);
}
const first = new Map((await loadCorpus(firstDir)).sentences.map((s) => [key(s), s]));
const second = (await loadCorpus(secondDir)).sentences;
const pairs = second.flatMap((b) => {
  if (only && !only.has(b.letter_id)) return [];
  const a = first.get(key(b));
  return a ? [{ a, b }] : [];
});

function block(name: string, items: typeof pairs): string {
  const ga = items.map((p) => SENTIMENTS.indexOf(p.a.sentiment));
  const gb = items.map((p) => SENTIMENTS.indexOf(p.b.sentiment));
  const m = confusionMatrix(ga, gb, 3);
  const agree = items.filter((p) => p.a.sentiment === p.b.sentiment).length;
  const themeRows = THEME_IDS.map((t) => {
    const a = items.map((p) => p.a.themes.includes(t));
    const b = items.map((p) => p.b.themes.includes(t));
    return { t, f1: binaryPrf(a, b).f1, nA: a.filter(Boolean).length, nB: b.filter(Boolean).length };
  });
  const micro = microPrf(themeIndicators(items.map((p) => p.a.themes)), themeIndicators(items.map((p) => p.b.themes)));
  const kappa = cohenKappa(ga, gb, 3);
  const lines = [
    `### ${name}`,
    "",
    `${items.length} sentences in ${new Set(items.map((p) => p.a.letter_id)).size} documents (${[...new Set(items.map((p) => p.a.letter_id))].sort().join(", ")}).`,
    `Sentiment: raw agreement ${((100 * agree) / Math.max(1, items.length)).toFixed(1)}%, Cohen's kappa **${kappa === null ? "n/a" : kappa.toFixed(3)}**. Themes: micro-F1 between passes **${micro.f1 === null ? "n/a" : micro.f1.toFixed(3)}** (pass 1 taken as reference; F1 is symmetric).`,
    "",
    `Per-class agreement (positive specific agreement, 2·both ÷ (pass 1 + pass 2)): ${SENTIMENTS.map((c, i) => {
      const rowSum = m[i]!.reduce((a, b) => a + b, 0);
      const colSum = m.reduce((a, r) => a + r[i]!, 0);
      return `${c} ${rowSum + colSum === 0 ? "n/a" : ((2 * m[i]![i]!) / (rowSum + colSum)).toFixed(3)}`;
    }).join(", ")}.`,
    "",
    "Confusion between passes (rows: pass 1, columns: pass 2):",
    "",
    `| pass 1 \\ pass 2 | ${SENTIMENTS.join(" | ")} |`,
    "|---|---|---|---|",
    ...SENTIMENTS.map((s, i) => `| ${s} | ${m[i]!.join(" | ")} |`),
    "",
    "Per-theme F1 between passes (n = sentences tagged by pass 1 / pass 2):",
    "",
    "| theme | F1 | n pass 1 | n pass 2 |",
    "|---|---|---|---|",
    ...themeRows.map((r) => `| ${r.t} | ${r.nA + r.nB === 0 ? "not evaluable (never tagged)" : r.f1 === null ? "n/a" : r.f1.toFixed(3)} | ${r.nA} | ${r.nB} |`),
    "",
  ];
  return lines.join("\n");
}

const out = [block("All double-labelled sentences", pairs)];
for (const fw of ["2016", "2023"]) {
  const items = pairs.filter((p) => p.a.framework === fw);
  if (items.length) out.push(block(fw === "2016" ? "2016–22 letters" : "2023-framework reports", items));
}
console.log(out.join("\n"));

if (disagreementsOut) {
  const rows = pairs
    .filter((p) => p.a.sentiment !== p.b.sentiment || [...p.a.themes].sort().join() !== [...p.b.themes].sort().join())
    .map((p) => JSON.stringify({ key: key(p.a), text: p.a.text, pass1: { sentiment: p.a.sentiment, themes: p.a.themes, note: p.a.note }, pass2: { sentiment: p.b.sentiment, themes: p.b.themes, note: p.b.note } }));
  writeFileSync(disagreementsOut, `${rows.join("\n")}\n`);
  console.error(`${disagreementsOut}: ${rows.length} disagreements`);
}
