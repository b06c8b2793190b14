/**
 * PDF extraction benchmark: reads each 2023 report in `../shared/reports-2023` (beside the
 * repository) several times after a warm-up and prints the median extraction time per report.
 * Target: under 100 ms per report once warm.
 *
 *   npx tsx scripts/bench/bench-pdf.ts [--runs N] [--warmup N] [DIR]
 *
 * Timings live here, never in unit tests (style guide §7).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { pdfToText } from "../../pipeline/pdf.ts";

const here = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv: readonly string[]): { runs: number; warmup: number; dir: string } {
  let runs = 9;
  let warmup = 2;
  let dir = resolve(here, "../../../shared/reports-2023");
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--runs" || a === "--warmup") {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < (a === "--runs" ? 1 : 0)) throw new Error(`${a} needs a whole number, got ${argv[i] ?? "nothing"}`);
      if (a === "--runs") runs = n;
      else warmup = n;
    } else dir = resolve(a);
  }
  return { runs, warmup, dir };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(): Promise<number> {
  const { runs, warmup, dir } = parseArgs(process.argv.slice(2));
  if (!existsSync(dir)) {
    process.stderr.write(`bench-pdf: ${dir} not found; the 2023 reports live in ../shared/reports-2023 beside the repository\n`);
    return 1;
  }
  const files = readdirSync(dir).filter((f) => f.toLowerCase().endsWith(".pdf")).sort();
  process.stdout.write(`pdfToText, ${warmup} warm-up + ${runs} timed runs per report, node ${process.version}\n\n`);
  process.stdout.write(`${"report".padEnd(36)} ${"pages".padStart(5)} ${"median ms".padStart(10)} ${"min".padStart(7)} ${"max".padStart(7)}\n`);
  const medians: number[] = [];
  for (const f of files) {
    const bytes = new Uint8Array(readFileSync(join(dir, f)));
    let pages = 0;
    for (let i = 0; i < warmup; i++) pages = (await pdfToText(bytes, f)).pages;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      pages = (await pdfToText(bytes, f)).pages;
      times.push(performance.now() - t0);
    }
    const m = median(times);
    medians.push(m);
    const row = `${basename(f, ".pdf").padEnd(36)} ${String(pages).padStart(5)} ${m.toFixed(1).padStart(10)} ${Math.min(...times).toFixed(1).padStart(7)} ${Math.max(...times).toFixed(1).padStart(7)}`;
    process.stdout.write(`${row}\n`);
  }
  if (medians.length > 0) {
    process.stdout.write(`\nmedian of medians ${median(medians).toFixed(1)} ms; slowest report ${Math.max(...medians).toFixed(1)} ms (target < 100 ms)\n`);
  }
  return 0;
}

process.exitCode = await main();
