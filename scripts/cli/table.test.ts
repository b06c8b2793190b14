import { fc, test as prop } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { wrapText } from "./table.ts";

describe("wrapText", () => {
  test.each([
    // [text, width, lines]
    ["Leaders know the area well and act on it.", 16, ["Leaders know the", "area well and", "act on it."]],
    ["short", 80, ["short"]],
    ["", 10, [""]],
    // A word longer than the line (a URL in a finding) is cut, never allowed past the edge.
    ["see https://www.gov.uk/government/organisations/ofsted now", 12, ["see", "https://www.", "gov.uk/gover", "nment/organi", "sations/ofst", "ed now"]],
    // Runs of spaces and line breaks inside a sentence (PDF residue) are collapsed.
    ["a  b\n c", 80, ["a b c"]],
  ])("%j at %i", (text, width, lines) => {
    expect(wrapText(text, width)).toEqual(lines);
  });

  prop.prop([fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 120 })])("no line is wider than the width and no word is lost", (text, width) => {
    const lines = wrapText(text, width);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(width);
    const words = text.split(/\s+/).filter(Boolean).join("");
    expect(lines.join("").replace(/\s+/g, "")).toBe(words);
  });
});
