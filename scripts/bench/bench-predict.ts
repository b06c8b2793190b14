/**
 * One number for comparing checkouts: the best of eight passes of `predictCompiled` over 100,000
 * sentences resampled from the text letters (as `npm run bench` does), in sentences/s.
 * `scripts/bench/bench-ab.sh` runs it in two checkouts in alternating order.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadModel } from "../../models/model-file.ts";
import { compileModel, predictCompiled } from "../../models/predict.ts";
import { loadDocumentList } from "../../pipeline/labels/corpus.ts";
import { REPO_ROOT } from "../../pipeline/common/paths.ts";
import { parseLetter } from "../../pipeline/index.ts";
import { sentenceRecords } from "../../pipeline/schema.ts";

const pool = loadDocumentList()
  .documents.filter((d) => "path" in d)
  .flatMap((d) => sentenceRecords(parseLetter(readFileSync(join(REPO_ROOT, (d as { path: string }).path), "utf8"), { letter_id: d.letter_id })));
const cm = compileModel(loadModel(join(REPO_ROOT, "models/send-findings.json")));
const N = 100_000;
const batch = Array.from({ length: N }, (_, i) => pool[(i * 7919) % pool.length]!);
let best = 0;
for (let pass = 0; pass < 8; pass++) {
  const t0 = performance.now();
  for (const s of batch) predictCompiled(cm, s);
  best = Math.max(best, (N / (performance.now() - t0)) * 1000);
}
console.log(Math.round(best));
