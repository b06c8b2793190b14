import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { isBulletMarkAt, splitSentences } from "./sentences.ts";
import { assertLosslessSpans, isBulletMarkAt as contractBulletMarkAt } from "./testing/invariants.ts";
import { SENTENCE_CASES } from "./testing/sentence-cases.ts";

const texts = (input: string) => splitSentences(input).map((s) => s.text);

describe("splitSentences: hard cases of this prose", () => {
  // Each case's comment (the quirk it covers) is in ./testing/sentence-cases.ts.
  test.each(SENTENCE_CASES)("%s", (_quirk, input, expected) => {
    expect(texts(input)).toEqual(expected);
    assertLosslessSpans(input, splitSentences(input));
  });
});

describe("splitSentences: offsets", () => {
  test("sub-bullet spans start after the mark", () => {
    const input = "Leaders should focus on:\n- the quality of EHC plans\n- waiting times.";
    expect(splitSentences(input)).toEqual([
      { start: 0, end: 24, text: "Leaders should focus on:" },
      { start: 27, end: 51, text: "the quality of EHC plans" },
      { start: 54, end: 68, text: "waiting times." },
    ]);
  });

  test.each([
    // CRLF from a Windows-saved text file: one break, not a blank line, so the wrap stays a wrap.
    ["CRLF wrap", "Leaders are\r\nambitious. Plans are late.", ["Leaders are\r\nambitious.", "Plans are late."]],
    // A blank line is a hard boundary even without a full stop (page-break residue).
    ["blank line", "Leaders are ambitious\n\nPlans are late", ["Leaders are ambitious", "Plans are late"]],
    // A lead-in ending in ':' on its own line, its list having lost its bullet marks.
    ["colon at a line end", "Case studies showed that:\nleaders understand needs", ["Case studies showed that:", "leaders understand needs"]],
    // A hyphen inside a line is a word, not a bullet.
    ["hyphen mid-line", "Waits - for some - are long.", ["Waits - for some - are long."]],
    // A mark with nothing after it is left in the gap.
    ["empty bullet", "Leaders should:\n- \n- act", ["Leaders should:", "act"]],
    // A stray opening bracket does not swallow the rest of the finding.
    ["unclosed bracket", "Leaders (and partners. Plans are late.", ["Leaders (and partners.", "Plans are late."]],
    // A closing bracket with no opener is only a closer.
    ["unopened bracket", "Leaders act.) Plans are late.", ["Leaders act.)", "Plans are late."]],
    // A lower-case word after a full stop is not a new sentence (an abbreviation we do not list).
    ["unknown abbreviation", "Services incl. therapies are good. Waits are long.", ["Services incl. therapies are good.", "Waits are long."]],
  ])("%s", (_case, input, expected) => {
    expect(texts(input)).toEqual(expected);
    assertLosslessSpans(input, splitSentences(input));
  });
});

describe("bullet marks", () => {
  // The splitter and the invariant state the bullet rule separately; they must agree.
  test.each([
    ["- a", 0, true],
    ["  - a", 2, true],
    ["x\n- a", 2, true],
    ["x - a", 2, false],
    ["-a", 0, false],
    ["-\na", 0, false],
    ["• a", 0, true],
    ["\r\n■\ta", 2, true],
  ])("%j at %i → %s", (input, i, expected) => {
    expect(isBulletMarkAt(input, i)).toBe(expected);
    expect(contractBulletMarkAt(input, i)).toBe(expected);
  });
});

describe("seed letters", () => {
  // Every paragraph and bullet of the seed letters, split losslessly.
  const letters = ["city-of-london-2018", "medway-2017", "westminster-2020", "islington-2021", "city-of-london-2019-progress"];
  test.each(letters)("%s", (id) => {
    const text = readFileSync(new URL(`../data/letters/${id}.txt`, import.meta.url), "utf8");
    const spans = splitSentences(text);
    assertLosslessSpans(text, spans);
    expect(spans.length).toBeGreaterThan(50);
  });
});

describe("assertLosslessSpans catches broken spans", () => {
  const input = "Leaders act.\n- plans are late. Waits";
  const good = splitSentences(input);
  const at = (i: number) => good[i]!;
  test("the splitter's own spans pass", () => {
    expect(() => assertLosslessSpans(input, good)).not.toThrow();
    expect(good.map((s) => s.text)).toEqual(["Leaders act.", "plans are late.", "Waits"]);
  });
  test.each([
    ["a missing span", () => [at(0), at(2)], /non-space character "p" at 15 is in no span/],
    ["overlap", () => [at(0), { ...at(1), start: 10, text: input.slice(10, at(1).end) }], /overlaps or precedes/],
    ["out of order", () => [at(1), at(0), at(2)], /overlaps or precedes/],
    ["untrimmed", () => [{ start: 0, end: 13, text: input.slice(0, 13) }, at(1), at(2)], /is not trimmed/],
    ["mis-sliced text", () => [{ ...at(0), text: "Leaders act!" }, at(1), at(2)], /expected text === input.slice/],
    ["empty span", () => [at(0), { start: 14, end: 14, text: "" }, at(1), at(2)], /empty or reversed/],
    ["out of bounds", () => [at(0), at(1), { ...at(2), end: 99 }], /out of bounds/],
  ])("%s", (_case, spans, message) => {
    expect(() => assertLosslessSpans(input, spans())).toThrow(message);
  });
  test("a bullet mark in a gap is refused when marks are not allowed", () => {
    expect(() => assertLosslessSpans(input, good, { allowBulletMarks: false })).toThrow(/"-" at 13 is in no span/);
  });
});
