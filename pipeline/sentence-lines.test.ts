/**
 * The streaming sentence reader against what `classify --sentences` did before it streamed: the
 * whole input through `decodeText`, split on "\n", each line trimmed, empty lines dropped. For any
 * input under 8 kB cut into chunks anywhere (inside a UTF-8 sequence, between CR and LF), the
 * sentences are the same, and so is the error (code, message and line) of an input it refuses.
 * Larger inputs: the same sentences; errors further on name their absolute byte offset and line.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { InputError } from "./errors.ts";
import { decodeText } from "./ingest.ts";
import { MAX_SENTENCE_LINE_BYTES, SentenceLineDecoder } from "./sentence-lines.ts";

const EXPECTED = "a text file with one sentence per line";

type Outcome = { sentences: string[] } | { error: { code: string; message: string; line: number | undefined } };

function outcome(run: () => string[]): Outcome {
  try {
    return { sentences: run() };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { error: { code: e.code, message: e.message, line: e.line } };
  }
}

/** The reading before streaming. */
function whole(bytes: Uint8Array): Outcome {
  return outcome(() =>
    decodeText(bytes, "in.txt", EXPECTED)
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== ""),
  );
}

/** The streaming reader, fed `bytes` cut at `cuts`. */
function streamed(bytes: Uint8Array, cuts: readonly number[]): Outcome {
  return outcome(() => {
    const d = new SentenceLineDecoder("in.txt");
    const out: string[] = [];
    let at = 0;
    for (const c of [...cuts].sort((a, b) => a - b)) {
      out.push(...d.push(bytes.subarray(at, Math.max(at, c))));
      at = Math.max(at, c);
    }
    out.push(...d.push(bytes.subarray(at)));
    out.push(...d.end());
    expect(d.sentences).toBe(out.length);
    return out;
  });
}

const PIECES = [
  "Families wait too long.", "Leaders work well together.", " ", "  ", "\t", "\n", "\n\n", "\r", "\r\n", "\ufeff", "\u00a0",
  "\u2028", "é", "e\u0301", "\u0301", "’", "—", "😀", "Zoë", "\u000b", "\u0001", "\u007f", "SEND", "EHC plan",
];
const text = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 6 }) }), { maxLength: 60 }).map((p) => p.join(""));
const enc = new TextEncoder();

/** Valid UTF-8 mostly, sometimes with raw bytes spliced in (invalid sequences, NUL, UTF-16 BOMs, control bytes). */
const bytes = fc
  .tuple(text, fc.array(fc.tuple(fc.nat(), fc.constantFrom(0x00, 0x80, 0xc0, 0xc3, 0xe2, 0xed, 0xf0, 0xf4, 0xf5, 0xff, 0xfe, 0x01, 0x1b, 0x0d, 0x0a)), { maxLength: 3 }))
  .map(([t, inserts]) => {
    const b = [...enc.encode(t)];
    for (const [at, byte] of inserts) b.splice(b.length === 0 ? 0 : at % (b.length + 1), 0, byte);
    return Uint8Array.from(b);
  });
const cuts = fc.array(fc.nat({ max: 600 }), { maxLength: 8 });

describe("SentenceLineDecoder reads what decodeText + split read", () => {
  test.prop([bytes, cuts], { numRuns: 3000 })("any input under 8 kB, cut into chunks anywhere", (b, c) => {
    expect(streamed(b, c)).toEqual(whole(b));
  });

  test.prop([fc.array(text, { minLength: 50, maxLength: 120 }), fc.array(fc.nat({ max: 60_000 }), { maxLength: 12 })], { numRuns: 50 })(
    "valid inputs of tens of kilobytes, cut anywhere: the same sentences",
    (parts, c) => {
      const b = enc.encode(parts.join("\nA sentence that keeps the file long enough to pass the first 8 kB of checks.\n").repeat(4));
      expect(streamed(b, c)).toEqual(whole(b));
    },
  );

  test.prop([fc.constantFrom(1, 7, 64, 4096, 65_536)])("the seed-like case: CRLF lines, a BOM, a sentence split across chunks", (size) => {
    const b = enc.encode("\ufeffFirst sentence.\r\n\r\n  Second one, with “quotes”.  \rThird\u00a0one\n");
    const chunks: number[] = [];
    for (let i = size; i < b.length; i += size) chunks.push(i);
    expect(streamed(b, chunks)).toEqual({ sentences: ["First sentence.", "Second one, with “quotes”.", "Third\u00a0one"] });
  });
});

describe("SentenceLineDecoder on inputs of any size", () => {
  const line = enc.encode("Families wait too long for an assessment.\n");
  const big = (lines: number) => {
    const b = new Uint8Array(line.length * lines);
    for (let i = 0; i < lines; i++) b.set(line, i * line.length);
    return b;
  };

  test.prop([fc.constantFrom(1_000, 65_536, 1 << 20)])("a bad UTF-8 byte after the first chunks: its absolute byte offset and line", (chunk) => {
    const head = big(100_000);
    const b = new Uint8Array(head.length + 5);
    b.set(head);
    b.set([0x4f, 0x6b, 0xff, 0x2e, 0x0a], head.length);
    const cutsAt = Array.from({ length: Math.ceil(b.length / chunk) }, (_, i) => i * chunk);
    expect(streamed(b, cutsAt)).toEqual({ error: { code: "E_ENCODING", message: `invalid UTF-8 at byte ${head.length + 2}; save the file as UTF-8`, line: 100_001 } });
  });

  test("a NUL byte after the first 8 kB is binary, as decodeText says", () => {
    const b = big(1000);
    b[20_000] = 0;
    expect(streamed(b, [10_000, 19_999])).toEqual(whole(b));
  });

  test("a line longer than the limit is refused with its line number, without waiting for its end", () => {
    const d = new SentenceLineDecoder("-");
    const seen = d.push(enc.encode("One.\nTwo.\n"));
    const long = new Uint8Array(MAX_SENTENCE_LINE_BYTES / 4).fill(0x61);
    const err = (() => {
      try {
        for (let i = 0; i < 5; i++) seen.push(...d.push(long));
      } catch (e) {
        return e as InputError;
      }
      return null;
    })();
    expect(seen).toEqual(["One.", "Two."]);
    expect(err).toMatchObject({ code: "E_TOO_LARGE", file: "-", line: 3 });
  });

  test("a line just under the limit is a sentence", () => {
    const b = new Uint8Array(MAX_SENTENCE_LINE_BYTES - 1).fill(0x61);
    const out = streamed(b, [8192, 500_000]);
    expect("sentences" in out && out.sentences[0]!.length).toBe(MAX_SENTENCE_LINE_BYTES - 1);
  });
});
