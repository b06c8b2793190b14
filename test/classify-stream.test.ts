/**
 * `classify --sentences FILE|-` streams (issue 17): the rows are those of classifying every line
 * at once, numbered across the whole input, whatever the chunks the input arrives in; a file over
 * the old 10 MiB limit is classified; bad input further on stops the run with one line, after the
 * rows before it (standard output) or with nothing changed (--out); and through the real bin, input
 * that never ends is read only as fast as the reader of the output takes the rows.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { classifySentences } from "../models/classify.ts";
import { mulberry32 } from "../pipeline/common/random.ts";
import { parseLetter } from "../pipeline/index.ts";
import { loadDocumentList } from "../pipeline/labels/corpus.ts";
import { sentenceRecords } from "../pipeline/schema.ts";
import { openModel } from "../scripts/cli/inputs.ts";
import { main } from "../scripts/cli/main.ts";
import { PARALLEL_FROM, PARALLEL_FROM_BYTES } from "../scripts/cli/sentence-pool.ts";
import { csvFormatter, jsonlFormatter, withDocument } from "../scripts/cli/output.ts";
import { noDocumentFields } from "../pipeline/document-fields.ts";
import Papa from "papaparse";
import type { Io } from "../scripts/cli/types.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const tmp = () => mkdtempSync(join(tmpdir(), "sf-stream-"));

/** The seed letters' sentences, one per line (with a few lines that need trimming or are blank). */
const seedLines = loadDocumentList()
  .documents.filter((d): d is { letter_id: string; path: string } => "path" in d)
  .flatMap((d) => sentenceRecords(parseLetter(readFileSync(join(ROOT, d.path), "utf8"), { letter_id: d.letter_id })).map((s) => s.text));
const seedText = seedLines.map((s, i) => (i % 50 === 0 ? `  ${s}\r\n\n` : `${s}\n`)).join("");

/** An Io whose standard input arrives in chunks of random sizes (seeded), as a pipe delivers it. */
function chunkedIo(input: Uint8Array, seed: number): Io & { out: string; err: string } {
  const rand = mulberry32(seed);
  const r = {
    out: "",
    err: "",
    stdout: (c: string) => void (r.out += c),
    stderr: (c: string) => void (r.err += c),
    readStdin: async () => Buffer.from(input),
    stdinChunks: async function* () {
      for (let at = 0; at < input.length; ) {
        const n = 1 + Math.floor(rand() * 40_000);
        yield input.subarray(at, at + n);
        at += n;
      }
    },
  };
  return r;
}

function wholeIo(stdin = ""): Io & { out: string; err: string } {
  const r = { out: "", err: "", stdout: (c: string) => void (r.out += c), stderr: (c: string) => void (r.err += c), readStdin: async () => Buffer.from(stdin) };
  return r;
}

describe("classify --sentences streams", () => {
  const cm = openModel(undefined);
  const lines = seedText.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const input = new TextEncoder().encode(seedText.repeat(6));
  const all = Array.from({ length: 6 }, () => lines).flat();

  test("rows for chunks of any size are the rows of classifying every line at once, numbered 0…n-1", async () => {
    const expected = csvFormatter(false).start() + csvFormatter(false).rows(withDocument(noDocumentFields("-"), classifySentences(cm, all, "sentences")));
    for (const seed of [1, 2]) {
      const io = chunkedIo(input, seed);
      expect(await main(["classify", "--sentences", "-"], io)).toBe(0);
      expect(io.out).toBe(expected);
    }
    const whole = wholeIo(Buffer.from(input).toString("utf8"));
    expect(await main(["classify", "--sentences", "-"], whole)).toBe(0);
    expect(whole.out).toBe(expected);
    const indexes = Papa.parse<Record<string, string>>(expected, { header: true, skipEmptyLines: true }).data.map((r) => Number(r.sentence_index));
    expect(indexes).toEqual(all.map((_, i) => i));
  });

  test("jsonl and --explain stream the same rows", async () => {
    const io = chunkedIo(input.subarray(0, 40_000), 3);
    expect(await main(["classify", "--sentences", "-", "--format", "jsonl", "--explain"], io)).toBe(0);
    const text = Buffer.from(input.subarray(0, 40_000)).toString("utf8");
    const some = text.split("\n").map((l) => l.trim()).filter((l) => l !== "");
    expect(io.out).toBe(jsonlFormatter().rows(withDocument(noDocumentFields("-"), classifySentences(cm, some, "sentences", { explain: true }))));
  });

  test("a file over the old 10 MiB limit is classified, row for row", async () => {
    const d = tmp();
    const f = join(d, "big.txt");
    const copies = Math.ceil((11 * 1024 * 1024) / Buffer.byteLength(seedText));
    writeFileSync(f, seedText.repeat(copies));
    const io = wholeIo();
    expect(await main(["classify", "--sentences", f, "--out", join(d, "out.csv")], io)).toBe(0);
    const out = readFileSync(join(d, "out.csv"), "utf8");
    expect(out.split("\n").length - 2).toBe(lines.length * copies);
    expect(out.endsWith(`\n`)).toBe(true);
  });

  test.each([["one thread", []], ["two threads", ["--jobs", "2"]]])("bad UTF-8 past the first megabyte (%s): the rows before it on standard output, then one line naming the line", async (_name, jobs) => {
    const good = Buffer.from(seedText.repeat(20));
    const bad = Buffer.concat([good, Buffer.from([0x41, 0xff, 0x0a]), good]);
    const io = chunkedIo(bad, 4);
    expect(await main(["classify", "--sentences", "-", ...jobs], io)).toBe(1);
    const goodLines = good.toString("utf8").split("\n").length;
    expect(io.err).toBe(`send-findings: -:${goodLines}: invalid UTF-8 at byte ${good.length + 1}; save the file as UTF-8\n`);
    const rows = io.out.split("\n").slice(1, -1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(lines.length * 20);
    expect(io.out.endsWith("\n")).toBe(true);
  });

  test("with --out, bad input further on changes nothing: the old file stays, no temporary file is left", async () => {
    const d = tmp();
    const f = join(d, "in.txt");
    const good = Buffer.from(seedText.repeat(20));
    writeFileSync(f, Buffer.concat([good, Buffer.from([0xc3, 0x28, 0x0a])]));
    writeFileSync(join(d, "out.csv"), "old\n");
    const io = wholeIo();
    expect(await main(["classify", "--sentences", f, "--out", join(d, "out.csv")], io)).toBe(1);
    expect(io.err).toMatch(/in\.txt:\d+: invalid UTF-8 at byte \d+/);
    expect(readFileSync(join(d, "out.csv"), "utf8")).toBe("old\n");
    expect(readdirSync(d).sort()).toEqual(["in.txt", "out.csv"]);
  });
});

describe("classify --sentences on several threads gives the bytes of one", () => {
  // Over PARALLEL_FROM_BYTES, so a file starts its worker threads at once; the first two batches
  // always go to a worker (sentence-pool.ts), so each run below has rows made by a worker.
  const d = tmp();
  const big = join(d, "big.txt");
  writeFileSync(big, seedText.repeat(Math.ceil((1.5 * PARALLEL_FROM_BYTES) / Buffer.byteLength(seedText))));
  const run = async (args: string[], io = wholeIo()) => {
    expect(await main(["classify", "--sentences", ...args], io)).toBe(0);
    return io.out;
  };

  test("a large file in csv, csv-excel and jsonl, with 1, 2 and 3 threads", async () => {
    const one = await run([big, "--jobs", "1"]);
    expect(one.split("\n").length).toBeGreaterThan(PARALLEL_FROM);
    expect(await run([big, "--jobs", "3"])).toBe(one);
    for (const format of ["csv-excel", "jsonl"]) expect(await run([big, "--format", format, "--jobs", "2"])).toBe(await run([big, "--format", format, "--jobs", "1"]));
  });

  test("standard input with --jobs 2 (workers start once enough sentences have come), and the default of one thread there", async () => {
    const input = readFileSync(big);
    const one = await run(["-"], chunkedIo(input, 5));
    expect(await run(["-", "--jobs", "2"], chunkedIo(input, 6))).toBe(one);
    expect(one.split("\n").length).toBeGreaterThan(PARALLEL_FROM);
  });

  test("--explain on several threads, and --format table (one thread: each row depends on the rows before it)", async () => {
    expect(await run([big, "--explain", "--jobs", "2"])).toBe(await run([big, "--explain", "--jobs", "1"]));
    const small = join(d, "small.txt");
    writeFileSync(small, readFileSync(big).subarray(0, 200_000));
    expect(await run([small, "--format", "table", "--jobs", "2"])).toBe(await run([small, "--format", "table", "--jobs", "1"]));
  });

  test("--jobs must be a positive integer, and is for --sentences only", async () => {
    for (const bad of ["0", "-1", "two", "1.5", "1e3", "0x10", " 2", "65"]) {
      const io = wholeIo();
      expect(await main(["classify", "--sentences", big, `--jobs=${bad}`], io)).toBe(2);
      expect(io.err).toMatch(/unknown value for --jobs/);
      expect(io.out).toBe("");
    }
    const letters = wholeIo();
    expect(await main(["classify", join(ROOT, "data/letters/medway-2017.txt"), "--jobs", "2"], letters)).toBe(2);
    expect(letters.err).toMatch(/--jobs is for --sentences/);
  });

  test("a bad model with a large file: refused in one line, nothing written, though the workers had started", () => {
    const edited = join(d, "edited.json");
    writeFileSync(edited, readFileSync(join(ROOT, "models/send-findings.json"), "utf8").replace(/"intercepts":\[(-?[\d.e-]+)/, (_m, x: string) => `"intercepts":[${Number(x) + 1}`));
    const broken = join(d, "broken.json");
    writeFileSync(broken, readFileSync(join(ROOT, "models/send-findings.json"), "utf8").slice(0, 5000));
    for (const [model, message] of [[edited, /does not match its content_sha256 seal/], [broken, /not valid JSON/]] as const) {
      const r = spawnSync(process.execPath, ["bin/send-findings.mjs", "classify", "--sentences", big, "--jobs", "2", "--model", model], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });

  test("a pipe that trickles, with --jobs 2: rows come as lines do, before the input ends (nothing held back for the threads)", async () => {
    const child = spawn(process.execPath, ["bin/send-findings.mjs", "classify", "--sentences", "-", "--jobs", "2"], { cwd: ROOT });
    let out = "";
    const rowsSeen = (n: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${n} rows within 20 s; got: ${out}`)), 20_000);
        const look = () => {
          if (out.split("\n").length - 2 >= n) {
            clearTimeout(timer);
            child.stdout.off("data", look);
            resolve();
          }
        };
        child.stdout.on("data", look);
        look();
      });
    child.stdout.setEncoding("utf8").on("data", (c: string) => void (out += c));
    const ended = new Promise<number | null>((resolve) => child.on("close", resolve));
    // The first 8 kB are looked at before any line is decoded (is it binary?); after that each
    // complete line is classified as it arrives, threads or not.
    child.stdin.write("Families wait too long for an assessment.\n".repeat(250));
    await rowsSeen(250);
    child.stdin.write("Leaders know their area well.\n");
    await rowsSeen(251);
    child.stdin.end();
    expect(await ended).toBe(0);
    expect(out.split("\n").filter(Boolean)).toHaveLength(252);
  });

  test("through the real bin (the build's worker): a file and a pipe with --jobs 2 give the rows of one thread", () => {
    const bin = (cmd: string) => spawnSync("bash", ["-c", cmd], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 28, timeout: 120_000 });
    const one = bin(`'${process.execPath}' bin/send-findings.mjs classify --sentences '${big}' --jobs 1`);
    const two = bin(`'${process.execPath}' bin/send-findings.mjs classify --sentences '${big}' --jobs 2`);
    const pipe = bin(`cat '${big}' | '${process.execPath}' bin/send-findings.mjs classify --sentences - --jobs 2`);
    expect([one.status, two.status, pipe.status, two.stderr, pipe.stderr]).toEqual([0, 0, 0, "", ""]);
    expect(two.stdout).toBe(one.stdout);
    expect(pipe.stdout).toBe(one.stdout.split(`,${big},`).join(",-,"));
  });
});

describe("classify --sentences - through the real bin", () => {
  test("a pipe gives the rows a file gives", () => {
    const d = tmp();
    const f = join(d, "s.txt");
    writeFileSync(f, seedText.repeat(30));
    const fromFile = spawnSync(process.execPath, ["bin/send-findings.mjs", "classify", "--sentences", f], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 28, timeout: 120_000 });
    const fromPipe = spawnSync("bash", ["-c", `cat '${f}' | '${process.execPath}' bin/send-findings.mjs classify --sentences -`], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 28, timeout: 120_000 });
    expect(fromFile.status).toBe(0);
    expect(fromPipe.status).toBe(0);
    // The same rows; only the source column says where they came from (the file, or "-").
    expect(fromPipe.stdout).toBe(fromFile.stdout.split(`,${f},`).join(",-,"));
    expect(fromFile.stdout.split("\n").length).toBeGreaterThan(1000);
  });

  test.runIf(existsSync("/usr/bin/yes") || existsSync("/bin/yes"))("input that never ends, read by `head -3`: three lines out, then the run ends quietly (status 141)", () => {
    const r = spawnSync("bash", ["-c", `yes 'Families wait too long for an assessment.' | '${process.execPath}' bin/send-findings.mjs classify --sentences - | head -3; echo "status \${PIPESTATUS[1]}" >&2`], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(3);
    expect(r.stdout).toMatch(/^letter_id,area,framework,/);
    expect(r.stderr.trim()).toBe("status 141");
  });
});
