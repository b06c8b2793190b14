/**
 * The compiled feature path (`compileFeatures` + `featureIndices`, used by every prediction) must
 * find exactly the features of the string definition (`vectorise(sentenceFeatures(...))`, used by
 * training and `--explain`), for the shipped model's settings and for every other setting a
 * researcher can choose.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadDocumentList } from "../pipeline/labels/corpus.ts";
import { REPO_ROOT } from "../pipeline/common/paths.ts";
import { parseLetter } from "../pipeline/index.ts";
import { tokenBuffer } from "../pipeline/tokens.ts";
import { compiledFindingThemes, compileFeatures, compileFeatureSet, type CompiledFeatures, featureIndices, featureIndicesMany, featureScratch, IntTable } from "./compiled.ts";
import { buildVocabulary, contextFor, type FeatureInput, type FeatureSettings, sentenceFeatures, vectorise, vocabularyIndex } from "./features.ts";

const inputs: FeatureInput[] = loadDocumentList()
  .documents.filter((d) => "path" in d)
  .flatMap((d) => parseLetter(readFileSync(join(REPO_ROOT, (d as { path: string }).path), "utf8"), { letter_id: d.letter_id }).findings)
  .flatMap((f) => {
    const finding_sentences = f.sentences.map((s) => s.text);
    return f.sentences.map((s) => ({ text: s.text, section: f.section, silver: f.silver, sentence_index: s.sentence_index, finding_sentences }));
  });

const extra: FeatureInput[] = [
  { text: "Although waits are long, support is not yet effective; however, leaders should act.", silver: "weakness", sentence_index: 0 },
  { text: "While the forum is strong, too few staff are trained, but EHC plans don't improve.", silver: null, sentence_index: 2 },
  { text: "", silver: "strength", sentence_index: 1 },
  { text: "Children’s well-being: 10:30, 12.5% and post-16 co-production can't wait.", sentence_index: 0 },
  { text: "Although leaders meet to improve plans, panels work so that effective support is not delayed; however, to date plans help.", sentence_index: 0 },
  { text: "Leaders work in order to ensure that good support is timely, but waits are long.", sentence_index: 1 },
  { text: "For example, families wait.", sentence_index: 1, finding_sentences: ["Support is effective.", "For example, families wait.", "Also, plans are late.", "Schools help."] },
  { text: "Also, plans are late.", sentence_index: 2, finding_sentences: ["Support is effective.", "For example, families wait.", "Also, plans are late.", "Schools help."] },
  { text: "This means they wait.", sentence_index: 1, finding_sentences: ["Children wait too long for an autism assessment.", "This means they wait."] },
];

const SETTINGS: Record<string, FeatureSettings> = {
  "sentiment (shipped)": { ngrams: [1, 2], min_df: 2, clause_marks: true, cues: true, purpose_marks: false, example_cues: false, heading: true, position: true, theme_cues: false, evaluation_cues: false, finding_theme_cues: false, neighbour_theme_cues: false, lead_theme_cues: false },
  "themes (shipped)": { ngrams: [1, 2], min_df: 2, clause_marks: false, cues: false, purpose_marks: false, example_cues: false, heading: false, position: false, theme_cues: true, evaluation_cues: false, finding_theme_cues: true, neighbour_theme_cues: true, lead_theme_cues: true },
  "trigrams, everything on": { ngrams: [1, 2, 3], min_df: 1, clause_marks: true, cues: true, purpose_marks: true, example_cues: true, heading: true, position: true, theme_cues: true, evaluation_cues: true, finding_theme_cues: true, neighbour_theme_cues: true, lead_theme_cues: true },
  "bigrams only": { ngrams: [2], min_df: 1, clause_marks: true, cues: false, purpose_marks: false, example_cues: false, heading: false, position: false, theme_cues: false, evaluation_cues: false, finding_theme_cues: false, neighbour_theme_cues: false, lead_theme_cues: false },
};

/** The compiled path's indexes for a sentence: tokenised by the compiled set's own tokenizer, its finding's context worked out the compiled way. */
function compiledIndices(compiled: CompiledFeatures, x: FeatureInput, scratch = featureScratch()): number[] {
  const context = x.finding_sentences ? compiledFindingThemes(compiled.space, x.finding_sentences, tokenBuffer(), new Uint8Array(20)) : null;
  const n = featureIndices(compiled, x, compiled.space.tokenizer.tokenizeInto(x.text, tokenBuffer()), scratch, context);
  return Array.from(scratch.buf.subarray(0, n));
}

describe.each(Object.entries(SETTINGS))("featureIndices = vectorise(sentenceFeatures): %s", (_name, settings) => {
  // Train the vocabulary on half the sentences, so the other half meets unknown stems and n-grams.
  const half = inputs.filter((_, i) => i % 2 === 0);
  const vocabulary = buildVocabulary(half.map((x) => sentenceFeatures(x, settings)), settings.min_df);
  const index = vocabularyIndex(vocabulary);
  const compiled = compileFeatures(settings, vocabulary);
  const scratch = featureScratch();

  test("on every sentence of the text letters and on hard cases", () => {
    expect(vocabulary.length).toBeGreaterThan(100);
    let compared = 0;
    for (const x of [...inputs, ...extra]) {
      const expected = Array.from(vectorise(sentenceFeatures(x, settings), index).indices);
      const got = compiledIndices(compiled, x, scratch);
      expect(new Set(got).size, `repeats: ${x.text}`).toBe(got.length);
      expect(got.sort((a, b) => a - b), x.text).toEqual(expected);
      compared++;
    }
    expect(compared).toBe(inputs.length + extra.length);
  });
});

describe("featureIndicesMany: the sentiment and theme vocabularies in one pass", () => {
  test("finds, for each vocabulary compiled together, the same indexes as featureIndices on its own", () => {
    const half = inputs.filter((_, i) => i % 2 === 0);
    const parts = [SETTINGS["sentiment (shipped)"]!, SETTINGS["themes (shipped)"]!, SETTINGS["trigrams, everything on"]!].map((settings) => ({
      settings,
      vocabulary: buildVocabulary(half.map((x) => sentenceFeatures(x, settings)), settings.min_df),
    }));
    const together = compileFeatureSet(parts);
    const alone = parts.map((p) => compileFeatures(p.settings, p.vocabulary));
    const outs = parts.map(() => featureScratch());
    const single = featureScratch();
    const counts = new Int32Array(parts.length);
    let nonEmpty = 0;
    for (const x of [...inputs, ...extra]) {
      const space = together[0]!.space;
      const context = x.finding_sentences ? compiledFindingThemes(space, x.finding_sentences, tokenBuffer(), new Uint8Array(20)) : null;
      featureIndicesMany(together, x, space.tokenizer.tokenizeInto(x.text, tokenBuffer()), outs, counts, context);
      parts.forEach((_, p) => {
        const own = alone[p]!.space;
        const ownContext = x.finding_sentences ? compiledFindingThemes(own, x.finding_sentences, tokenBuffer(), new Uint8Array(20)) : null;
        const n = featureIndices(alone[p]!, x, own.tokenizer.tokenizeInto(x.text, tokenBuffer()), single, ownContext);
        expect(Array.from(outs[p]!.buf.subarray(0, counts[p]!)), `${p}: ${x.text}`).toEqual(Array.from(single.buf.subarray(0, n)));
        if (n > 0) nonEmpty++;
      });
    }
    expect(nonEmpty).toBeGreaterThan(inputs.length);
  });

  test("refuses vocabularies that were compiled apart", () => {
    const settings = SETTINGS["themes (shipped)"]!;
    const a = compileFeatures(settings, ["t:autism"]);
    const b = compileFeatures(settings, ["t:autism"]);
    expect(() => featureIndicesMany([a, b], { text: "Autism waits." }, a.space.tokenizer.tokenizeInto("Autism waits.", tokenBuffer()), [featureScratch(), featureScratch()], new Int32Array(2))).toThrow(/compiled together/);
  });
});

describe("IntTable", () => {
  test("finds every key set, misses others, including keys past 2^32", () => {
    const table = new IntTable(1000);
    const keys = Array.from({ length: 1000 }, (_, i) => i * 7919 + (i % 3 === 0 ? 2 ** 40 : 0));
    keys.forEach((k, i) => table.set(k, i));
    keys.forEach((k, i) => expect(table.get(k)).toBe(i));
    expect(table.get(1)).toBe(-1);
    expect(table.get(2 ** 40 + 1)).toBe(-1);
    table.set(keys[5]!, 42);
    expect(table.get(keys[5]!)).toBe(42);
  });
});

describe("finding context", () => {
  const settings = SETTINGS["themes (shipped)"]!;
  test("a sentence gets the theme cues of its whole finding as ft: features, and none without a finding", () => {
    const sentence = "This means they wait a long time.";
    const withFinding = sentenceFeatures({ text: sentence, sentence_index: 1, finding_sentences: ["Children wait too long for an autism assessment.", sentence] }, settings);
    expect(withFinding).toContain("ft:autism");
    expect(withFinding).not.toContain("t:autism");
    expect(sentenceFeatures({ text: sentence }, settings).filter((f) => f.startsWith("ft:"))).toEqual([]);
    expect(sentenceFeatures({ text: sentence, finding_sentences: ["Autism waits are long.", sentence] }, { ...settings, finding_theme_cues: false }).filter((f) => f.startsWith("ft:"))).toEqual([]);
  });

  test("the theme cues of the sentences before and after are pt:/nt:, those of the lead sentence lt:", () => {
    const finding = ["Leaders have a clear strategy.", "Children wait too long for an autism assessment.", "This means they wait.", "Schools help."];
    const context = (f: string[]) => f.filter((x) => /^(?:pt|nt|lt):/.test(x));
    const third = sentenceFeatures({ text: "This means they wait.", sentence_index: 2, finding_sentences: finding }, settings);
    expect(context(third).sort()).toEqual(["lt:leadership", "nt:schools", "pt:autism", "pt:waiting_times"]);
    const fourth = sentenceFeatures({ text: "Schools help.", sentence_index: 3, finding_sentences: finding }, settings);
    expect(context(fourth).sort()).toEqual(["lt:leadership", "pt:waiting_times"]);
    const lead = sentenceFeatures({ text: "Leaders have a clear strategy.", sentence_index: 0, finding_sentences: finding }, settings);
    expect(context(lead).sort()).toEqual(["nt:autism", "nt:waiting_times"]);
    const off = { ...settings, neighbour_theme_cues: false, lead_theme_cues: false };
    expect(context(sentenceFeatures({ text: "This means they wait.", sentence_index: 2, finding_sentences: finding }, off))).toEqual([]);
    expect(context(sentenceFeatures({ text: "This means they wait.", sentence_index: 2 }, settings))).toEqual([]);
  });
});

describe("the finding's context comes from the reader's sentences", () => {
  const settings = SETTINGS["themes (shipped)"]!;
  test("the compiled model works it out once per finding and gives the string path's features", () => {
    const finding = ["Children wait too long for an autism assessment.", "This means they wait.", "Schools help."];
    const vocabulary = buildVocabulary(finding.map((text, i) => sentenceFeatures({ text, sentence_index: i, finding_sentences: finding }, settings)), 1);
    const compiled = compileFeatures(settings, vocabulary);
    const index = vocabularyIndex(vocabulary);
    finding.forEach((text, i) => {
      const x = { text, sentence_index: i, finding_sentences: finding };
      expect(compiledIndices(compiled, x).sort((a, b) => a - b)).toEqual(Array.from(vectorise(sentenceFeatures(x, settings), index).indices));
    });
    // A sentence's own place decides pt:/nt:: the context is not the same for its neighbours.
    expect(contextFor({ text: "x", finding_sentences: finding }, settings)!.sentences).toHaveLength(3);
    expect(contextFor({ text: "x" }, settings)).toBeNull();
  });
});
