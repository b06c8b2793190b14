/**
 * `npm run bench`: the performance targets, measured on this machine (one core; medians of
 * several runs after a warm-up). Never part of the unit tests.
 *
 *   reader   — parse + sentence-split the seed letters (documents/s, MB/s, ms per letter; target < 5 ms)
 *   pdf      — PDF text extraction per 2023 report (target < 100 ms)
 *   classify — sentences in → labels out (target ≥ 100,000 sentences/s), parse + classify whole
 *              letters (target ≥ 100 letters/s), and scaling at 1k, 10k and 100k sentences
 *   train    — training both models on all labels (target < 5 s on one core with the 44 documents of codebook v2; it was < 2 s for the first 16)
 *   quality  — leave-one-document-out metrics stored in the shipped model (targets: sentiment
 *              macro-F1 ≥ 0.85, theme micro-F1 ≥ 0.75), old and new framework separately
 *   startup, sklearn, fasttext, stream, build — whole processes through the bin, in alternating
 *              pairs (bench-process.ts): start-up against bare node, classify --sentences against
 *              scikit-learn and fastText, a million sentences streamed, the build against tsx
 *
 * `npm run bench -- reader pdf` runs only the named parts.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadModel } from "../../models/model-file.ts";
import { toExamples } from "../../models/examples.ts";
import { dataSha256, trainModel } from "../../models/train.ts";
import { compileModel, predictCompiled } from "../../models/predict.ts";
import { classifyDocument } from "../../models/classify.ts";
import { defaultReportsDirs, documentPath, loadCorpus, loadDocumentList } from "../../pipeline/labels/corpus.ts";
import { REPO_ROOT } from "../../pipeline/common/paths.ts";
import { readSourceBytes } from "../../pipeline/ingest.ts";
import { pdfToText } from "../../pipeline/pdf.ts";
import { parseLetter } from "../../pipeline/index.ts";
import { sentenceRecords } from "../../pipeline/schema.ts";
import { tokenBuffer, Tokenizer } from "../../pipeline/tokens.ts";
import { benchProcess } from "./bench-process.ts";

const parts = new Set(process.argv.slice(2));
const want = (p: string) => parts.size === 0 || parts.has(p);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void, runs: number, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

async function timeAsync(fn: () => Promise<unknown>, runs: number, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

const mark = (ok: boolean) => (ok ? "meets target" : "MISSES target");
const fmt = (x: number, d = 1) => x.toLocaleString("en-GB", { maximumFractionDigits: d, minimumFractionDigits: d });

const letters = loadDocumentList()
  .documents.filter((d) => "path" in d)
  .map((d) => ({ id: d.letter_id, text: readFileSync(join(REPO_ROOT, (d as { path: string }).path), "utf8") }));
const letterBytes = letters.reduce((n, l) => n + Buffer.byteLength(l.text), 0);

console.log(`send-findings bench — node ${process.version}, ${process.platform}/${process.arch}; medians after warm-up\n`);

if (want("reader")) {
  console.log("reader: parse + split (text letters)");
  const all = time(() => letters.forEach((l) => parseLetter(l.text, { letter_id: l.id })), 30);
  console.log(`  ${letters.length} documents, ${fmt(letterBytes / 1024)} kB: ${fmt(all, 2)} ms → ${fmt((letters.length / all) * 1000, 0)} documents/s, ${fmt(letterBytes / 1048576 / (all / 1000), 2)} MB/s`);
  for (const l of letters) {
    const ms = time(() => parseLetter(l.text, { letter_id: l.id }), 50);
    const doc = parseLetter(l.text, { letter_id: l.id });
    console.log(`  ${l.id.padEnd(30)} ${String(doc.findings.length).padStart(3)} findings ${String(sentenceRecords(doc).length).padStart(4)} sentences  ${fmt(ms, 2)} ms  ${mark(ms < 5)} (< 5 ms)`);
  }
  console.log();
}

if (want("pdf")) {
  const dirs = defaultReportsDirs();
  const reports = loadDocumentList().documents.flatMap((d) => ("report" in d && documentPath(d, dirs) ? [{ letter_id: d.letter_id, path: documentPath(d, dirs)! }] : []));
  console.log(`pdf: text extraction per 2023 report (${dirs.join(", ")})`);
  if (reports.length === 0) console.log("  no report found in those folders; skipped");
  else {
    const times: number[] = [];
    for (const r of reports) {
      const bytes = new Uint8Array(readFileSync(r.path));
      const ms = await timeAsync(() => pdfToText(bytes, r.letter_id), 5, 1);
      times.push(ms);
      console.log(`  ${r.letter_id.padEnd(24)} ${fmt(bytes.length / 1024, 0).padStart(5)} kB  ${fmt(ms, 1)} ms  ${mark(ms < 100)} (< 100 ms)`);
    }
    console.log(`  median over reports: ${fmt(median(times), 1)} ms\n`);
  }
}

const modelPath = join(REPO_ROOT, "models/send-findings.json");
if ((want("classify") || want("quality")) && !existsSync(modelPath)) console.log("classify/quality: no shipped model at models/send-findings.json; run `npm run train`\n");

if (want("classify") && existsSync(modelPath)) {
  const cm = compileModel(loadModel(modelPath));
  const pool = letters.flatMap((l) => sentenceRecords(parseLetter(l.text, { letter_id: l.id })));
  const resample = (n: number) => Array.from({ length: n }, (_, i) => pool[(i * 7919) % pool.length]!);
  console.log(`classify: sentences in → labels out (tokenise, features, sentiment + 20 themes), one core; pool of ${pool.length} distinct sentences`);
  const rows: [number, number][] = [];
  for (const n of [1_000, 10_000, 100_000]) {
    const batch = resample(n);
    const ms = time(() => batch.forEach((s) => predictCompiled(cm, s)), n >= 100_000 ? 3 : 7, 1);
    rows.push([n, ms]);
    console.log(`  ${fmt(n, 0).padStart(7)} sentences: ${fmt(ms, 1).padStart(8)} ms → ${fmt((n / ms) * 1000, 0)} sentences/s${n === 100_000 ? `  ${mark((n / ms) * 1000 >= 100_000)} (≥ 100,000/s)` : ""}`);
  }
  const perK = rows.map(([n, ms]) => (ms / n) * 1000);
  console.log(`  scaling: ${perK.map((x) => fmt(x, 2)).join(" / ")} ms per 1,000 sentences at 1k / 10k / 100k (linear when these are about equal)`);
  const tokens = tokenBuffer();
  const tokenizer = new Tokenizer();
  const uniqueTok = time(() => pool.forEach((s) => tokenizer.tokenizeInto(s.text, tokens)), 5, 1);
  console.log(`  of which tokenising alone: ${fmt((pool.length / uniqueTok) * 1000, 0)} sentences/s`);
  const letterMs = time(() => letters.forEach((l) => classifyDocument(cm, parseLetter(l.text, { letter_id: l.id }))), 20);
  console.log(`  parse + classify whole text letters: ${fmt((letters.length / letterMs) * 1000, 0)} letters/s  ${mark((letters.length / letterMs) * 1000 >= 100)} (≥ 100/s)`);
  const dirs = defaultReportsDirs();
  const paths = loadDocumentList().documents.flatMap((d) => ("report" in d && documentPath(d, dirs) ? [documentPath(d, dirs)!] : []));
  if (paths.length > 0) {
    const pdfs = paths.map((p) => new Uint8Array(readFileSync(p)));
    const ms = await timeAsync(async () => {
      for (const b of pdfs) classifyDocument(cm, parseLetter((await readSourceBytes(b, "r.pdf")).text, { letter_id: "r" }));
    }, 3, 1);
    console.log(`  read PDF + parse + classify, 2023 reports: ${fmt((pdfs.length / ms) * 1000, 1)} reports/s (PDF extraction dominates)`);
  }
  console.log();
}

if (want("train")) {
  const corpus = await loadCorpus(join(REPO_ROOT, "data/labels"));
  const examples = toExamples(corpus.sentences);
  const { TrainParamsSchema } = await import("../../models/model-file.ts");
  const params = TrainParamsSchema.parse({});
  console.log(`train: both models (sentiment + 20 themes with threshold CV) on ${examples.length} labelled sentences from ${corpus.documents.size} documents`);
  const ms = time(() => trainModel(examples, params, { seed: 42, letters: [], skipped_letters: [], data_sha256: dataSha256(examples) }), 3, 1);
  console.log(`  ${fmt(ms / 1000, 2)} s  ${mark(ms < 5000)} (< 5 s)\n`);
}

if (want("quality") && existsSync(modelPath)) {
  const m = loadModel(modelPath);
  console.log("quality: leave-one-document-out metrics stored in the shipped model (made by `npm run train`)");
  if (!m.metrics) console.log("  the model has no metrics (trained with --no-cv)");
  else
    for (const [k, v] of Object.entries(m.metrics.frameworks)) {
      console.log(
        `  ${k.padEnd(5)} n=${String(v.n_sentences).padStart(5)}  sentiment macro-F1 ${v.sentiment_macro_f1?.toFixed(3) ?? "n/a"} ${mark((v.sentiment_macro_f1 ?? 0) >= 0.85)} (≥ 0.85)   theme micro-F1 ${v.theme_micro_f1?.toFixed(3) ?? "n/a"} ${mark((v.theme_micro_f1 ?? 0) >= 0.75)} (≥ 0.75)`,
      );
    }
  console.log();
}

benchProcess(want);

const usage = process.resourceUsage();
console.log(`peak memory (max RSS): ${fmt(usage.maxRSS / 1024, 0)} MB`);
