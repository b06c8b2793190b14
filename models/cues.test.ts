import { describe, expect, test } from "vitest";
import { tokenize } from "../pipeline/tokens.ts";
import { purposeScope } from "./cues.ts";
import { evaluationCueFeatures } from "./evaluation-cues.ts";
import { illustratedEvaluation, sentenceFeatures } from "./features.ts";

/** The words of a sentence that `purposeScope` marks, joined. */
function purposeWords(text: string): string {
  const tokens = tokenize(text);
  const breaks = tokens.map((t, i) => i > 0 && /[,;:]/.test(text.slice(tokens[i - 1]!.end, t.start)));
  const out = new Uint8Array(tokens.length);
  purposeScope(
    tokens.map((t) => t.norm),
    breaks,
    tokens.length,
    out,
  );
  return tokens.filter((_, i) => out[i]).map((t) => t.norm).join(" ");
}

describe("purposeScope: codebook rule 9, a purpose states an aim, not an effect", () => {
  test.each([
    // [sentence, the words inside a purpose clause]
    ["Leaders meet monthly to improve plans, and plans are good.", "to improve plans"],
    ["Panels work so that effective support is in place.", "so that effective support is in place"],
    ["Staff are trained in order to identify needs early; waits are short.", "in order to identify needs early"],
    ["Leaders work to ensure that plans are effective but waits are long.", "to ensure that plans are effective"],
    // "to" before a noun, or "to date", opens nothing.
    ["Families have access to services and to date support is good.", ""],
    ["A plan is in place.", ""],
  ])("%j → %j", (text, words) => {
    expect(purposeWords(text)).toBe(words);
  });

  test("words inside a purpose do not count as evaluation cues when it is given", () => {
    const tokens = tokenize("Leaders meet monthly to improve the effective use of data.");
    const skip = new Uint8Array(tokens.length);
    purposeScope(
      tokens.map((t) => t.norm),
      tokens.map(() => false),
      tokens.length,
      skip,
    );
    expect(evaluationCueFeatures(tokens)).toEqual(["ev:strength"]);
    expect(evaluationCueFeatures(tokens, skip)).toEqual(["ev:none"]);
  });
});

describe("example cues: codebook rule 10, examples take the judgement they support", () => {
  const settings = { ngrams: [1], min_df: 1, clause_marks: true, cues: false, purpose_marks: false, example_cues: true, heading: false, position: false, theme_cues: false, evaluation_cues: false, finding_theme_cues: false, neighbour_theme_cues: false, lead_theme_cues: false };
  const finding = ["Support for families is effective.", "For example, parents meet a key worker.", "Also, a panel meets monthly.", "Waits are too long.", "This includes waits for therapy."];
  const x = (i: number) => sentenceFeatures({ text: finding[i]!, sentence_index: i, finding_sentences: finding }, settings).filter((f) => f.startsWith("x:"));

  test("an example and an extension after it get the cues of the sentence they illustrate", () => {
    expect(x(1)).toEqual(["x:ev:strength"]);
    expect(x(2)).toEqual(["x:ev:strength"]);
    // "This includes" illustrates the nearest earlier sentence that is not an example: the weakness.
    expect(x(4)).toEqual(["x:ev:weakness"]);
  });

  test("a sentence that opens no example gets none, nor does an example without a sentence before it", () => {
    expect(x(0)).toEqual([]);
    expect(x(3)).toEqual([]);
    expect(illustratedEvaluation(["For example, plans are late."], [2])).toEqual([-1]);
    // "Also" with no example before it is judged on its own.
    expect(illustratedEvaluation(["Plans are good.", "Also, panels meet."], [1, 4])).toEqual([-1, -1]);
  });
});
