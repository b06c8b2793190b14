/**
 * Whole-process benchmarks (issue 17), run by `npm run bench` (or `npm run bench -- startup
 * sklearn fasttext stream build` for some of them). Each compares separate processes run in
 * alternating order (pairs), because this machine is shared and its speed drifts: only medians of
 * pairs mean anything. Wall-clock time, CPU time (user + system) and peak memory come from
 * /usr/bin/time (GNU time); without it, wall-clock time only.
 *
 *   startup  `node <bin> --version` (package.json's bin, run directly, not through npx) against
 *            bare `node -e 0`; target ≤ 1.3×.
 *   sklearn  `classify --sentences` on 108,400 sentences (the seed letters' sentences over and
 *            over, written under the system's temporary folder, never committed) against
 *            scripts/bench/sklearn-baseline.py (TF-IDF + logistic regression fitted on the seed
 *            letters' labels, predicting the same file); target: at least 2× faster.
 *   fasttext the same file's sentiment and themes by fastText (`apt-get install fasttext`; models
 *            trained here on the same labels), in CPU time; target: within 1.2×.
 *   stream   100,000, 300,000 and 1,000,000 sentences piped into `classify --sentences -`:
 *            completes, peak memory under 250 MB, time per sentence about the same at each size.
 *   build    the classification loop (`predict-loop.mjs`) over the built JavaScript against the
 *            TypeScript sources through tsx: does the build slow the hot loop?
 */
import { spawnSync, type StdioOptions } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import { REPO_ROOT } from "../../pipeline/common/paths.ts";
import { parseLetter } from "../../pipeline/index.ts";
import { loadDocumentList } from "../../pipeline/labels/corpus.ts";
import { sentenceRecords } from "../../pipeline/schema.ts";

const TIME = "/usr/bin/time";
const hasTime = existsSync(TIME) && spawnSync(TIME, ["-f", "%e", "true"]).status === 0;
const BIN = join(REPO_ROOT, (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { bin: Record<string, string> }).bin["send-findings"]!);
const WORK = join(tmpdir(), "send-findings-bench");
const SEED_LETTERS = ["city-of-london-2018", "medway-2017", "westminster-2020", "islington-2021"];

interface Run {
  wall: number;
  cpu: number;
  rssMB: number;
}

const median = (xs: number[]) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const f = (x: number, d = 2) => (Number.isNaN(x) ? "n/a" : x.toFixed(d));

/**
 * Runs a command line (`bash -c`, so pipes work) with its standard output thrown away, and times
 * it with /usr/bin/time (which, timing bash, counts every process bash waited for).
 */
function timed(script: string, stdinFile?: string): Run {
  const stdin = stdinFile === undefined ? "ignore" : openSync(stdinFile, "r");
  const out = join(WORK, `time-${process.pid}.txt`);
  const stdio: StdioOptions = [stdin, "ignore", "pipe"];
  try {
    const t0 = performance.now();
    const r = hasTime ? spawnSync(TIME, ["-o", out, "-f", "%e %U %S %M", "bash", "-c", script], { cwd: REPO_ROOT, stdio, encoding: "utf8" }) : spawnSync("bash", ["-c", script], { cwd: REPO_ROOT, stdio, encoding: "utf8" });
    const wall = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`failed (${r.status}): ${script}\n${r.stderr}`);
    if (!hasTime) return { wall, cpu: Number.NaN, rssMB: Number.NaN };
    const [e, u, s, m] = readFileSync(out, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
    return { wall: e!, cpu: u! + s!, rssMB: m! / 1024 };
  } finally {
    rmSync(out, { force: true });
    if (typeof stdin === "number") closeSync(stdin);
  }
}

/** Runs each command `pairs` times, the order rotating each round; returns each command's runs. */
function alternate(scripts: string[], pairs: number): Run[][] {
  const runs: Run[][] = scripts.map(() => []);
  for (let i = 0; i < pairs; i++) {
    for (let k = 0; k < scripts.length; k++) {
      const j = (i + k) % scripts.length;
      runs[j]!.push(timed(scripts[j]!));
    }
  }
  return runs;
}

function summary(name: string, runs: Run[]): string {
  return `${name.padEnd(34)} wall ${f(median(runs.map((r) => r.wall)))} s  cpu ${f(median(runs.map((r) => r.cpu)))} s  peak ${f(median(runs.map((r) => r.rssMB)), 0)} MB`;
}

const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/** The seed letters' sentences (the reader's, one per line), cycled to `n` lines, in a file under WORK. */
function sentencesFile(n: number): string {
  mkdirSync(WORK, { recursive: true });
  const file = join(WORK, `sentences-${n}.txt`);
  const seed = loadDocumentList()
    .documents.filter((d): d is { letter_id: string; path: string } => "path" in d)
    .flatMap((d) => sentenceRecords(parseLetter(readFileSync(join(REPO_ROOT, d.path), "utf8"), { letter_id: d.letter_id })).map((s) => s.text));
  const block = `${seed.join("\n")}\n`;
  const lines = Array.from({ length: n % seed.length }, (_, i) => seed[i]).join("\n");
  const size = Buffer.byteLength(block) * Math.floor(n / seed.length) + (lines ? Buffer.byteLength(lines) + 1 : 0);
  if (existsSync(file) && statSync(file).size === size) return file;
  const fd = openSync(file, "w");
  for (let i = 0; i < Math.floor(n / seed.length); i++) writeFileSync(fd, block);
  if (lines) writeFileSync(fd, `${lines}\n`);
  closeSync(fd);
  return file;
}

function findPython(): string | null {
  for (const py of ["python3", "/usr/bin/python3"]) {
    if (spawnSync(py, ["-c", "import sklearn"], { stdio: "ignore" }).status === 0) return py;
  }
  return null;
}

function onPath(cmd: string): boolean {
  return spawnSync("bash", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

const sf = (args: string) => `node ${q(BIN)} ${args} > /dev/null`;

function startup(): void {
  // Timed here (a spawn each, the same for both) rather than by /usr/bin/time, whose 10 ms steps
  // are a tenth of what is measured.
  const wall = (args: string[]) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: "ignore" });
    if (r.status !== 0) throw new Error(`failed: node ${args.join(" ")}`);
    return (performance.now() - t0) / 1000;
  };
  const pairs = 20;
  console.log(`startup: \`node <bin> --version\` against bare \`node -e 0\`, ${pairs} alternating pairs`);
  const bare: number[] = [];
  const bin: number[] = [];
  for (let i = 0; i < pairs; i++) {
    if (i % 2) {
      bin.push(wall([BIN, "--version"]));
      bare.push(wall(["-e", "0"]));
    } else {
      bare.push(wall(["-e", "0"]));
      bin.push(wall([BIN, "--version"]));
    }
  }
  console.log(`  node -e 0: median ${f(median(bare) * 1000, 0)} ms`);
  console.log(`  node ${BIN.slice(REPO_ROOT.length + 1)} --version: median ${f(median(bin) * 1000, 0)} ms`);
  const ratio = median(bin) / median(bare);
  console.log(`  ratio of medians ${f(ratio)}× (median of pair ratios ${f(median(bin.map((b, i) => b / bare[i]!)))}×)  ${ratio <= 1.3 ? "meets target" : "MISSES target"} (≤ 1.3×)`);
  // What the README's advice saves: the same command through npx (which finds the bin in node_modules/.bin).
  const npx: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    spawnSync("npx", ["--no-install", "send-findings", "--version"], { cwd: REPO_ROOT, stdio: "ignore" });
    npx.push((performance.now() - t0) / 1000);
  }
  console.log(`  npx send-findings --version: median ${f(median(npx) * 1000, 0)} ms (6 runs), of which npx itself about ${f((median(npx) - median(bin)) * 1000, 0)} ms\n`);
}

function sklearn(): void {
  const py = findPython();
  if (py === null) {
    console.log("sklearn: no python3 with scikit-learn (apt-get install python3-sklearn); skipped\n");
    return;
  }
  const file = sentencesFile(108_400);
  console.log(`sklearn: classify --sentences on 108,400 sentences (${f(statSync(file).size / 1e6, 1)} MB) against TF-IDF + logistic regression (${py}), 6 rounds`);
  const script = join(REPO_ROOT, "scripts/bench/sklearn-baseline.py");
  const [ours, one, sk, skThemes] = alternate([sf(`classify --sentences ${q(file)}`), sf(`classify --sentences ${q(file)} --jobs 1`), `${py} ${q(script)} ${q(file)} > /dev/null`, `${py} ${q(script)} ${q(file)} --themes > /dev/null`], 6);
  console.log(`  ${summary(`send-findings (sentiment + themes; default threads: ${Math.min(4, availableParallelism())})`, ours!)}`);
  console.log(`  ${summary("send-findings --jobs 1 (one thread)", one!)}`);
  console.log(`  ${summary("scikit-learn (sentiment)", sk!)}`);
  console.log(`  ${summary("scikit-learn (sentiment + themes)", skThemes!)}`);
  const ratio = median(sk!.map((r) => r.wall)) / median(ours!.map((r) => r.wall));
  const perPair = median(sk!.map((r, i) => r.wall / ours![i]!.wall));
  console.log(`  send-findings faster by ${f(ratio)}× (wall, ratio of medians; median of pair ratios ${f(perPair)}×; cpu ${f(median(sk!.map((r) => r.cpu)) / median(ours!.map((r) => r.cpu)))}×)  ${ratio >= 2 ? "meets target" : "MISSES target"} (≥ 2×)`);
  console.log(`  with one thread (--jobs 1): ${f(median(sk!.map((r) => r.wall)) / median(one!.map((r) => r.wall)))}× (wall)`);
  console.log(`  against scikit-learn with themes too: ${f(median(skThemes!.map((r) => r.wall)) / median(ours!.map((r) => r.wall)))}× (wall)\n`);
}

function fasttext(): void {
  if (!onPath("fasttext")) {
    console.log("fasttext: not installed (apt-get install fasttext); skipped\n");
    return;
  }
  const file = sentencesFile(108_400);
  mkdirSync(WORK, { recursive: true });
  const sentiment: string[] = [];
  const themes: string[] = [];
  for (const id of SEED_LETTERS) {
    const rows = Papa.parse<Record<string, string>>(readFileSync(join(REPO_ROOT, "data/labels", `${id}.csv`), "utf8"), { header: true, skipEmptyLines: true }).data;
    for (const r of rows) {
      const text = r.text!.replace(/\s+/g, " ");
      sentiment.push(`__label__${r.sentiment} ${text}`);
      const ts = r.themes!.split(";").filter(Boolean);
      themes.push(`${ts.length ? ts.map((t) => `__label__${t}`).join(" ") : "__label__none"} ${text}`);
    }
  }
  // Small hash buckets (fastText's default, 2,000,000 × 100 dimensions, makes an 800 MB model whose
  // loading is most of its time): 100,000 are plenty for the bigrams of 709 sentences.
  const model = (name: string, lines: string[], extra: string) => {
    const train = join(WORK, `ft-${name}.txt`);
    writeFileSync(train, `${lines.join("\n")}\n`);
    const r = spawnSync("bash", ["-c", `fasttext supervised -input ${q(train)} -output ${q(join(WORK, `ft-${name}`))} -wordNgrams 2 -epoch 25 -dim 50 -bucket 100000 -thread 1 ${extra} -verbose 0`], { stdio: "ignore" });
    if (r.status !== 0) throw new Error(`fasttext supervised failed for ${name}`);
    return join(WORK, `ft-${name}.bin`);
  };
  const sm = model("sentiment", sentiment, "");
  const tm = model("themes", themes, "-loss ova");
  console.log("fasttext: the same 108,400 sentences, sentiment + themes (two `fasttext predict-prob`), CPU time, 6 rounds");
  const ft = `fasttext predict-prob ${q(sm)} ${q(file)} 1 > /dev/null && fasttext predict-prob ${q(tm)} ${q(file)} -1 0.5 > /dev/null`;
  // CPU time: one thread is the fair comparison (more threads add their start-up to the CPU time).
  const [ours, fast] = alternate([sf(`classify --sentences ${q(file)} --jobs 1`), ft], 6);
  console.log(`  ${summary("send-findings --jobs 1", ours!)}`);
  console.log(`  ${summary("fastText", fast!)}`);
  const ratio = median(ours!.map((r) => r.cpu)) / median(fast!.map((r) => r.cpu));
  console.log(`  send-findings CPU time ${f(ratio)}× fastText's  ${ratio <= 1.2 ? "meets target" : "MISSES target"} (≤ 1.2×)\n`);
  for (const name of ["sentiment", "themes"]) for (const ext of ["bin", "vec", "txt"]) rmSync(join(WORK, `ft-${name}.${ext}`), { force: true });
}

function stream(): void {
  const sizes = [100_000, 300_000, 1_000_000];
  console.log(`stream: ${sizes.map((n) => n.toLocaleString("en-GB")).join(", ")} sentences piped into classify --sentences -, 2 rounds`);
  const files = sizes.map((n) => sentencesFile(n));
  const runs = alternate(
    files.map((file) => `cat ${q(file)} | node ${q(BIN)} classify --sentences - > /dev/null`),
    2,
  );
  // /usr/bin/time times bash here, whose peak memory is its largest child's: the classifier.
  let ok = true;
  sizes.forEach((n, i) => {
    const r = runs[i]!;
    const wall = median(r.map((x) => x.wall));
    const cpu = median(r.map((x) => x.cpu));
    const rss = Math.max(...r.map((x) => x.rssMB));
    ok &&= !(rss >= 250);
    console.log(`  ${n.toLocaleString("en-GB").padStart(9)} sentences: wall ${f(wall)} s (${f((wall / n) * 1e6, 1)} µs each)  cpu ${f(cpu)} s (${f((cpu / n) * 1e6, 1)} µs each)  peak ${f(rss, 0)} MB`);
  });
  const wallAt = sizes.map((_, i) => median(runs[i]!.map((x) => x.wall)));
  const slopes = sizes.slice(1).map((n, i) => ((wallAt[i + 1]! - wallAt[i]!) / (n - sizes[i]!)) * 1e6);
  console.log(`  each further sentence (wall): ${slopes.map((x, i) => `${f(x, 1)} µs from ${sizes[i]!.toLocaleString("en-GB")} to ${sizes[i + 1]!.toLocaleString("en-GB")}`).join(", ")} (linear when these agree; the µs each above include the start-up)`);
  console.log(`  peak memory ${ok ? "meets target" : "MISSES target"} (< 250 MB at every size)`);
  // Standard input keeps to one thread unless asked: what asking costs in memory, and saves in time.
  const [two] = alternate([`cat ${q(files[2]!)} | node ${q(BIN)} classify --sentences - --jobs 2 > /dev/null`], 1);
  console.log(`  with --jobs 2, ${sizes[2]!.toLocaleString("en-GB")} sentences: wall ${f(two![0]!.wall)} s, peak ${f(two![0]!.rssMB, 0)} MB\n`);
  // The files are made again in a second or two; 150 MB is not worth leaving in the temporary folder.
  for (const file of files) rmSync(file, { force: true });
}

function build(): void {
  if (!onPath("node") || !existsSync(join(REPO_ROOT, "dist/models/predict.js"))) {
    console.log("build: no dist/ (npm run build); skipped\n");
    return;
  }
  console.log("build: the classification loop over dist/ (node) against the sources (node --import tsx), 10 alternating pairs, sentences/s");
  const loop = join(REPO_ROOT, "scripts/bench/predict-loop.mjs");
  const a: number[] = [];
  const b: number[] = [];
  const run = (args: string[]) => Number(spawnSync("node", args, { cwd: REPO_ROOT, encoding: "utf8" }).stdout.trim());
  for (let i = 0; i < 10; i++) {
    const src = () => a.push(run(["--import", "tsx", loop, "src"]));
    const dist = () => b.push(run([loop, "dist"]));
    if (i % 2) {
      dist();
      src();
    } else {
      src();
      dist();
    }
  }
  const wins = b.filter((x, i) => x > a[i]!).length;
  console.log(`  sources (tsx): median ${f(median(a), 0)} (${a.join(" ")})`);
  console.log(`  dist/ (node):  median ${f(median(b), 0)} (${b.join(" ")})`);
  console.log(`  dist/ faster in ${wins} of ${a.length} pairs; ratio of medians ${f(median(b) / median(a))}\n`);
}

/** Runs the parts named in `want` (all when it is empty). */
export function benchProcess(want: (part: string) => boolean): void {
  mkdirSync(WORK, { recursive: true });
  if (!existsSync(join(REPO_ROOT, "dist/scripts/cli/main.js"))) {
    console.log("whole-process benchmarks: the bin needs dist/ (npm run build); skipped\n");
    return;
  }
  if (!hasTime) console.log("(no /usr/bin/time: wall-clock times only, no CPU time or peak memory)\n");
  if (want("startup")) startup();
  if (want("sklearn")) sklearn();
  if (want("fasttext")) fasttext();
  if (want("stream")) stream();
  if (want("build")) build();
}
