/**
 * Compares sentence splitters and tokenisers on this prose:
 *
 *   npx tsx scripts/bench/compare-splitters.ts
 *
 * 1. Accuracy: ours, natural's SentenceTokenizer (with and without an abbreviation list) and
 *    compromise (full `compromise`, and the tokenise-only `compromise/one`) over the hard cases in
 *    pipeline/testing/sentence-cases.ts. A case is right when the splitter returns exactly the
 *    expected sentences after each is trimmed, stripped of a leading bullet mark and has its white
 *    space collapsed (so other splitters are not penalised for keeping "- " or a wrapped line).
 * 2. Speed: every finding of the seed letters (data/letters), split repeatedly for about a second
 *    per splitter; then the resulting sentences tokenised by ours, compromise and natural.
 *
 * Prints a plain-text report on stdout. Timings depend on the machine; compare runs on one machine.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import nlp from "compromise";
import nlpOne from "compromise/one";
import { splitSentences } from "../../pipeline/sentences.ts";
import { detectStructure } from "../../pipeline/structure.ts";
import { SENTENCE_CASES } from "../../pipeline/testing/sentence-cases.ts";
import { tokenize } from "../../pipeline/tokens.ts";

// natural's submodules are CommonJS without type declarations for these paths; never load the
// top-level `natural`, which pulls in database clients.
const require = createRequire(import.meta.url);
const SentenceTokenizer = require("natural/lib/natural/tokenizers/sentence_tokenizer.js") as new (
  abbreviations?: string[],
  trimSentences?: boolean,
) => { tokenize(text: string): string[] };
const AggressiveTokenizer = require("natural/lib/natural/tokenizers/aggressive_tokenizer.js") as new () => { tokenize(text: string): string[] };
const PorterStemmer = require("natural/lib/natural/stemmers/porter_stemmer.js") as { stem(token: string): string };

const ABBREVIATIONS = ["e.g.", "i.e.", "etc.", "approx.", "Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "St.", "No.", "a.m.", "p.m."];
const naturalPlain = new SentenceTokenizer();
const naturalAbbrev = new SentenceTokenizer(ABBREVIATIONS);

const SPLITTERS: Record<string, (text: string) => string[]> = {
  "ours (pipeline/sentences.ts)": (t) => splitSentences(t).map((s) => s.text),
  "natural SentenceTokenizer": (t) => naturalPlain.tokenize(t),
  "natural SentenceTokenizer + abbreviations": (t) => naturalAbbrev.tokenize(t),
  "compromise (three)": (t) => nlp(t).sentences().out("array") as string[],
  // compromise/one has no sentences() plugin; a document's out("array") is one string per sentence.
  "compromise/one": (t) => nlpOne(t).out("array") as string[],
};

const TOKENIZERS: Record<string, (sentence: string) => number> = {
  "ours tokenize (norm+stem+negation)": (s) => tokenize(s).length,
  "natural AggressiveTokenizer + Porter": (s) => {
    const words = new AggressiveTokenizer().tokenize(s.toLowerCase());
    for (const w of words) PorterStemmer.stem(w);
    return words.length;
  },
  "compromise (three) terms": (s) => (nlp(s).terms().out("array") as string[]).length,
  "compromise/one terms": (s) => (nlpOne(s).terms().out("array") as string[]).length,
};

function comparable(sentences: readonly string[]): string[] {
  return sentences.map((s) => s.trim().replace(/^[-•■◼▪●*–·]\s+/, "").replace(/\s+/g, " ")).filter((s) => s !== "");
}

function sameSentences(a: readonly string[], b: readonly string[]): boolean {
  const x = comparable(a);
  const y = comparable(b);
  return x.length === y.length && x.every((s, i) => s === y[i]);
}

/** Runs `fn` over `items` until about `budgetMs` has passed; returns runs/s and outputs/s. */
function measure<T>(items: readonly T[], fn: (item: T) => number, budgetMs = 1000): { itemsPerS: number; outputsPerS: number; msPerItem: number } {
  // Warm-up: one full pass (JIT, compromise's lazy lexicon), then a little more for fast ones.
  const w0 = performance.now();
  do for (const it of items) fn(it);
  while (performance.now() - w0 < budgetMs / 4);
  let n = 0;
  let outputs = 0;
  const t0 = performance.now();
  let elapsed = 0;
  do {
    for (const it of items) outputs += fn(it);
    n += items.length;
    elapsed = performance.now() - t0;
  } while (elapsed < budgetMs);
  return { itemsPerS: (n / elapsed) * 1000, outputsPerS: (outputs / elapsed) * 1000, msPerItem: elapsed / n };
}

function seedFindings(): string[] {
  const dir = new URL("../../data/letters/", import.meta.url).pathname;
  return readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .flatMap((f) => detectStructure(readFileSync(join(dir, f), "utf8"), f).findings.map((x) => x.text));
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-GB");

function main(): void {
  const out: string[] = [];
  out.push(`Accuracy on ${SENTENCE_CASES.length} hard cases (pipeline/testing/sentence-cases.ts)`);
  for (const [name, split] of Object.entries(SPLITTERS)) {
    const wrong = SENTENCE_CASES.filter(([, input, expected]) => !sameSentences(split(input), expected)).map(([quirk]) => quirk);
    out.push(`  ${name.padEnd(44)} ${String(SENTENCE_CASES.length - wrong.length).padStart(3)} / ${SENTENCE_CASES.length}${wrong.length > 0 ? `   wrong: ${wrong.join("; ")}` : ""}`);
  }

  const findings = seedFindings();
  const sentences = findings.flatMap((f) => splitSentences(f).map((s) => s.text));
  const chars = findings.reduce((a, f) => a + f.length, 0);
  out.push("", `Speed on the seed letters: ${findings.length} findings, ${sentences.length} sentences (ours), ${fmt(chars)} characters`);
  for (const [name, split] of Object.entries(SPLITTERS)) {
    const m = measure(findings, (f) => split(f).length);
    out.push(`  ${name.padEnd(44)} ${fmt(m.outputsPerS).padStart(10)} sentences/s  ${fmt(m.itemsPerS).padStart(9)} findings/s  ${(m.msPerItem * 100).toFixed(3).padStart(9)} ms per 100 findings`);
  }
  out.push("", `Tokenising the ${sentences.length} sentences`);
  for (const [name, tok] of Object.entries(TOKENIZERS)) {
    const m = measure(sentences, tok);
    out.push(`  ${name.padEnd(44)} ${fmt(m.outputsPerS).padStart(10)} tokens/s  ${fmt(m.itemsPerS).padStart(9)} sentences/s`);
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

main();
