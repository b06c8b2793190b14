/**
 * The hand-written CSV writer against papaparse's `unparse` (defaults, "\n" line ends), which
 * wrote the CSV before: the same text for any cells, adversarial ones in particular (quotes,
 * commas, CR/LF, spaces at either end, a BOM, formula-like starts, empty cells, any Unicode
 * including lone surrogates). Every row of the corpus's classification output is compared in
 * `scripts/cli/output.test.ts`.
 */
import { fc, test } from "@fast-check/vitest";
import Papa from "papaparse";
import { describe, expect } from "vitest";
import { csvCell, csvLine } from "./csv.ts";

/** Pieces that make CSV escaping go wrong. */
const NASTY = ['"', '""', ",", "\n", "\r", "\r\n", " ", "  ", "\t", "\ufeff", "=SUM(A1)", "+1", "-1", "@x", "'", "é", "\u0301", "😀", "\ud800", "\u2028", ";", "\\", ""];

const cell = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 4 })), { maxLength: 6 }).map((p) => p.join("")) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
);

const papa = (cells: string[]) => Papa.unparse([cells], { newline: "\n" });

describe("csvLine writes what Papa.unparse writes", () => {
  test.prop([fc.array(cell, { minLength: 1, maxLength: 8 })], { numRuns: 2000 })("any row of cells", (cells) => {
    expect(csvLine(cells)).toBe(papa(cells));
  });

  const cases: [string, string][] = [
    ["a quote inside", 'He said "no"'],
    ["a comma", "a, b"],
    ["a line feed", "one\ntwo"],
    ["a carriage return", "one\rtwo"],
    ["a leading space", " lead"],
    ["a trailing space", "trail "],
    ["a tab at either end (not quoted by papaparse)", "\ttab\t"],
    ["a byte-order mark", "\ufeffbom"],
    ["a formula (not escaped by papaparse's defaults)", "=HYPERLINK(\"x\")"],
    ["a plus sign formula", "+44 20"],
    ["empty", ""],
    ["only a space", " "],
    ["only a quote", '"'],
    ["unicode", "Zoë’s EHC plan — 😀"],
  ];
  for (const [name, value] of cases) {
    test(`${name}: ${JSON.stringify(value)}`, () => {
      expect(csvCell(value)).toBe(papa([value]));
      expect(csvLine(["x", value, "y"])).toBe(papa(["x", value, "y"]));
    });
  }
});
