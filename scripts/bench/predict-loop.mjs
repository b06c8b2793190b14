/**
 * The classification hot loop of `bench-predict.ts`, in plain JavaScript so that the same loop can
 * run over either build of the modules: `node scripts/bench/predict-loop.mjs dist` (the JavaScript
 * the bin runs) or `node --import tsx scripts/bench/predict-loop.mjs src` (the TypeScript sources
 * through tsx, as in development). Prints the best of eight passes of `predictCompiled` over
 * 100,000 sentences resampled from the text letters, in sentences/s. `bench-process.ts` runs the
 * two in alternating order to say whether the build slows the loop.
 */
const from = process.argv[2];
if (from !== "dist" && from !== "src") {
  console.error("usage: predict-loop.mjs dist|src");
  process.exit(2);
}
const load = (path) => import(new URL(from === "dist" ? `../../dist/${path}.js` : `../../${path}.ts`, import.meta.url).href);
const [{ readFileSync }, { join }, { loadModel }, { compileModel, predictCompiled }, { loadDocumentList }, { REPO_ROOT }, { parseLetter }, { sentenceRecords }] = await Promise.all([
  import("node:fs"),
  import("node:path"),
  load("models/model-file"),
  load("models/predict"),
  load("pipeline/labels/corpus"),
  load("pipeline/common/paths"),
  load("pipeline/index"),
  load("pipeline/schema"),
]);

const pool = loadDocumentList()
  .documents.filter((d) => "path" in d)
  .flatMap((d) => sentenceRecords(parseLetter(readFileSync(join(REPO_ROOT, d.path), "utf8"), { letter_id: d.letter_id })));
const cm = compileModel(loadModel(join(REPO_ROOT, "models/send-findings.json")));
const N = 100_000;
const batch = Array.from({ length: N }, (_, i) => pool[(i * 7919) % pool.length]);
let best = 0;
for (let pass = 0; pass < 8; pass++) {
  const t0 = performance.now();
  for (const s of batch) predictCompiled(cm, s);
  best = Math.max(best, (N / (performance.now() - t0)) * 1000);
}
console.log(Math.round(best));
