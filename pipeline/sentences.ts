/**
 * Finding text → sentences. A chain of small pure steps, in this order (order matters, as in
 * compromise's `01-simple-split` … `05-parens-merge`):
 *
 *   1. `splitBlocks`       hard boundaries: sub-bullet lines, numbered lines, blank lines, a line
 *                          that ends in ':' or ';'. Bullet marks ("- ") stay in the gap.
 *   2. `findCandidates`    every run of . ! ? … (plus closing quotes or brackets) followed by white
 *                          space: a place where a sentence may end.
 *   3. `isSentenceEnd`     keeps a candidate unless it sits inside brackets or curly quotes, the next
 *                          word is lower case, the word before is an abbreviation ("e.g.", "Dr.",
 *                          "No. 170041", an initial), or the sentence so far is only a list number.
 *   4. `trimmedSpan`       cuts the block at the kept candidates; spans lose their white space.
 *
 * Lossless by construction: cuts only move white space and bullet marks into gaps, never text, so
 * `text.slice(s.start, s.end) === s.text` and every other character of a finding is white space or
 * a bullet mark at a line start (checked by `assertLosslessSpans` in `testing/invariants.ts`).
 *
 * Hot path: one pass over char codes per step, no regular expression per character and no NLP
 * library. `npx tsx scripts/bench/compare-splitters.ts` (seed letters, 229 findings): 0.5–1.2 ms per 100
 * findings and 42/42 hard cases right; natural's SentenceTokenizer 2.6–3.7 ms and 20/42 (28/42 with
 * an abbreviation list); compromise 300–650 ms and 34/42. compromise is far too slow to run for
 * every finding of every letter (see the comment in tokens.ts for where it does earn its place).
 */

/** A sentence of a finding: `text === input.slice(start, end)`, trimmed, never empty. */
export interface Span {
  start: number;
  end: number;
  text: string;
}

/** A stretch of the input that no sentence crosses: `[start, end)`. */
interface Block {
  start: number;
  end: number;
}

/** A place where a sentence may end: the terminal run starts at `mark`, the cut falls at `cut`. */
interface Candidate {
  mark: number;
  cut: number;
}

/**
 * Splits a finding's text into sentences. Spans are trimmed, non-overlapping and strictly
 * increasing; `text === input.slice(start, end)`; every character outside the spans is white space
 * or a bullet mark ("- ", "• ", "■ " …) at the start of a line. A sub-bullet list gives one sentence
 * for its lead-in and one per sub-bullet, starting after the mark (codebook: one sentence per
 * sub-bullet). Never throws; any string is accepted.
 *
 * @example
 * splitSentences("Leaders should focus on:\n- the quality of EHC plans\n- waiting times.")
 * // [{ start: 0, end: 24, text: "Leaders should focus on:" },
 * //  { start: 27, end: 51, text: "the quality of EHC plans" },
 * //  { start: 54, end: 68, text: "waiting times." }]
 * @example
 * splitSentences("The library closes at 4.00pm, e.g. on Fridays. Dr. Patel agreed.").map((s) => s.text)
 * // ["The library closes at 4.00pm, e.g. on Fridays.", "Dr. Patel agreed."]
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  for (const block of splitBlocks(text)) {
    let from = block.start;
    for (const c of findCandidates(text, block)) {
      if (!isSentenceEnd(text, block, from, c)) continue;
      pushTrimmed(spans, text, from, c.cut);
      from = c.cut;
    }
    pushTrimmed(spans, text, from, block.end);
  }
  return spans;
}

// ── character classes ──────────────────────────────────────────────────────────────────────────

/** Exactly JavaScript's `\s`, so "white space" means the same here, in `trim()` and in the tests. */
function isWhiteSpaceCode(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function isLineBreakCode(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

/**
 * Bullet marks seen in the letters and reports (`-`, `■`, `◼`, `•`, `▪`, `●`, `*`, `–`, `·` and the
 * Symbol-font bullets U+F0B7/U+F0A7), the same set `structure.ts` strips from findings.
 */
const BULLET_MARKS = new Set([0x2d, 0x25a0, 0x25fc, 0x2022, 0x25aa, 0x25cf, 0x2a, 0x2013, 0xb7, 0xf0b7, 0xf0a7]);

/**
 * Whether `text[i]` is a bullet mark: a mark at a line start (after optional white space) that is
 * followed by white space other than a line break. `invariants.ts` states the same rule.
 *
 * @example
 * isBulletMarkAt("Leaders should:\n- act", 16) // true
 * isBulletMarkAt("Waits - for some - are long", 6) // false (not at a line start)
 */
export function isBulletMarkAt(text: string, i: number): boolean {
  if (!BULLET_MARKS.has(text.charCodeAt(i))) return false;
  const next = text.charCodeAt(i + 1);
  if (!isWhiteSpaceCode(next) || isLineBreakCode(next)) return false;
  for (let j = i - 1; j >= 0; j--) {
    const c = text.charCodeAt(j);
    if (isLineBreakCode(c)) return true;
    if (!isWhiteSpaceCode(c)) return false;
  }
  return true;
}

const DOT = 0x2e;
/** `.` `!` `?` `…` (a run of them ends a sentence as one). */
function isTerminalCode(c: number): boolean {
  return c === DOT || c === 0x21 || c === 0x3f || c === 0x2026;
}

/** Closing quotes and brackets that belong to the sentence they follow ("transformed.' This"). */
function isCloserCode(c: number): boolean {
  return c === 0x27 || c === 0x22 || c === 0x2019 || c === 0x201d || c === 0x29 || c === 0x5d || c === 0x7d || c === 0xbb;
}

/** The closer that pairs with an opener `( [ { “`, or -1 (a switch: this runs for every character). */
function closerOf(c: number): number {
  switch (c) {
    case 0x28:
      return 0x29;
    case 0x5b:
      return 0x5d;
    case 0x7b:
      return 0x7d;
    case 0x201c:
      return 0x201d;
    default:
      return -1;
  }
}

function isLowerAt(text: string, i: number): boolean {
  const ch = text[i];
  return ch !== undefined && ch !== ch.toUpperCase() && ch === ch.toLowerCase();
}

function isDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAsciiLetterCode(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

// ── step 1: blocks ─────────────────────────────────────────────────────────────────────────────

/** A line that opens a numbered item: "1. ", "2) ", "(a) ", "(iv) ". The number stays in the span. */
const NUMBERED_LINE = /^[ \t]*(?:\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})\)|\d{1,3}\.)[ \t]/;

/**
 * Step 1. Cuts the text into blocks that no sentence crosses. A line is a new block when it starts
 * with a bullet mark (the block starts after the mark) or a number, when a blank line comes before
 * it, or when the line before ends in ':' (a lead-in) or ';' (a list item, Medway 2017). Any other
 * line break is a wrapped line and only white space.
 */
function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let open: Block | null = null;
  let lineStart = 0;
  let prevLast = -1; // code of the last non-space character of the previous non-blank line
  let blankBefore = false;
  while (lineStart <= text.length) {
    let lineEnd = lineStart;
    while (lineEnd < text.length && !isLineBreakCode(text.charCodeAt(lineEnd))) lineEnd++;
    let first = lineStart;
    while (first < lineEnd && isWhiteSpaceCode(text.charCodeAt(first))) first++;
    if (first === lineEnd) {
      blankBefore = true;
    } else {
      let contentStart = first;
      let hard = blankBefore || prevLast === 0x3a || prevLast === 0x3b; // ':' ';'
      if (isBulletMarkAt(text, first)) {
        hard = true;
        contentStart = first + 1;
        while (contentStart < lineEnd && isWhiteSpaceCode(text.charCodeAt(contentStart))) contentStart++;
      } else if (open !== null && NUMBERED_LINE.test(text.slice(lineStart, Math.min(lineEnd, lineStart + 12)))) {
        hard = true;
      }
      let last = lineEnd;
      while (last > first && isWhiteSpaceCode(text.charCodeAt(last - 1))) last--;
      if (open === null || hard) {
        if (open !== null) blocks.push(open);
        open = { start: contentStart, end: Math.max(last, contentStart) };
      } else {
        open.end = last;
      }
      // A mark-only line ("- ") has no content: it opens an empty block and ends nothing.
      prevLast = last > contentStart ? text.charCodeAt(last - 1) : -1;
      blankBefore = false;
    }
    // "\r\n" is one line break, not a blank line between two breaks.
    lineStart = text.charCodeAt(lineEnd) === 0x0d && text.charCodeAt(lineEnd + 1) === 0x0a ? lineEnd + 2 : lineEnd + 1;
  }
  if (open !== null) blocks.push(open);
  return blocks;
}

// ── step 2: candidates ─────────────────────────────────────────────────────────────────────────

/**
 * Step 2. Every run of terminal punctuation, with the closing quotes and brackets after it, that is
 * followed by white space. Decimals ("12.5%", "4.00pm") and URLs never qualify, because no space
 * follows their dots. Each candidate also records whether the cut would fall inside a matched pair
 * of brackets or curly quotes (see `bracketDepths`).
 */
function findCandidates(text: string, block: Block): (Candidate & { depth: number })[] {
  const out: (Candidate & { depth: number })[] = [];
  // Most findings have no brackets: the depth pass runs only once an opener has been seen.
  let depthAt: ((p: number) => number) | null = null;
  let i = block.start;
  while (i < block.end) {
    const c = text.charCodeAt(i);
    if (!isTerminalCode(c)) {
      if (depthAt === null && closerOf(c) !== -1) depthAt = bracketDepths(text, block);
      i++;
      continue;
    }
    const mark = i;
    while (i < block.end && isTerminalCode(text.charCodeAt(i))) i++;
    while (i < block.end && isCloserCode(text.charCodeAt(i))) i++;
    if (i < block.end && isWhiteSpaceCode(text.charCodeAt(i))) out.push({ mark, cut: i, depth: depthAt === null ? 0 : depthAt(i) });
  }
  return out;
}

/**
 * How many matched bracket pairs a cut at position `p` would break. Only pairs that close inside the
 * block count, so one stray "(" cannot swallow the rest of a finding. Straight quotes and ’ are left
 * out: they double as apostrophes, so pairs cannot be told from them.
 */
function bracketDepths(text: string, block: Block): (p: number) => number {
  let delta: Int32Array | null = null;
  const stack: number[] = [];
  for (let i = block.start; i < block.end; i++) {
    const c = text.charCodeAt(i);
    if (closerOf(c) !== -1) {
      stack.push(i);
    } else if (stack.length > 0 && closerOf(text.charCodeAt(stack[stack.length - 1]!)) === c) {
      const open = stack.pop()!;
      delta ??= new Int32Array(block.end - block.start + 2);
      delta[open + 1 - block.start]! += 1;
      delta[i + 1 - block.start]! -= 1;
    }
  }
  if (delta === null) return () => 0;
  const d = delta;
  // Candidates are asked for in increasing order, so the prefix sum runs forward once.
  let upTo = 0;
  let depth = 0;
  return (p: number) => {
    const k = p - block.start;
    while (upTo <= k) depth += d[upTo++]!;
    return depth;
  };
}

// ── step 3: which candidates end a sentence ────────────────────────────────────────────────────

/** Never end a sentence: "e.g. Hackney Ark", "i.e. CAMHS", "approx. 20", "cf.", "viz.", "vs.". */
const NEVER_FINAL = new Set(["e.g", "i.e", "eg", "ie", "viz", "cf", "approx", "incl", "vs", "ca"]);
/** Titles before a name ("Dr. Patel", "Mrs. Jones", "St. Mary's"); must be capitalised. */
const TITLES = new Set(["Dr", "Mr", "Mrs", "Ms", "Mx", "Prof", "St", "Cllr", "Rev", "Revd", "Hon", "Sr", "Jr", "Capt"]);
/** Only before a number: "No. 170041", "para. 3", "Sept. 2019", "p. 12". */
const BEFORE_NUMBER = new Set([
  "no", "nos", "para", "paras", "fig", "ref", "vol", "p", "pp", "tel", "ch", "sec", "art", "reg", "item",
  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
]);

/**
 * Step 3. Whether a candidate really ends a sentence. Rules, first match wins:
 *   - inside a matched bracket or curly-quote pair → no ("(... for them all.) This" cuts after ')');
 *   - next character is lower case or , ; : → no ("etc. and", "p.m. on", "'what next?' she asked");
 *   - a single '.' after an abbreviation: "e.g."/"i.e."/"approx." never end a sentence, titles do
 *     not end one before a name, "No."/"para." not before a number, a lone capital ("J. Smith")
 *     not before a capital;
 *   - the sentence so far is only a list number ("1.", "(b).") → no;
 *   - otherwise yes, including after an upper-case abbreviation such as "CCG." or "SEND.".
 */
function isSentenceEnd(text: string, block: Block, from: number, c: Candidate & { depth: number }): boolean {
  if (c.depth > 0) return false;
  let next = c.cut;
  while (next < block.end && isWhiteSpaceCode(text.charCodeAt(next))) next++;
  if (next >= block.end) return true;
  const nextCode = text.charCodeAt(next);
  if (isLowerAt(text, next) || nextCode === 0x2c || nextCode === 0x3b || nextCode === 0x3a) return false;
  if (c.cut - c.mark === 1 && text.charCodeAt(c.mark) === DOT && isAbbreviationBefore(text, from, c.mark, next)) return false;
  if (isListNumber(text, from, c.mark)) return false;
  return true;
}

/** The dotted word that ends at `dot` ("e.g", "Dr", "No", "J", "U.K"), or "" when there is none. */
function wordBefore(text: string, from: number, dot: number): string {
  let s = dot;
  while (s > from && (isAsciiLetterCode(text.charCodeAt(s - 1)) || (text.charCodeAt(s - 1) === DOT && s - 1 > from && isAsciiLetterCode(text.charCodeAt(s - 2))))) s--;
  // A word glued to a digit ("1st", "4pm") is not an abbreviation of ours.
  if (s > from && isDigitCode(text.charCodeAt(s - 1))) return "";
  return text.slice(s, dot);
}

function isAbbreviationBefore(text: string, from: number, dot: number, next: number): boolean {
  const word = wordBefore(text, from, dot);
  if (word === "") return false;
  const lower = word.toLowerCase();
  if (NEVER_FINAL.has(lower)) return true;
  const nextIsDigit = isDigitCode(text.charCodeAt(next));
  if (BEFORE_NUMBER.has(lower) && nextIsDigit) return true;
  if (TITLES.has(word)) return !nextIsDigit;
  // "Mr J. Smith": one capital letter that is not the tail of a dotted acronym ("U.K.").
  return word.length === 1 && word >= "A" && word <= "Z" && !nextIsDigit;
}

/** "1", "2)", "(b)", "iv": the whole sentence so far is a list number, as in "1. Leaders should…". */
const LIST_NUMBER = /^\(?(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})\)?$/;

function isListNumber(text: string, from: number, mark: number): boolean {
  let s = from;
  while (s < mark && isWhiteSpaceCode(text.charCodeAt(s))) s++;
  return mark - s <= 6 && LIST_NUMBER.test(text.slice(s, mark));
}

// ── step 4: trimmed spans ──────────────────────────────────────────────────────────────────────

/** Step 4. Adds `[from, to)` without its leading and trailing white space, if anything is left. */
function pushTrimmed(spans: Span[], text: string, from: number, to: number): void {
  let s = from;
  let e = to;
  while (s < e && isWhiteSpaceCode(text.charCodeAt(s))) s++;
  while (e > s && isWhiteSpaceCode(text.charCodeAt(e - 1))) e--;
  if (e > s) spans.push({ start: s, end: e, text: text.slice(s, e) });
}
