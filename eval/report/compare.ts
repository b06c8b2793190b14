/**
 * Difference between two evaluation runs' metrics, so a researcher sees whether a change helped.
 * Each headline figure is shown for A and B with its interval, and the change B − A with a paired
 * bootstrap interval over the documents both runs scored: the same documents are resampled for
 * both runs, so what the two runs share (hard documents, easy ones) cancels out, and the interval
 * is that of the difference itself. A verdict says whether B is better, worse, or within noise.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError, summariseZodError } from "../../pipeline/errors.ts";
import { SENTIMENTS } from "../../pipeline/schema.ts";
import { accuracy, bootstrapCI, macroF1, orderFrameworks, perClass } from "../metrics.ts";
import { fmt } from "./render.ts";
import { type MetricsJson, MetricsJsonSchema } from "./schema.ts";

/** The metrics file of a report folder (or the path itself when it names a .json file). */
export function metricsFile(path: string): string {
  return path.endsWith(".json") ? path : join(path, "metrics.json");
}

/** Loads `metrics.json` from a report folder (or the file itself). */
export function loadMetrics(path: string): MetricsJson {
  const file = metricsFile(path);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === "ENOENT" ? "E_NOT_FOUND" : "E_DATA", code === "ENOENT" ? "no metrics.json here; run `send-findings eval --out DIR` first" : "not valid JSON", { file });
  }
  const parsed = MetricsJsonSchema.safeParse(json);
  if (!parsed.success) throw new InputError("E_DATA", `not an eval metrics file: ${summariseZodError(parsed.error)}`, { file });
  return parsed.data;
}

export type CompareVerdict = "better" | "worse" | "within noise";

/** B − A over the documents both runs scored, with its paired bootstrap interval. */
export interface PairedDifference {
  n_documents: number;
  delta: number | null;
  lo: number | null;
  hi: number | null;
  verdict: CompareVerdict | null;
}

export interface CompareRow {
  metric: string;
  a: number | null;
  a_ci: string;
  b: number | null;
  b_ci: string;
  /** B − A of the two runs' own figures (each over its own documents). */
  delta: number | null;
  /** Null where a run's metrics.json has no per-document counts (made before they were recorded). */
  paired: PairedDifference | null;
  /** Whether a smaller value is better (flip rate). */
  lower_is_better: boolean;
}

type Letter = MetricsJson["sentiment"]["per_letter"][number];
type Counts = { m: number[][]; tp: number; fp: number; fn: number };

function sumCounts(letters: readonly Letter[]): Counts {
  const k = SENTIMENTS.length;
  const out: Counts = { m: Array.from({ length: k }, () => new Array<number>(k).fill(0)), tp: 0, fp: 0, fn: 0 };
  for (const l of letters) {
    l.confusion!.forEach((row, i) => row.forEach((c, j) => (out.m[i]![j]! += c)));
    out.tp += l.theme_counts!.tp;
    out.fp += l.theme_counts!.fp;
    out.fn += l.theme_counts!.fn;
  }
  return out;
}

const total = (m: number[][]) => m.reduce((a, r) => a + r.reduce((x, y) => x + y, 0), 0);

/** The figures a paired difference can be computed for, from pooled per-document counts. */
const FROM_COUNTS: Record<string, (c: Counts) => number | null> = {
  "sentiment macro-F1": (c) => macroF1(c.m),
  "sentiment accuracy": (c) => (total(c.m) > 0 ? accuracy(c.m) : null),
  ...Object.fromEntries(SENTIMENTS.map((s, i) => [`F1 ${s}`, (c: Counts) => (total(c.m) > 0 ? perClass(c.m)[i]!.f1 : null)])),
  "flip rate": (c) => {
    const polar = c.m[0]!.reduce((a, b) => a + b, 0) + c.m[1]!.reduce((a, b) => a + b, 0);
    return polar > 0 ? (c.m[0]![1]! + c.m[1]![0]!) / polar : null;
  },
  "theme micro-F1": (c) => (2 * c.tp + c.fp + c.fn > 0 ? (2 * c.tp) / (2 * c.tp + c.fp + c.fn) : null),
};

/** Verdict from a difference's interval: outside zero on the good side is "better". */
export function verdictOf(lo: number | null, hi: number | null, lowerIsBetter: boolean): CompareVerdict | null {
  if (lo === null || hi === null) return null;
  if (lo > 0) return lowerIsBetter ? "worse" : "better";
  if (hi < 0) return lowerIsBetter ? "better" : "worse";
  return "within noise";
}

function paired(metric: string, fw: string, a: MetricsJson, b: MetricsJson, boot: { iterations: number; seed: number }): PairedDifference | null {
  const f = FROM_COUNTS[metric];
  if (f === undefined) return null;
  const has = (l: Letter) => l.confusion !== undefined && l.theme_counts !== undefined && (fw === "all" || l.framework === fw);
  const la = new Map(a.sentiment.per_letter.filter(has).map((l) => [l.letter_id, l]));
  const lb = new Map(b.sentiment.per_letter.filter(has).map((l) => [l.letter_id, l]));
  if (la.size === 0 || lb.size === 0) return null;
  const shared = [...la.keys()].filter((id) => lb.has(id)).sort();
  const diff = (ids: readonly string[]) => {
    const x = f(sumCounts(ids.map((id) => la.get(id)!)));
    const y = f(sumCounts(ids.map((id) => lb.get(id)!)));
    return x === null || y === null ? null : y - x;
  };
  const delta = shared.length > 0 ? diff(shared) : null;
  const { lo, hi } = bootstrapCI(shared, diff, boot);
  return { n_documents: shared.length, delta, lo, hi, verdict: verdictOf(lo, hi, metric === "flip rate") };
}

/**
 * Headline metrics of two runs side by side, each with its change B − A and, where both runs
 * recorded per-document counts, the paired bootstrap interval of that change and a verdict.
 */
export function compareMetrics(a: MetricsJson, b: MetricsJson, boot: { iterations: number; seed: number } = { iterations: a.setup.bootstrap.iterations, seed: a.setup.bootstrap.seed }): CompareRow[] {
  const rows: CompareRow[] = [];
  const ci = (i?: { lo: number | null; hi: number | null }) => (i && i.lo !== null && i.hi !== null ? `${fmt(i.lo)}–${fmt(i.hi)}` : "");
  const push = (name: string, fw: string, x: number | null | undefined, y: number | null | undefined, xi?: { lo: number | null; hi: number | null }, yi?: { lo: number | null; hi: number | null }) =>
    rows.push({
      metric: `${name} [${fw}]`,
      a: x ?? null,
      a_ci: ci(xi),
      b: y ?? null,
      b_ci: ci(yi),
      delta: x !== null && x !== undefined && y !== null && y !== undefined ? y - x : null,
      paired: paired(name, fw, a, b, boot),
      lower_is_better: name === "flip rate",
    });
  const fws = orderFrameworks([...new Set([...Object.keys(a.sentiment.by_framework), ...Object.keys(b.sentiment.by_framework)])]);
  for (const fw of fws) {
    const sa = a.sentiment.by_framework[fw];
    const sb = b.sentiment.by_framework[fw];
    push("sentiment macro-F1", fw, sa?.macro_f1, sb?.macro_f1, sa?.macro_f1_ci, sb?.macro_f1_ci);
    push("sentiment accuracy", fw, sa?.accuracy, sb?.accuracy);
    for (const c of SENTIMENTS) push(`F1 ${c}`, fw, sa?.per_class[c]?.f1, sb?.per_class[c]?.f1, sa?.per_class[c]?.f1_ci, sb?.per_class[c]?.f1_ci);
    push("flip rate", fw, sa?.flip?.rate, sb?.flip?.rate, sa?.flip?.rate_ci, sb?.flip?.rate_ci);
    push("ECE", fw, sa?.calibration.ece, sb?.calibration.ece);
    const ta = a.themes.by_framework[fw];
    const tb = b.themes.by_framework[fw];
    push("theme micro-F1", fw, ta?.micro.f1, tb?.micro.f1, ta?.micro_f1_ci, tb?.micro_f1_ci);
    push("theme macro-F1", fw, ta?.macro_f1, tb?.macro_f1);
  }
  return rows;
}

const signed = (x: number | null) => (x === null ? "n/a" : `${x >= 0 ? "+" : ""}${x.toFixed(3)}`);

function pairedCells(r: CompareRow): { delta: string; ci: string; verdict: string } {
  if (r.paired === null) return { delta: "", ci: "", verdict: "" };
  const p = r.paired;
  return { delta: signed(p.delta), ci: p.lo === null || p.hi === null ? "n/a" : `${signed(p.lo)} to ${signed(p.hi)}`, verdict: p.verdict === null ? "n/a" : `B ${p.verdict === "within noise" ? "within noise" : p.verdict}` };
}

function notes(rows: readonly CompareRow[], sameData: boolean, boot: { iterations: number; seed: number }): string[] {
  const n = rows.find((r) => r.paired !== null)?.paired?.n_documents;
  return [
    sameData ? "Same labelled data in both runs." : "WARNING: the runs used different labelled data (data_sha256 differs); differences mix data and method.",
    n !== undefined
      ? `Paired: B − A over the ${n} documents both runs scored, with a 95% paired bootstrap interval (${boot.iterations} resamples of those documents, seed ${boot.seed}); "better"/"worse" when the interval excludes 0 (for the flip rate, lower is better), else "within noise".`
      : "No paired intervals: a run's metrics.json has no per-document counts (made by an older send-findings); rerun eval on it.",
  ];
}

/** Plain-text rendering of a comparison (for the terminal). */
export function formatComparison(rows: readonly CompareRow[], nameA: string, nameB: string, sameData: boolean, boot: { iterations: number; seed: number } = { iterations: 1000, seed: 42 }): string {
  const w = Math.max(...rows.map((r) => r.metric.length), 6);
  const lines = [
    `A: ${nameA}`,
    `B: ${nameB}`,
    ...notes(rows, sameData, boot),
    "",
    `${"metric".padEnd(w)}  ${"A".padStart(6)}  ${"A 95% CI".padEnd(11)}  ${"B".padStart(6)}  ${"B 95% CI".padEnd(11)}  ${"B − A".padStart(7)}  ${"paired 95% CI".padEnd(17)}  verdict`,
  ];
  for (const r of rows) {
    const p = pairedCells(r);
    lines.push(`${r.metric.padEnd(w)}  ${fmt(r.a).padStart(6)}  ${r.a_ci.padEnd(11)}  ${fmt(r.b).padStart(6)}  ${r.b_ci.padEnd(11)}  ${signed(r.delta).padStart(7)}  ${p.ci.padEnd(17)}  ${p.verdict}`.trimEnd());
  }
  return `${lines.join("\n")}\n`;
}

/** Markdown rendering of a comparison (for `--out FILE`). */
export function formatComparisonMarkdown(rows: readonly CompareRow[], nameA: string, nameB: string, sameData: boolean, boot: { iterations: number; seed: number } = { iterations: 1000, seed: 42 }): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  const table = [
    "| metric | A | A 95% CI | B | B 95% CI | B − A | paired 95% CI of B − A | verdict |",
    "| --- | ---: | --- | ---: | --- | ---: | --- | --- |",
    ...rows.map((r) => {
      const p = pairedCells(r);
      return `| ${esc(r.metric)} | ${fmt(r.a)} | ${r.a_ci} | ${fmt(r.b)} | ${r.b_ci} | ${signed(r.delta)} | ${p.ci} | ${p.verdict} |`;
    }),
  ];
  return `# Comparison of two evaluation runs\n\n- **A**: \`${esc(nameA)}\`\n- **B**: \`${esc(nameB)}\`\n\n${notes(rows, sameData, boot).join("\n\n")}\n\n${table.join("\n")}\n`;
}
