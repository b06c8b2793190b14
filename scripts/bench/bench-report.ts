/**
 * `report` benchmark: the whole command, as an analyst runs it (`node bin/send-findings.mjs report
 * DIR... --out TMP --quiet`), on the 2023 reports in `../shared/reports-2023` and
 * `../shared/reports-2023-extra` (40 PDFs), pinned to one core with `taskset` where there is one.
 * Prints each run's wall time and the median. Target: under 15 s.
 *
 *   npx tsx scripts/bench/bench-report.ts [--runs N] [DIR...]
 *
 * The site and workbook go to a temporary folder that is removed afterwards; nothing from the
 * reports is written into the repository. Timings live here, never in unit tests (style guide §7).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const TARGET_S = 15;

function parseArgs(argv: readonly string[]): { runs: number; dirs: string[] } {
  let runs = 3;
  const dirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--runs") {
      runs = Number(argv[++i]);
      if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs needs a whole number ≥ 1, got ${argv[i] ?? "nothing"}`);
    } else dirs.push(resolve(a));
  }
  if (dirs.length === 0) dirs.push(resolve(root, "../shared/reports-2023"), resolve(root, "../shared/reports-2023-extra"));
  return { runs, dirs };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function main(): number {
  const { runs, dirs } = parseArgs(process.argv.slice(2));
  for (const d of dirs) {
    if (!existsSync(d)) {
      process.stderr.write(`bench-report: ${d} not found; the 2023 reports live in ../shared beside the repository\n`);
      return 1;
    }
  }
  const pdfs = dirs.reduce((n, d) => n + readdirSync(d).filter((f) => /\.(pdf|txt)$/i.test(f)).length, 0);
  const pin = spawnSync("taskset", ["-c", "0", "true"]).status === 0;
  const hasTime = existsSync("/usr/bin/time");
  const report = [process.execPath, join(root, "bin/send-findings.mjs"), "report", ...dirs, "--quiet"];
  process.stdout.write(`report on ${pdfs} documents, ${runs} runs, ${pin ? "pinned to CPU 0 (taskset -c 0)" : "not pinned (no taskset)"}, node ${process.version}\n`);
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = join(mkdtempSync(join(tmpdir(), "sf-bench-report-")), "site");
    const cmd = [...(hasTime ? ["/usr/bin/time", "-f", "cpu %U %S"] : []), ...(pin ? ["taskset", "-c", "0"] : []), ...report, "--out", out];
    const t0 = performance.now();
    const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd: root, encoding: "utf8" });
    const wall = (performance.now() - t0) / 1000;
    rmSync(dirname(out), { recursive: true, force: true });
    if (r.status !== 0) {
      process.stderr.write(`bench-report: report exited ${r.status}: ${r.stderr.trim().split("\n").at(-1) ?? ""}\n`);
      return 1;
    }
    walls.push(wall);
    const t = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
    const cpu = t ? Number(t[1]) + Number(t[2]) : null;
    if (cpu !== null) cpus.push(cpu);
    process.stdout.write(`run ${i + 1}: wall ${wall.toFixed(2)} s${cpu === null ? "" : `, cpu ${cpu.toFixed(2)} s`}\n`);
  }
  const m = median(walls);
  const verdict = (x: number) => (x < TARGET_S ? "meets target" : "MISSES target");
  process.stdout.write(`median wall ${m.toFixed(2)} s (target < ${TARGET_S} s: ${verdict(m)})\n`);
  if (cpus.length > 0) process.stdout.write(`median cpu ${median(cpus).toFixed(2)} s (${verdict(median(cpus))}; what the run itself used, whatever else shares the core)\n`);
  return 0;
}

process.exitCode = main();
