import { describe, expect, test } from "vitest";
import { tokenize } from "../pipeline/tokens.ts";
import { evaluationCueFeatures } from "./evaluation-cues.ts";

const ev = (s: string) => evaluationCueFeatures(tokenize(s));

describe("evaluationCueFeatures: codebook evaluation cues and their absence", () => {
  test.each([
    ["Health visitors and early years staff work well together.", ["ev:strength"]],
    ["Plans are effective and have improved.", ["ev:strength"]],
    ["Waiting times are too long and support is inconsistent.", ["ev:weakness"]],
    ["Leaders should improve the quality of plans.", ["ev:strength", "ev:weakness"]],
    // A negated strength cue is a weakness cue.
    ["The service is not effective.", ["ev:weakness"]],
    // Description: no cue at all (rule 9), including the field's ambiguous words ("needs", "early years").
    ["There is a single point of access to the ASD pathway.", ["ev:none"]],
    ["The DMO works across both Hackney and the City of London.", ["ev:none"]],
    ["Children with special educational needs attend early years settings.", ["ev:none"]],
    ["", ["ev:none"]],
  ])("%s", (text, expected) => {
    expect(ev(text)).toEqual(expected);
  });
});
