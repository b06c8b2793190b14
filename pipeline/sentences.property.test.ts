/**
 * Property tests for the sentence and token stages: for any string, the stages never throw, spans
 * are lossless (`assertLosslessSpans`), results are deterministic, token offsets stay in bounds and
 * variant normalisation is idempotent. Plus one fixed-seed fuzz test of nasty input, as compromise's
 * `tests/three/fuzz.test.js`.
 */
import { readFileSync } from "node:fs";
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { splitSentences } from "./sentences.ts";
import { assertIdempotent, assertLosslessSpans, assertTokenOffsets } from "./testing/invariants.ts";
import { normaliseVariants, tokenize, tokenizeByRegex } from "./tokens.ts";
import { mulberry32 } from "./common/random.ts";

const LETTERS = ["city-of-london-2018", "medway-2017", "westminster-2020", "islington-2021"];

/** Pieces of the seed letters: their lines, and the clauses inside them. */
const FRAGMENTS: string[] = LETTERS.flatMap((id) => {
  const text = readFileSync(new URL(`../data/letters/${id}.txt`, import.meta.url), "utf8");
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  return [...lines.slice(0, 60), ...lines.flatMap((l) => l.split(/(?<=[.,;:])\s/)).slice(0, 400)];
});

/** Characters and strings that the splitter and tokenizer treat specially. */
const NOISE = [
  ".", "...", "…", "?", "!", ";", ":", ",", " ", "  ", "\n", "\n\n", "\r\n", "\t", "\u00a0",
  "\n- ", "- ", "\n  • ", "-", "•", "*", "–", "(", ")", "[", "]", "“", "”", "‘", "’", "'", "\"",
  "e.g.", "i.e.", "etc.", "Dr.", "Mr", "No.", "St.", "approx.", "a.m.", "4.00pm", "12.5%", "1.", "(a)", "iv)",
  "J.", "U.K.", "SEND", "EHC plan", "SENCos", "co-production", "well-being", "CAMHS", "ASD", "n't", "cannot", "not",
  "\u0000", "\ud800", "\udc00", "\u200f", "\u202e", "\ufeff", "\u2028", "é", "\u0301", "😀",
];

const letterish = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) }, { weight: 2, arbitrary: fc.constantFrom(...NOISE) }, { weight: 1, arbitrary: fc.string() }), { maxLength: 25 })
  .map((parts) => parts.join(""));

/**
 * Words that start, continue or resemble the variant phrases of tokens.ts, in any case, joined by
 * the characters the variant patterns care about: the scanner must try variants exactly where the
 * regex specification matches them.
 */
const VARIANT_WORDS = [
  "special", "educational", "needs", "and", "and/or", "disability", "disabilities", "information", "advice", "advisory", "support",
  "service", "services", "independent", "SEND", "SENDIASS", "SENDIAS", "IASS", "SENCo", "SENCOs", "SENcos", "SENDCo", "co", "ordinator",
  "coordinators", "education", "health", "care", "EHC", "EHCP", "EHCPs", "plan", "plans", "planning", "SEN", "child", "children", "children's",
  "adolescent", "mental", "CAMHS", "autism", "autistic", "spectrum", "disorder", "condition", "ASD", "ASC", "attention", "deficit",
  "hyperactivity", "ADHD", "parent", "parents", "carer", "carers", "forum", "PCF", "MPCF", "written", "statement", "statements", "of",
  "action", "WSOA", "production", "coproduction", "produced", "coproducing", "well", "being", "wellbeing", "designated", "medical",
  "clinical", "officer", "officers", "DMO", "DCO", "commissioning", "group", "groups", "CCG", "CCGs", "integrated", "board", "ICB",
  "general", "practitioner", "practitioners", "GP", "GPs", "national", "NHS", "quality", "commission", "CQC", "s", "x", "2", "é",
];
const caseOf = (w: string, c: number) => (c === 0 ? w : c === 1 ? w.toUpperCase() : c === 2 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1));
const variantish = fc
  .array(fc.tuple(fc.constantFrom(...VARIANT_WORDS), fc.integer({ min: 0, max: 3 }), fc.constantFrom(" ", " ", " ", "-", "‐", "'", "’", "(", ") ", ", ", "/", "  ", "\n", ".", "")), { maxLength: 14 })
  .map((parts) => parts.map(([w, c, sep]) => caseOf(w, c) + sep).join(""));

/** Any UTF-16 code unit, lone surrogates included (fast-check's units never produce those). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

const INPUTS = {
  "fc.string()": fc.string({ maxLength: 200 }),
  "full Unicode (unit: binary)": fc.string({ unit: "binary", maxLength: 200 }),
  "graphemes": fc.string({ unit: "grapheme", maxLength: 100 }),
  "UTF-16 code units": fc.string({ unit: codeUnit, maxLength: 200 }),
  "letter fragments plus noise": letterish,
  "variant phrases": variantish,
  // Where a word may go on past a run of ASCII letters and digits (the scanner's fast path stops there).
  "word joins": fc.string({ unit: fc.constantFrom("a", "B", "n", "t", "1", "9", "'", "’", "-", "‐", ".", ",", ":", " ", "é", "́", "s", "co"), maxLength: 60 }),
} as const;

describe.each(Object.entries(INPUTS))("%s", (_name, arbitrary) => {
  test.prop([arbitrary])("splitSentences is lossless", (s) => {
    assertLosslessSpans(s, splitSentences(s));
  });

  test.prop([arbitrary])("tokenize keeps offsets in bounds, for the text and each sentence", (s) => {
    assertTokenOffsets(s, tokenize(s));
    for (const span of splitSentences(s)) assertTokenOffsets(span.text, tokenize(span.text));
  });

  test.prop([arbitrary])("tokenize (scanner) gives exactly the tokens of its regex specification", (s) => {
    expect(tokenize(s)).toEqual(tokenizeByRegex(s));
  });

  test.prop([arbitrary])("normaliseVariants is idempotent", (s) => {
    assertIdempotent(normaliseVariants, s);
  });
});

/** The fuzz input is the same on every run and machine. */
const seeded = mulberry32;

const NASTY_PIECES = ["\u0000", "\ud83d", "\ude00", "\u200f", "\u202e", "\u2066", ".", "...", ". . .", "?!", "\n- ", "- ", "(", ")", "“", "”", "'", " ", "\n", "\r", "e.g.", "No.", "A. ", "1. ", "co-", "n't", "SEND"];

function nastyInputs(): string[] {
  const rnd = seeded(20240417);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const random: string[] = [];
  for (let i = 0; i < 60; i++) {
    const target = Math.floor(rnd() * 10_000);
    let s = "";
    while (s.length < target) s += rnd() < 0.3 ? pick(FRAGMENTS) : pick(NASTY_PIECES).repeat(1 + Math.floor(rnd() * 20));
    random.push(s);
  }
  return [
    "\u0000".repeat(10_000),
    ".".repeat(10_000),
    ". ".repeat(5_000),
    "...".repeat(3_000) + " A",
    "\ud800".repeat(5_000),
    "\udc00\ud800".repeat(3_000),
    "\u200f\u202eLeaders are ambitious.\u202c Plans are late.",
    "(".repeat(5_000) + ")".repeat(5_000),
    "(A. B. ".repeat(2_000),
    "- ".repeat(5_000),
    "\n- ".repeat(3_000),
    "\n\n".repeat(5_000),
    "a. ".repeat(3_000),
    "e.g. ".repeat(2_000),
    "A.".repeat(5_000) + " B",
    "x".repeat(10_000),
    "SEND ".repeat(2_000),
    "education, health and care ".repeat(400),
    "not ".repeat(2_500),
    ...random,
  ];
}

describe("fixed-seed fuzz of nasty input", () => {
  test("no stage throws; spans lossless, tokens in bounds and as specified, normalisation idempotent", () => {
    const inputs = nastyInputs();
    expect(inputs.length).toBeGreaterThan(70);
    for (const s of inputs) {
      const spans = splitSentences(s);
      assertLosslessSpans(s, spans);
      assertTokenOffsets(s, tokenize(s));
      expect(tokenize(s)).toEqual(tokenizeByRegex(s));
      assertIdempotent(normaliseVariants, s);
    }
  });

  test("a huge run of dots is one sentence; dots separated by spaces stay lossless", () => {
    expect(splitSentences(".".repeat(10_000))).toHaveLength(1);
    expect(splitSentences("\u0000".repeat(10))).toEqual([{ start: 0, end: 10, text: "\u0000".repeat(10) }]);
  });
});
