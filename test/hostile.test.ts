/**
 * The hostile user (issue 14): faulty and malicious situations, each run through the real CLI
 * (`main(argv, io)`, or the real bin where the operating system's standard streams are the point)
 * on real temporary files. Every case asserts the exit code, a one-line message, and that every
 * file the user had is byte-identical afterwards (hashes of the whole folder before and after).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, ftruncateSync, linkSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { MAX_LABELS_BYTES } from "../pipeline/labels/files.ts";
import { zeroPagePdf } from "../pipeline/testing/pdf-fixtures.ts";
import { main } from "../scripts/cli/main.ts";
import type { Io } from "../scripts/cli/types.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const LETTERS = ["westminster-2020", "islington-2021"] as const;
const letter = (id: string) => join(ROOT, "data/letters", `${id}.txt`);
const SHIPPED_MODEL = join(ROOT, "models/send-findings.json");

function io(stdin: Buffer | string = ""): Io & { out: string; err: string } {
  const r = { out: "", err: "", stdout: (c: string) => void (r.out += c), stderr: (c: string) => void (r.err += c), readStdin: async () => Buffer.from(stdin) };
  return r;
}

/** Every entry under `dir` (and the extra files): a hash for a file, the target for a link. */
function snapshot(dir: string, extra: readonly string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out.set(p, `link → ${readlinkSync(p)}`);
      else if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.set(p, `${st.mode.toString(8)} ${sha(p)}`);
      else out.set(p, "special");
    }
  };
  walk(dir);
  for (const p of extra) out.set(p, sha(p));
  return out;
}
const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");

/** A folder with two small label files for letters in the repository, as a user keeps them. */
function labelsIn(dir: string): string {
  const labels = join(dir, "labels");
  mkdirSync(labels);
  for (const id of LETTERS) {
    const lines = readFileSync(join(ROOT, "data/labels", `${id}.csv`), "utf8").split("\n");
    writeFileSync(join(labels, `${id}.csv`), `${lines.slice(0, 41).join("\n")}\n`);
  }
  return labels;
}

/** A copy of the shipped model, edited by `edit` (the parsed JSON). */
function editedModel(dir: string, edit: (m: any) => void, name = "model.json"): string {
  const m = JSON.parse(readFileSync(SHIPPED_MODEL, "utf8"));
  edit(m);
  const p = join(dir, name);
  writeFileSync(p, `${JSON.stringify(m)}\n`);
  return p;
}

const tmp = () => mkdtempSync(join(tmpdir(), "sf-hostile-"));

/** The one line a refusal prints: exactly one line, in the house shape. */
function oneLine(err: string): string {
  const lines = err.split("\n").filter((l) => l !== "");
  expect(lines, err).toHaveLength(1);
  expect(lines[0]).toMatch(/^send-findings: /);
  expect(err).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

interface Case {
  /** Sets up the user's files in `dir`; returns the command line (and standard input). */
  setup: (dir: string) => Promise<{ argv: string[]; stdin?: Buffer | string; extra?: string[] }> | { argv: string[]; stdin?: Buffer | string; extra?: string[] };
  code: number;
  message: RegExp;
}

/** Runs a case through `main` and checks exit code, one line, and that the user's files are unchanged. */
async function runCase(c: Case): Promise<void> {
  const dir = tmp();
  const { argv, stdin, extra } = await c.setup(dir);
  const before = snapshot(dir, extra);
  const r = io(stdin);
  const code = await main(argv, r);
  expect(code, r.err).toBe(c.code);
  expect(oneLine(r.err)).toMatch(c.message);
  expect(snapshot(dir, extra)).toEqual(before);
}

// ─── Harmful today: each replaced a user's file and exited 0 ──────────────────────────────────

const harmful: [string, Case][] = [
  [
    "1. train --out names a hand-label file of --labels",
    { setup: (d) => ({ argv: ["train", "--labels", labelsIn(d), "--out", join(d, "labels", "westminster-2020.csv"), "--quiet"] }), code: 1, message: /--out names one of the input files of this run: a label file \(--labels\)/ },
  ],
  [
    "1. train --out names its own --config",
    {
      setup: (d) => {
        const cfg = join(d, "config.json");
        writeFileSync(cfg, JSON.stringify({ sentiment_l2: 0.001 }));
        return { argv: ["train", "--labels", labelsIn(d), "--config", cfg, "--out", cfg, "--quiet"] };
      },
      code: 1,
      message: /config\.json: --out names one of the input files of this run: the config \(--config\)/,
    },
  ],
  [
    "1. train --out names the labels folder itself",
    { setup: (d) => ({ argv: ["train", "--labels", labelsIn(d), "--out", join(d, "labels"), "--quiet"] }), code: 1, message: /the labels folder \(--labels\)/ },
  ],
  [
    "2. classify --model M --out M",
    {
      setup: (d) => {
        const m = editedModel(d, () => {});
        return { argv: ["classify", letter("westminster-2020"), "--model", m, "--out", m] };
      },
      code: 1,
      message: /model\.json: --out names one of the input files of this run: the model \(--model\)/,
    },
  ],
  [
    "2. summary --model M --out M",
    {
      setup: (d) => {
        const m = editedModel(d, () => {});
        return { argv: ["summary", letter("westminster-2020"), "--model", m, "--out", m] };
      },
      code: 1,
      message: /the model \(--model\)/,
    },
  ],
  [
    "2. classify --sentences F --out F",
    {
      setup: (d) => {
        const f = join(d, "sentences.txt");
        writeFileSync(f, "Children wait too long.\nLeaders are ambitious.\n");
        return { argv: ["classify", "--sentences", f, "--out", f] };
      },
      code: 1,
      message: /the file of sentences \(--sentences\)/,
    },
  ],
  [
    "3. a letter given through a symbolic link, --out naming the real file",
    {
      setup: (d) => {
        const real = join(d, "letter.txt");
        writeFileSync(real, readFileSync(letter("westminster-2020")));
        symlinkSync(real, join(d, "link.txt"));
        return { argv: ["parse", join(d, "link.txt"), "--out", real] };
      },
      code: 1,
      message: /letter\.txt: --out names one of the input files of this run: a letter .*link\.txt \(the same file by another path or link\)/,
    },
  ],
  [
    "3. --out reaching the input through a symbolic link to its folder",
    {
      setup: (d) => {
        mkdirSync(join(d, "letters"));
        writeFileSync(join(d, "letters", "w.txt"), readFileSync(letter("westminster-2020")));
        symlinkSync(join(d, "letters"), join(d, "alias"));
        return { argv: ["summary", join(d, "letters", "w.txt"), "--out", join(d, "alias", "w.txt")] };
      },
      code: 1,
      message: /alias\/w\.txt: --out names one of the input files of this run: a letter/,
    },
  ],
  [
    "3. --out that is itself a symbolic link to an input",
    {
      setup: (d) => {
        writeFileSync(join(d, "letter.txt"), readFileSync(letter("westminster-2020")));
        symlinkSync(join(d, "letter.txt"), join(d, "out.csv"));
        return { argv: ["classify", join(d, "letter.txt"), "--out", join(d, "out.csv")] };
      },
      code: 1,
      message: /out\.csv: --out names one of the input files of this run: a letter/,
    },
  ],
  [
    "3. --out a hard link to the model (same device and inode)",
    {
      setup: (d) => {
        const m = editedModel(d, () => {});
        linkSync(m, join(d, "copy.json"));
        return { argv: ["classify", letter("westminster-2020"), "--model", m, "--out", join(d, "copy.json")] };
      },
      code: 1,
      message: /copy\.json: --out names one of the input files of this run: the model \(--model\)/,
    },
  ],
  [
    "3. train --out reaching a label file through a folder link",
    {
      setup: (d) => {
        const labels = labelsIn(d);
        symlinkSync(labels, join(d, "alias"));
        return { argv: ["train", "--labels", labels, "--out", join(d, "alias", "islington-2021.csv"), "--quiet"] };
      },
      code: 1,
      message: /a label file \(--labels\)/,
    },
  ],
  [
    "3. eval --compare A B --out A/metrics.json",
    {
      setup: (d) => {
        for (const x of ["a", "b"]) {
          mkdirSync(join(d, x));
          writeFileSync(join(d, x, "metrics.json"), "{}\n");
        }
        return { argv: ["eval", "--compare", join(d, "a"), join(d, "b"), "--out", join(d, "a", "metrics.json")] };
      },
      code: 1,
      message: /a metrics file being compared/,
    },
  ],
  [
    "3. eval --out the labels folder (its report would land among the label files)",
    { setup: (d) => ({ argv: ["eval", "--labels", labelsIn(d), "--out", join(d, "labels"), "--quiet"] }), code: 1, message: /the labels folder \(--labels\)/ },
  ],
  [
    "3. labels import --out a hard link to the sheet it imports",
    {
      setup: (d) => {
        writeFileSync(join(d, "sheet.csv"), "sid,sentiment\n0,strength\n");
        linkSync(join(d, "sheet.csv"), join(d, "labels.csv"));
        return { argv: ["labels", "import", "westminster-2020", join(d, "sheet.csv"), "--annotator", "a", "--out", join(d, "labels.csv"), "--force"] };
      },
      code: 1,
      message: /the sheet .*sheet\.csv \(the same file by another path or link\)/,
    },
  ],
  [
    "3. parse --out a folder",
    {
      setup: (d) => {
        mkdirSync(join(d, "out"));
        return { argv: ["parse", letter("westminster-2020"), "--out", join(d, "out")] };
      },
      code: 1,
      message: /out: is not a regular file \(a folder\)/,
    },
  ],
];

describe("harmful cases: an output never replaces an input", () => {
  test.each(harmful)("%s", async (_name, c) => runCase(c));

  test("an --out that is there keeps its permissions when it is replaced", async () => {
    const d = tmp();
    const out = join(d, "out.json");
    writeFileSync(out, "old\n", { mode: 0o600 });
    expect(await main(["parse", letter("westminster-2020"), "--out", out], io())).toBe(0);
    expect(lstatSync(out).mode & 0o777).toBe(0o600);
    expect(readdirSync(d)).toEqual(["out.json"]);
  });

  test("an --out link to a file that is not an input: the target is written, the link kept", async () => {
    const d = tmp();
    writeFileSync(join(d, "target.json"), "old\n");
    symlinkSync(join(d, "target.json"), join(d, "out.json"));
    const r = io();
    expect(await main(["parse", letter("westminster-2020"), "--out", join(d, "out.json")], r)).toBe(0);
    expect(lstatSync(join(d, "out.json")).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(d, "target.json"), "utf8")).letter_id).toBe("westminster-2020");
  });
});

// ─── Standard output through the real bin: a full disk, a reader that went away ───────────────

const bin = (args: string[], stdio: [number | "pipe", number | "pipe", "pipe"]) =>
  spawnSync(process.execPath, ["bin/send-findings.mjs", ...args], { cwd: ROOT, stdio, encoding: "utf8", timeout: 120_000 });

describe("standard output (real bin)", () => {
  const many = LETTERS.flatMap((id) => [letter(id), letter(id), letter(id)]);

  test.runIf(existsSync("/dev/full"))("4/5. classify > /dev/full: exit 1, one line, no stack trace", () => {
    const full = openSync("/dev/full", "w");
    const r = bin(["classify", ...many, "--quiet"], ["pipe", full, "pipe"]);
    closeSync(full);
    expect(r.status).toBe(1);
    expect(oneLine(r.stderr)).toMatch(/^send-findings: standard output: cannot write: no space left on the device \(ENOSPC\); the output is incomplete$/);
  });

  test.runIf(existsSync("/dev/full"))("5. parse --format table > /dev/full: exit 1, one line", () => {
    const full = openSync("/dev/full", "w");
    const r = bin(["parse", letter("westminster-2020"), "--format", "table"], ["pipe", full, "pipe"]);
    closeSync(full);
    expect(r.status).toBe(1);
    expect(oneLine(r.stderr)).toMatch(/standard output: cannot write: .*ENOSPC/);
  });

  test("5. classify | head -1: the run ends quietly, as cat does (status 141, nothing on stderr)", () => {
    const d = tmp();
    const err = join(d, "stderr.txt");
    const quoted = many.map((p) => `'${p}'`).join(" ");
    const r = spawnSync("bash", ["-c", `'${process.execPath}' bin/send-findings.mjs classify ${quoted} --quiet 2>'${err}' | head -1; echo "status \${PIPESTATUS[0]}" >&2`], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    expect(r.stdout).toMatch(/^letter_id,area,framework,/);
    expect(r.stderr.trim()).toBe("status 141");
    expect(readFileSync(err, "utf8")).toBe("");
  });

  test("stdin that never ends (/dev/zero) as --sentences -: refused at its first chunk as binary (sentences have no size limit)", () => {
    const zero = openSync("/dev/zero", "r");
    const r = bin(["classify", "--sentences", "-"], [zero, "pipe", "pipe"]);
    closeSync(zero);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(oneLine(r.stderr)).toMatch(/^send-findings: -: file is binary \(it contains NUL bytes\)/);
  });

  test("stdin that never ends (/dev/zero) as a letter: refused once past the limit", () => {
    const zero = openSync("/dev/zero", "r");
    const r = bin(["parse", "-"], [zero, "pipe", "pipe"]);
    closeSync(zero);
    expect(r.status).toBe(1);
    expect(oneLine(r.stderr)).toMatch(/^send-findings: -: standard input is more than 50\.0 MiB; the limit for a letter or PDF report is 50 MiB/);
  });
});

// ─── Edited model files ───────────────────────────────────────────────────────────────────────

const classifyWith = (m: string) => ["classify", letter("westminster-2020"), "--model", m];

const models: [string, (m: any) => void, RegExp][] = [
  ["a changed weight", (m) => (m.sentiment.weights[0][7] += 0.5), /model content does not match its content_sha256 seal: the file was edited/],
  ["a changed data_sha256", (m) => (m.training.data_sha256 = "0".repeat(64)), /does not match its content_sha256 seal/],
  ["a changed threshold within [0, 1]", (m) => (m.themes.models[0].threshold = 0.05), /does not match its content_sha256 seal/],
  ["a replaced seal", (m) => (m.content_sha256 = "f".repeat(64)), /does not match its content_sha256 seal/],
  ["no seal (a file written before seals, or the seal removed)", (m) => delete m.content_sha256, /no content_sha256 seal.*send-findings model seal FILE/],
  ["a duplicated vocabulary entry", (m) => (m.sentiment.features.vocabulary[5] = m.sentiment.features.vocabulary[4]), /sentiment\.features\.vocabulary repeats entry 5/],
  ["a vocabulary out of order", (m) => m.themes.features.vocabulary.reverse(), /themes\.features\.vocabulary is out of order/],
  ["a theme threshold of 1e308", (m) => (m.themes.models[2].threshold = 1e308), /themes\.models\.2\.threshold: a threshold is a probability, in \[0, 1\]/],
  ["a theme threshold of −5", (m) => (m.themes.models[2].threshold = -5), /threshold: a threshold is a probability/],
  ["weights of 1e300", (m) => (m.sentiment.weights[1] = m.sentiment.weights[1].map(() => 1e300)), /sentiment\.weights\.1\.0: weight above 1000000/],
  ["weights whose sum would overflow (1e307 each)", (m) => m.themes.models.forEach((t: { weights: number[] }) => t.weights.fill(1e307)), /weight above 1000000/],
  ["an infinite intercept (1e999 in the JSON)", (m) => (m.sentiment.intercepts[0] = "INF"), /intercepts\.0/],
  ["a weight that is a string", (m) => (m.sentiment.weights[2][3] = "0.5"), /sentiment\.weights\.2\.3: Invalid input: expected number, received string/],
  ["a row of weights that is not an array", (m) => (m.themes.models[1].weights = null), /themes\.models\.1\.weights: Invalid input: expected array, received null/],
  ["an infinite theme weight (1e999 in the JSON)", (m) => (m.themes.models[3].weights[5] = "INF"), /themes\.models\.3\.weights\.5: Invalid input: expected number, received Infinity/],
  ["a theme weight of −1e300", (m) => (m.themes.models[4].weights[0] = -1e300), /themes\.models\.4\.weights\.0: weight below -1000000/],
];

describe("6. edited model files are refused", () => {
  test.each(models)("%s", async (_name, edit, message) =>
    runCase({
      setup: (d) => {
        const p = editedModel(d, edit);
        // JSON has no Infinity: write the number that parses to it.
        writeFileSync(p, readFileSync(p, "utf8").replace('"INF"', "1e999"));
        return { argv: classifyWith(p) };
      },
      code: 1,
      message,
    }),
  );

  test("model seal refuses a model that is not well formed (weights of 1e300), and leaves it as it was", async () =>
    runCase({ setup: (d) => ({ argv: ["model", "seal", editedModel(d, (m) => (m.sentiment.weights[0][0] = 1e300))] }), code: 1, message: /weight above 1000000/ }));

  test("model seal accepts a change made on purpose: the sealed file loads and classifies", async () => {
    const d = tmp();
    const p = editedModel(d, (m) => (m.themes.models[0].threshold = 0.05));
    expect(await main(classifyWith(p), io())).toBe(1);
    const s = io();
    expect(await main(["model", "seal", p, "--quiet"], s)).toBe(0);
    expect(s.out).toMatch(/content_sha256 [0-9a-f]{64}/);
    const r = io();
    expect(await main([...classifyWith(p), "--format", "jsonl"], r)).toBe(0);
    for (const line of r.out.trim().split("\n")) {
      const row = JSON.parse(line);
      for (const k of ["p_strength", "p_weakness", "p_neutral"]) expect(Number.isFinite(row[k])).toBe(true);
    }
  });
});

// ─── Label files ──────────────────────────────────────────────────────────────────────────────

/** `train` over a labels folder holding the two good files and one bad one. */
const badLabels = (make: (labels: string) => void): Case["setup"] => (d) => {
  const labels = labelsIn(d);
  make(labels);
  return { argv: ["train", "--labels", labels, "--out", join(d, "model.json"), "--quiet"] };
};
const good = () => readFileSync(join(ROOT, "data/labels/westminster-2020.csv"), "utf8").split("\n").slice(0, 41);

const labelCases: [string, Case][] = [
  [
    "7. a 100 MB label CSV is refused from its size, before reading, naming the limit",
    {
      setup: badLabels((labels) => {
        const fd = openSync(join(labels, "westminster-2020.csv"), "r+");
        ftruncateSync(fd, 100_000_000);
        closeSync(fd);
      }),
      code: 1,
      message: new RegExp(`westminster-2020\\.csv: file is 95\\.4 MiB; the limit for a label file is 10 MiB \\(${MAX_LABELS_BYTES} bytes\\)`),
    },
  ],
  [
    "7. a label file with 40,000 bad rows: every one checked (linear time), the first reported with the count",
    {
      setup: badLabels((labels) => {
        const [header, row] = good() as [string, string];
        const bad = row.replace(/,(strength|weakness|neutral),/, ",postive,");
        writeFileSync(join(labels, "westminster-2020.csv"), `${header}\n${Array.from({ length: 40_000 }, (_, i) => bad.replace(/^westminster-2020,main_findings,,\d+,\d+/, `westminster-2020,main_findings,,${i},0`)).join("\n")}\n`);
      }),
      code: 1,
      message: /westminster-2020\.csv:2: column "sentiment": "postive" is not one of .*\(…and 39999 more bad rows\)/,
    },
  ],
  [
    "an unterminated quote is reported where it opens",
    {
      setup: badLabels((labels) => {
        // Line 6 opens a quoted cell; no quote after it closes one, so it runs to the end of the file.
        const lines = good();
        const cells = lines[5]!.replace(/"/g, "").split(",");
        cells[5] = `"${cells[5]}`;
        lines[5] = cells.join(",");
        writeFileSync(join(labels, "westminster-2020.csv"), `${[...lines.slice(0, 6), ...lines.slice(6).map((l) => l.replace(/"/g, ""))].join("\n")}\n`);
      }),
      code: 1,
      message: /westminster-2020\.csv:6: a quoted cell starts here and is never closed/,
    },
  ],
  [
    "a NUL byte is an encoding problem, with its line",
    {
      setup: badLabels((labels) => {
        const lines = good();
        lines[9] = lines[9]!.replace("the", "th\0e");
        writeFileSync(join(labels, "westminster-2020.csv"), `${lines.join("\n")}\n`);
      }),
      code: 1,
      message: /westminster-2020\.csv:10: encoding problem: a NUL byte/,
    },
  ],
  [
    "a cp1252 byte is an encoding problem, with its line",
    {
      setup: badLabels((labels) => {
        const lines = good();
        const file = join(labels, "westminster-2020.csv");
        writeFileSync(file, Buffer.concat([Buffer.from(`${lines.slice(0, 12).join("\n")}\n`), Buffer.from("x", "utf8"), Buffer.from([0x92]), Buffer.from(`\n${lines.slice(12).join("\n")}\n`)]));
      }),
      code: 1,
      message: /westminster-2020\.csv:13: encoding problem: byte 0x92 .* is not UTF-8 \(a Windows-1252 or Latin-1 character\?\)/,
    },
  ],
  [
    "a label file with a header and no rows",
    { setup: badLabels((labels) => writeFileSync(join(labels, "islington-2021.csv"), `${good()[0]}\n`)), code: 1, message: /islington-2021\.csv:1: only a header row, no labels/ },
  ],
];

describe("label files", () => {
  test.each(labelCases)("%s", async (_name, c) => runCase(c));
});

// ─── Leftover temporary files ─────────────────────────────────────────────────────────────────

describe("8. temporary files left by a killed run", () => {
  test("a dead run's <target>.tmp-<pid> is swept on the next write to that target; a live one's is left", async () => {
    const d = tmp();
    const out = join(d, "out.json");
    // A process id that has just ended: what a run killed between write and rename leaves behind.
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    writeFileSync(`${out}.tmp-${dead}`, "half a file");
    writeFileSync(`${out}.tmp-${process.ppid}`, "a live run's file");
    writeFileSync(join(d, "other.json.tmp-1"), "another target's");
    const r = io();
    expect(await main(["parse", letter("westminster-2020"), "--out", out], r)).toBe(0);
    // The one line a run with --out writes: what it wrote, where.
    expect(r.err).toMatch(/^send-findings: wrote 1 parsed document to .*out\.json\n$/);
    expect(existsSync(`${out}.tmp-${dead}`)).toBe(false);
    expect(existsSync(`${out}.tmp-${process.ppid}`)).toBe(true);
    expect(existsSync(join(d, "other.json.tmp-1"))).toBe(true);
    expect(existsSync(`${out}.tmp-${process.pid}`)).toBe(false);
    expect(JSON.parse(readFileSync(out, "utf8")).letter_id).toBe("westminster-2020");
  });
});

// ─── Smaller ──────────────────────────────────────────────────────────────────────────────────

const smaller: [string, Case][] = [
  [
    "a file name holding a newline stays on one line (escaped)",
    {
      setup: (d) => {
        writeFileSync(join(d, "bad\nname.txt"), "");
        return { argv: ["parse", join(d, "bad\nname.txt")] };
      },
      code: 1,
      message: /bad\\nname\.txt: file is empty/,
    },
  ],
  [
    "a missing file whose name holds a newline and an escape character",
    { setup: (d) => ({ argv: ["classify", join(d, "x\n\u001b[2Jy.txt")] }), code: 1, message: /x\\n\\x1b\[2Jy\.txt: no such file/ },
  ],
  [
    "a zero-page PDF says it has no pages",
    {
      setup: (d) => {
        writeFileSync(join(d, "empty.pdf"), zeroPagePdf());
        return { argv: ["parse", join(d, "empty.pdf")] };
      },
      code: 1,
      message: /empty\.pdf: PDF has no pages/,
    },
  ],
  [
    "a --sentences file of 96 MB of NUL bytes (a sparse file) is refused as binary at its first chunk, not read to its end",
    {
      setup: (d) => {
        const f = join(d, "sentences.txt");
        const fd = openSync(f, "w");
        ftruncateSync(fd, 96_000_000);
        closeSync(fd);
        return { argv: ["classify", "--sentences", f] };
      },
      code: 1,
      message: /sentences\.txt: file is binary \(it contains NUL bytes\)/,
    },
  ],
  [
    "--sentences - with a line of more than 1 MiB (no line break): refused, naming the line and the limit",
    { setup: () => ({ argv: ["classify", "--sentences", "-"], stdin: Buffer.alloc(10 * 1024 * 1024 + 1, 0x61) }), code: 1, message: /^send-findings: -:1: line is more than 1 MiB long; the limit for a line of a file of sentences \(one sentence\) is 1 MiB/ },
  ],
  [
    "--sentences naming a device that never ends (/dev/zero)",
    { setup: () => ({ argv: ["classify", "--sentences", "/dev/zero"] }), code: 1, message: /\/dev\/zero: file is binary \(it contains NUL bytes\)/ },
  ],
  [
    "a 12 MB file of sentences given as a letter: refused as a text letter, pointing to --sentences",
    {
      setup: (d) => {
        const f = join(d, "big.txt");
        writeFileSync(f, "Families wait too long.\n".repeat(500_000));
        return { argv: ["classify", f] };
      },
      code: 1,
      message: /big\.txt: file is 11\.4 MiB; the limit for a text letter is 10 MiB \(10485760 bytes\), so this is not one inspection letter; for plain sentences, one per line, use classify --sentences \(no size limit\)$/,
    },
  ],
  [
    "a model file over 256 MiB is refused from its size",
    {
      setup: (d) => {
        const m = join(d, "huge.json");
        const fd = openSync(m, "w");
        ftruncateSync(fd, 300 * 1024 * 1024);
        closeSync(fd);
        return { argv: classifyWith(m) };
      },
      code: 1,
      message: /huge\.json: file is 300\.0 MiB; the limit for a model file is 256 MiB/,
    },
  ],
  [
    "a labelling sheet over 10 MiB is refused from its size",
    {
      setup: (d) => {
        const f = join(d, "sheet.csv");
        const fd = openSync(f, "w");
        ftruncateSync(fd, 20 * 1024 * 1024);
        closeSync(fd);
        return { argv: ["labels", "import", "westminster-2020", f, "--annotator", "a", "--out", join(d, "labels.csv")] };
      },
      code: 1,
      message: /sheet\.csv: file is 20\.0 MiB; the limit for a labelling sheet is 10 MiB/,
    },
  ],
  ["--format given twice", { setup: () => ({ argv: ["classify", letter("westminster-2020"), "--format", "csv", "--format", "jsonl"] }), code: 2, message: /classify: --format is given more than once; give it once/ }],
  [
    "--out given twice",
    { setup: (d) => ({ argv: ["parse", letter("westminster-2020"), "--out", join(d, "a.json"), "--out", join(d, "b.json")] }), code: 2, message: /--out is given more than once/ },
  ],
];

describe("smaller cases", () => {
  test.each(smaller)("%s", async (_name, c) => runCase(c));
});
