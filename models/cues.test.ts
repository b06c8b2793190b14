import { describe, expect, test } from "vitest";
import { tokenize } from "../pipeline/tokens.ts";
import { purposeScope } from "./cues.ts";
import { evaluationCueFeatures } from "./evaluation-cues.ts";

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
