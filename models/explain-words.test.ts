/**
 * Explanations in words: each feature kind reads as words of its sentence, and no feature of any
 * seed-letter sentence comes out as an internal code.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadDocumentList } from "../pipeline/labels/corpus.ts";
import { REPO_ROOT } from "../pipeline/common/paths.ts";
import { parseLetter } from "../pipeline/index.ts";
import { tokenize } from "../pipeline/tokens.ts";
import { explainInWords, featureInWords } from "./explain-words.ts";
import { type FeatureInput, type FeatureSettings, sentenceFeatures } from "./features.ts";

describe("featureInWords", () => {
  test.each([
    // Codebook §Sentiment: "too" is a weakness cue (too slow, too variable).
    ["ev:weakness", "Plans are too slow.", "evaluative word (weakness cue): 'too', 'slow'"],
    ["ev:strength", "A small number of families have fewer positive experiences.", "evaluative word (strength cue): 'positive'"],
    // A negated strength word is a weakness cue (evaluation-cues.ts).
    ["ev:weakness", "Support is not effective.", "evaluative word (weakness cue): 'not', 'effective' (negated)"],
    ["ev:none", "The DMO works across both areas.", "no evaluative word in the sentence"],
    // Stems come back as the sentence's own words: Porter's "thi" is "This", "ar" is "are".
    ["thi", "This is not dependent on a diagnosis.", "word 'This'"],
    ["ar", "Services are located under one roof.", "word 'are'"],
    ["n:to", "Children do not travel to school.", "word 'to' (negated)"],
    ["m:howev", "Plans exist, however they are late.", "word 'however' (after 'but' / 'however')"],
    ["c:n:effect", "Although support is not effective, plans are good.", "word 'effective' (negated, in a concession clause)"],
    ["posit experi", "Families have positive experiences.", "phrase 'positive experiences'"],
    ["cue:too_adj", "Waiting lists are too long.", "'too' + a word: 'too long'"],
    ["cue:negation", "This is not dependent on a diagnosis.", "negation: 'not dependent'"],
    ["cue:not_yet", "Plans are not yet effective.", "'not yet'"],
    ["cue:recommend", "Leaders should ensure that plans improve.", "recommendation: 'should'"],
    ["cue:however_start", "However, waits are long.", "sentence opens with 'however'"],
    ["cue:concession", "Although waits are long, support is good.", "sentence opens with a concession: 'Although'"],
    // "waiting list" is one cue phrase: the shorter "waiting" inside it is not listed again.
    ["t:waiting_times", "Waiting lists are long.", "theme cue (waiting times): 'Waiting lists'"],
    ["t:ehc_plans:2", "Annual reviews are not completed within 20 weeks.", "theme cue (EHC plans), twice or more: 'Annual reviews', '20 weeks'"],
    ["pt:autism", "They wait.", "theme cue in the sentence before: autism and ADHD"],
    ["lt:ehc_plans", "They wait.", "theme cue in the finding's first sentence: EHC plans"],
    ["pos:first", "They wait.", "first sentence of its finding"],
    ["pos:later", "They wait.", "a later sentence of its finding (not the first)"],
  ])("%s in %j", (feature, text, words) => {
    expect(featureInWords(feature, { text })).toBe(words);
  });

  test.each([
    ["h:strength", { section: "effective" as const }, "section heading: effective (marks strengths)"],
    ["h:weakness", { section: "identifying" as const, subsection: "development" as const }, "section heading: Areas for development (marks weaknesses)"],
    ["h:none", { section: "experience" as const }, "section heading: experience (neither strengths nor weaknesses)"],
    ["h:strength", {}, "section heading that marks strengths"],
  ])("%s with %j", (feature, context, words) => {
    expect(featureInWords(feature, context)).toBe(words);
  });

  test("without the sentence a stem is named as a stem, never shown bare", () => {
    expect(featureInWords("thi")).toBe("a word with the stem 'thi'");
    expect(featureInWords("posit experi")).toBe("phrase with the word stems 'posit experi'");
  });

  test("explainInWords keeps each feature and weight and adds its words", () => {
    const text = "Plans are too slow.";
    expect(explainInWords([{ feature: "ev:weakness", weight: 1.5 }], { text, tokens: tokenize(text) })).toEqual([{ feature: "ev:weakness", weight: 1.5, words: "evaluative word (weakness cue): 'too', 'slow'" }]);
  });
});

describe("every feature of the seed letters reads as words", () => {
  const inputs: FeatureInput[] = loadDocumentList()
    .documents.filter((d) => "path" in d)
    .flatMap((d) => parseLetter(readFileSync(join(REPO_ROOT, (d as { path: string }).path), "utf8"), { letter_id: d.letter_id }).findings)
    .flatMap((f) => f.sentences.map((s) => ({ text: s.text, section: f.section, silver: f.silver, sentence_index: s.sentence_index, finding: f.text })));
  const everything: FeatureSettings = { ngrams: [1, 2, 3], min_df: 1, clause_marks: true, cues: true, purpose_marks: true, example_cues: true, heading: true, position: true, theme_cues: true, evaluation_cues: true, finding_theme_cues: true, neighbour_theme_cues: true, lead_theme_cues: true };
  // An internal code: a kind prefix and a colon ("ev:weakness", "m:howev"), or a bare feature name.
  const CODE = /(?:^|[\s(])(?:ev|h|cue|pos|t|ft|pt|nt|lt|[cmn]):[\w-]/;

  test("no code in any explanation, and every word and phrase is quoted from its sentence", () => {
    expect(inputs.length).toBeGreaterThan(500);
    let checked = 0;
    for (const input of inputs) {
      const tokens = tokenize(input.text);
      for (const f of sentenceFeatures(input, everything, tokens)) {
        const words = featureInWords(f, { text: input.text, tokens, section: input.section ?? null });
        expect(words, `${f} in "${input.text}"`).not.toMatch(CODE);
        if (f.includes(":")) expect(words).not.toContain(f);
        // Every stem and n-gram of a sentence is found among its own tokens.
        expect(words).not.toMatch(/with the (word )?stems? /);
        if (/^(word|phrase) '/.test(words)) {
          const quoted = /^(?:word|phrase) '(.*)'(?: \(.*\))?$/.exec(words)![1]!;
          expect(input.text.replace(/\s+/g, " ")).toContain(quoted);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
