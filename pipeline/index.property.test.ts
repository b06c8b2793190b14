import { fc, test } from "@fast-check/vitest";
import { readFileSync } from "node:fs";
import { describe, expect } from "vitest";
import { parseLetter } from "./index.ts";
import { LetterDocumentSchema } from "./schema.ts";
import { assertLosslessSpans } from "./testing/invariants.ts";
import { stripResidue } from "./lines.ts";

const westminster = readFileSync(new URL("../data/letters/westminster-2020.txt", import.meta.url), "utf8");
const fragments = westminster.split("\n");

/** Real letter lines, shuffled, duplicated, dropped and mixed with noise: mutated letters. */
const mutatedLetter = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...fragments) },
      { weight: 1, arbitrary: fc.string() },
      { weight: 1, arbitrary: fc.constantFrom("", "\f", "■ ", "- ", "  - ", "**", "<sup>1</sup>", "####", "Strengths", "Areas for development", "Main findings", "Yours sincerely") },
    ),
    { maxLength: 120 },
  )
  .map((lines) => lines.join("\n"));

function checkDocument(text: string): void {
  const doc = parseLetter(text, { letter_id: "x", source: "x.txt" });
  LetterDocumentSchema.parse(doc);
  for (const f of doc.findings) {
    assertLosslessSpans(f.text, f.sentences);
    f.sentences.forEach((s, i) => expect(s.sentence_index).toBe(i));
  }
}

describe("the reader on arbitrary and mutated input", () => {
  test.prop([fc.string({ maxLength: 2000 })])("never throws; schema-valid; sentence offsets rebuild each finding", checkDocument);
  test.prop([fc.string({ unit: "binary", maxLength: 500 })])("full Unicode, lone surrogates included", checkDocument);
  test.prop([mutatedLetter], { numRuns: 150 })("mutated letters", checkDocument);
  test.prop([fc.string({ maxLength: 300 })])("residue stripping is idempotent", (line) => {
    expect(stripResidue(stripResidue(line))).toBe(stripResidue(line));
  });
});

describe("fixed-seed fuzz of nasty input", () => {
  const nasty = [
    "\u0000".repeat(50),
    "Main findings\n\n- " + ".".repeat(10_000),
    "Main findings\n\n- \ud800 lone surrogate. \u202eRTL override. Done.",
    "Main findings\n" + "- a\n\n".repeat(2000),
    "Area SEND inspection of X Local Area Partnership\n\nWhat is it like to be a child or young person with SEND in this area?\n\n" + "Word ".repeat(20_000),
  ];
  test.each(nasty.map((t, i) => [i, t] as const))("case %i", (_i, text) => checkDocument(text));
});
