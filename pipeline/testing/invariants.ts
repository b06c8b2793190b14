/**
 * Invariant checkers shared by unit, golden and property tests (wink-nlp keeps its in
 * `test/utilities/`). Each one throws an `Error` whose one-line message names the broken rule and
 * shows the offending slice, so a fast-check counterexample reads at a glance. They are written
 * from the contract, not from the implementation: `isBulletMarkAt` below restates the rule on
 * purpose instead of importing the splitter's own.
 */

/** Anything with offsets into an input string: sentence spans, findings, tokens. */
export interface OffsetSpan {
  start: number;
  end: number;
  text: string;
}

export interface LosslessOptions {
  /**
   * Whether a bullet mark at a line start may sit in a gap (default true). Sentences of a finding
   * leave their sub-bullet marks in the gap (codebook: the sentence starts after "- ").
   */
  allowBulletMarks?: boolean;
}

const BULLET_MARKS = "-■◼•▪●*–·\uf0b7\uf0a7";
const LINE_BREAK = /[\n\r\u2028\u2029]/;
const WHITE = /\s/;

/**
 * Whether `input[i]` is a bullet mark in the sense of the sentence contract: one of the marks
 * `structure.ts` knows, preceded on its line only by white space, and followed by white space
 * that is not a line break.
 *
 * @example
 * isBulletMarkAt("Leaders should:\n  • act", 18) // true
 * isBulletMarkAt("-a", 0) // false (no space after the mark)
 */
export function isBulletMarkAt(input: string, i: number): boolean {
  const ch = input[i];
  const next = input[i + 1];
  if (ch === undefined || !BULLET_MARKS.includes(ch) || next === undefined || !WHITE.test(next) || LINE_BREAK.test(next)) return false;
  for (let j = i - 1; j >= 0; j--) {
    const c = input[j]!;
    if (LINE_BREAK.test(c)) return true;
    if (!WHITE.test(c)) return false;
  }
  return true;
}

function show(s: string, max = 60): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}

/**
 * Throws unless `spans` cover `input` losslessly: each span is non-empty, in bounds, has
 * `text === input.slice(start, end)`, has no leading or trailing white space, starts after the
 * previous one ends, and every character outside all spans is white space (or, by default, a
 * bullet mark at a line start). So the input is rebuilt from the spans plus the gaps.
 *
 * @example
 * assertLosslessSpans("A. B.", [{ start: 0, end: 2, text: "A." }, { start: 3, end: 5, text: "B." }]) // ok
 * assertLosslessSpans("A. B.", [{ start: 0, end: 2, text: "A." }])
 * // throws "assertLosslessSpans: non-space character "B" at 3 is in no span; …"
 */
export function assertLosslessSpans(input: string, spans: readonly OffsetSpan[], opts: LosslessOptions = {}): void {
  const allowMarks = opts.allowBulletMarks ?? true;
  const fail = (what: string): never => {
    throw new Error(`assertLosslessSpans: ${what}; input ${show(input)} (length ${input.length})`);
  };
  // First each span on its own and its order, then the gaps, so a misordered list is reported as
  // misordered rather than as a character missing from the gap it opened.
  let prevEnd = 0;
  spans.forEach((s, k) => {
    const where = `span ${k} [${s.start}, ${s.end})`;
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end)) fail(`${where} has non-integer offsets; expected integers`);
    if (s.start < 0 || s.end > input.length) fail(`${where} is out of bounds; expected 0 <= start and end <= ${input.length}`);
    if (s.end <= s.start) fail(`${where} is empty or reversed; expected start < end`);
    if (s.start < prevEnd) fail(`${where} overlaps or precedes the span before it (which ends at ${prevEnd}); expected strictly increasing, disjoint spans`);
    const slice = input.slice(s.start, s.end);
    if (slice !== s.text) fail(`${where} has text ${show(s.text)} but the input there is ${show(slice)}; expected text === input.slice(start, end)`);
    if (WHITE.test(slice[0]!) || WHITE.test(slice[slice.length - 1]!)) fail(`${where} ${show(slice)} is not trimmed; expected no leading or trailing white space`);
    prevEnd = s.end;
  });
  let from = 0;
  for (const s of [...spans, { start: input.length, end: input.length }]) {
    for (let i = from; i < s.start; i++) {
      const ch = input[i]!;
      if (WHITE.test(ch) || (allowMarks && isBulletMarkAt(input, i))) continue;
      fail(`non-space character ${JSON.stringify(ch)} at ${i} is in no span; expected every non-space character in exactly one span`);
    }
    from = s.end;
  }
}

/**
 * Throws unless tokens lie inside `input` in order without overlapping, each non-empty with
 * `text === input.slice(start, end)`.
 *
 * @example assertTokenOffsets("No plan", tokenize("No plan")) // ok
 */
export function assertTokenOffsets(input: string, tokens: readonly OffsetSpan[]): void {
  let prevEnd = 0;
  tokens.forEach((t, k) => {
    const where = `token ${k} [${t.start}, ${t.end})`;
    const fail = (what: string): never => {
      throw new Error(`assertTokenOffsets: ${where} ${what}; input ${show(input)} (length ${input.length})`);
    };
    if (!Number.isInteger(t.start) || !Number.isInteger(t.end)) fail("has non-integer offsets; expected integers");
    if (t.start < 0 || t.end > input.length || t.end <= t.start) fail(`is empty or out of bounds; expected 0 <= start < end <= ${input.length}`);
    if (t.start < prevEnd) fail(`overlaps the token before it (ends at ${prevEnd}); expected increasing, disjoint tokens`);
    if (input.slice(t.start, t.end) !== t.text) fail(`has text ${show(t.text)} but the input there is ${show(input.slice(t.start, t.end))}; expected text === input.slice(start, end)`);
    prevEnd = t.end;
  });
}

/**
 * Throws unless `fn(fn(input)) === fn(input)`.
 *
 * @example assertIdempotent(normaliseVariants, "EHC plans and SENCos") // ok
 */
export function assertIdempotent(fn: (s: string) => string, input: string): void {
  const once = fn(input);
  const twice = fn(once);
  if (twice !== once) {
    throw new Error(`assertIdempotent: ${fn.name || "fn"} changed its own output ${show(once)} to ${show(twice)}; input ${show(input)}; expected fn(fn(x)) === fn(x)`);
  }
}

