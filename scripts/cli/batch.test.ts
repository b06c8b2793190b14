import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { expandInputs, Progress } from "./batch.ts";
import type { Io } from "./types.ts";

describe("expandInputs", () => {
  const dir = mkdtempSync(join(tmpdir(), "sf-batch-"));
  for (const f of ["b.txt", "a.PDF", "c.pdf", "notes.md", "d.docx"]) writeFileSync(join(dir, f), "x");
  mkdirSync(join(dir, "sub.txt")); // a folder named like a letter is not a letter
  writeFileSync(join(dir, "sub.txt", "inner.txt"), "x");
  const empty = mkdtempSync(join(tmpdir(), "sf-batch-empty-"));
  writeFileSync(join(empty, "README.md"), "x");

  test("a folder stands for its .pdf and .txt files, sorted by name, not its sub-folders", () => {
    expect(expandInputs([dir])).toEqual(["a.PDF", "b.txt", "c.pdf"].map((f) => join(dir, f)));
  });
  test("files and standard input stay as given, in order; a path named twice is read once", () => {
    const b = join(dir, "b.txt");
    expect(expandInputs([b, "-", dir, b])).toEqual([b, "-", join(dir, "a.PDF"), join(dir, "c.pdf")]);
  });
  test("a missing path is kept for the reader to report", () => {
    expect(expandInputs([join(dir, "nope.txt")])).toEqual([join(dir, "nope.txt")]);
  });
  test("a folder with no letters is an error naming it", () => {
    expect(() => expandInputs([empty])).toThrow(expect.objectContaining({ code: "E_IS_DIRECTORY", file: empty }));
  });
});

/** An Io whose clock moves `tick` ms each time it is read. */
function fakeIo(tty: boolean, tick: number): Io & { err: string } {
  let t = 0;
  const io = { err: "", stdout: () => {}, stderr: (c: string) => void (io.err += c), readStdin: async () => Buffer.alloc(0), stderrIsTTY: tty, now: () => (t += tick) };
  return io;
}

describe("Progress", () => {
  test("work under a second shows nothing but its warnings", () => {
    const io = fakeIo(false, 10);
    const p = new Progress(io, false, 3);
    p.step(0, "a.txt", "10 sentences");
    p.note("send-findings: a.txt: warning: odd");
    p.step(1, "b.txt", "12 sentences");
    p.finish();
    expect(p.wasShown).toBe(false);
    expect(io.err).toBe("send-findings: a.txt: warning: odd\n");
  });

  test("not a terminal: one line per document once past a second, earlier ones included, warnings in order", () => {
    const io = fakeIo(false, 400);
    const p = new Progress(io, false, 3);
    p.step(0, "a.txt", "10 sentences");
    p.note("send-findings: b.txt: warning: odd");
    p.step(1, "b.txt", "12 sentences");
    p.step(2, "c.pdf", "9 sentences");
    p.finish();
    expect(p.wasShown).toBe(true);
    expect(io.err.split("\n")).toEqual([
      "send-findings: [1/3] a.txt: 10 sentences",
      "send-findings: b.txt: warning: odd",
      "send-findings: [2/3] b.txt: 12 sentences",
      "send-findings: [3/3] c.pdf: 9 sentences",
      "",
    ]);
  });

  test("a terminal: a counter rewritten in place, cleared at the end; warnings on lines of their own", () => {
    const io = fakeIo(true, 1000);
    const p = new Progress(io, false, 2);
    p.step(0, "a.txt", "10 sentences");
    p.note("send-findings: a.txt: warning: odd");
    p.step(1, "b.txt", "12 sentences");
    p.finish();
    expect(io.err).toContain("\r\x1b[Ksend-findings: 1/2 documents (a.txt)");
    expect(io.err).toContain("\r\x1b[Ksend-findings: a.txt: warning: odd\n");
    expect(io.err.endsWith("send-findings: 2/2 documents (b.txt)\r\x1b[K")).toBe(true);
  });

  test("--quiet: nothing, except lines marked always (a skipped file)", () => {
    const io = fakeIo(false, 5000);
    const p = new Progress(io, true, 2);
    p.step(0, "a.txt", "10 sentences");
    p.note("send-findings: a.txt: warning: odd");
    p.note("send-findings: b.txt: no such file (skipped)", true);
    p.finish();
    expect(io.err).toBe("send-findings: b.txt: no such file (skipped)\n");
  });
});
