import { describe, expect, test } from "vitest";
import { tokenize } from "../pipeline/tokens.ts";
import { themeCueFeatures } from "./theme-cues.ts";

const cues = (s: string) => themeCueFeatures(tokenize(s));

describe("themeCueFeatures", () => {
  test.each([
    ["Annual reviews are not completed within 20 weeks.", "t:ehc_plans"],
    ["Families value the short breaks on offer.", "t:social_care"],
    ["Children wait too long for an autism assessment.", "t:autism"],
    ["The SENDIASS provides useful advice.", "t:local_offer"],
    ["Pupils attend well and exclusions are low.", "t:exclusions_attendance"],
  ])("%s → %s", (sentence, feature) => {
    expect(cues(sentence)).toContain(feature);
  });

  test("variant spellings match through the tokenizer (co-production / coproduction)", () => {
    expect(cues("Coproduction is strong.")).toContain("t:coproduction");
    expect(cues("Co-production is strong.")).toContain("t:coproduction");
  });

  test("a repeated theme adds a count feature; unrelated text gets none", () => {
    expect(cues("Waiting lists are long and waits for therapy are too long.")).toContain("t:waiting_times:2");
    expect(cues("The letter was sent on Tuesday.")).toEqual([]);
  });
});
