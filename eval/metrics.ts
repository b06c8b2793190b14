/**
 * Pure metric functions for the precision report. Classes are integer indexes 0..k-1 here; the
 * caller maps codebook labels to indexes (and back) in one place.
 *
 * A value that cannot be computed (precision of a class that was never predicted, recall of a
 * class with no gold examples, kappa when chance agreement is total) is `null`, never NaN and
 * never a silent 0, so a report can print "n/a" instead of a misleading number. Malformed input
 * (ragged matrices, labels outside 0..k-1, arrays of different lengths) is a caller bug and throws
 * a `RangeError`, as mljs's `check*` helpers do.
 */
import { mulberry32 } from "../pipeline/common/random.ts";

/** Precision, recall and F1 for one class; `support` is the number of gold examples of the class. */
export interface ClassMetrics {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  support: number;
}

/** One equal-width confidence bin of a reliability diagram. `null` where the bin is empty. */
export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  meanConfidence: number | null;
  accuracy: number | null;
}

function checkSameLength(where: string, a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) throw new RangeError(`${where}: arrays have different lengths (${a.length} and ${b.length}); expected one entry per sample in each`);
}

function checkClass(where: string, c: number, k: number): void {
  if (!Number.isInteger(c) || c < 0 || c >= k) throw new RangeError(`${where}: class ${c} is not an integer in 0..${k - 1}; map labels to indexes first`);
}

function checkSquare(where: string, m: number[][]): void {
  for (const row of m) {
    if (row.length !== m.length) throw new RangeError(`${where}: matrix is not square (${m.length} rows, a row of ${row.length}); expected k×k counts`);
  }
}

/** Divides, or returns null when the denominator is zero (the quantity is undefined). */
function ratio(num: number, den: number): number | null {
  return den === 0 ? null : num / den;
}

/** Precision/recall/F1 from the three counts. F1 = 2tp/(2tp+fp+fn), defined whenever tp+fp+fn > 0. */
function prf(tp: number, fp: number, fn: number): ClassMetrics {
  // F1 in its count form stays defined when one of P or R is not: a class with gold examples
  // that is never predicted has F1 0 (nothing found), which is what macro-F1 must average in.
  return { precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), f1: ratio(2 * tp, 2 * tp + fp + fn), support: tp + fn };
}

/**
 * Returns the k×k confusion matrix of counts: rows are gold classes, columns predicted classes.
 *
 * @example
 * confusionMatrix([0, 0, 1, 2], [0, 1, 1, 1], 3)
 * // [[1, 1, 0], [0, 1, 0], [0, 1, 0]]
 */
export function confusionMatrix(gold: number[], pred: number[], k: number): number[][] {
  checkSameLength("confusionMatrix", gold, pred);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`confusionMatrix: k = ${k}; expected a positive integer number of classes`);
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  gold.forEach((g, i) => {
    const p = pred[i]!;
    checkClass("confusionMatrix", g, k);
    checkClass("confusionMatrix", p, k);
    m[g]![p]!++;
  });
  return m;
}

/**
 * Returns each row divided by its sum (the share of each gold class predicted as each class).
 * A row with no gold examples is all `null`: there is nothing to share out.
 *
 * @example
 * rowNormalise([[1, 3], [0, 0]])
 * // [[0.25, 0.75], [null, null]]
 */
export function rowNormalise(m: number[][]): (number | null)[][] {
  return m.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((c) => ratio(c, total));
  });
}

/**
 * Returns precision, recall, F1 and support for each class of a confusion matrix (rows gold).
 *
 * @example
 * perClass([[2, 0], [1, 0]])
 * // [{ precision: 2/3, recall: 1, f1: 0.8, support: 2 }, { precision: null, recall: 0, f1: 0, support: 1 }]
 */
export function perClass(m: number[][]): ClassMetrics[] {
  checkSquare("perClass", m);
  return m.map((row, c) => {
    const tp = row[c]!;
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = m.reduce((a, r) => a + r[c]!, 0);
    return prf(tp, predicted - tp, support - tp);
  });
}

/**
 * Returns the unweighted mean F1 over the classes that have gold examples, or `null` when no class
 * has any. Classes absent from the gold labels are left out rather than counted as 0 or 1, so a
 * letter with no neutral findings is not punished or rewarded for them.
 *
 * @example
 * macroF1([[2, 0, 0], [1, 0, 0], [0, 0, 0]])
 * // 0.4   (mean of 0.8 and 0; the third class has no support)
 */
export function macroF1(m: number[][]): number | null {
  const scored = perClass(m).filter((c) => c.support > 0);
  if (scored.length === 0) return null;
  return scored.reduce((a, c) => a + (c.f1 ?? 0), 0) / scored.length;
}

/**
 * Returns the share of samples on the diagonal. Throws on an empty matrix, where accuracy is
 * undefined; callers check for zero samples first and report `null`.
 *
 * @example
 * accuracy([[2, 0], [1, 1]])
 * // 0.75
 */
export function accuracy(m: number[][]): number {
  checkSquare("accuracy", m);
  const total = m.reduce((a, row) => a + row.reduce((x, y) => x + y, 0), 0);
  if (total === 0) throw new RangeError("accuracy: the confusion matrix holds no samples; expected at least one (report null for an empty set)");
  return m.reduce((a, row, i) => a + row[i]!, 0) / total;
}

/**
 * Returns Cohen's kappa between two raters' labels (classes 0..k-1): (po − pe) / (1 − pe).
 * `null` when there are no samples, or when chance agreement is total (both raters used one and
 * the same class throughout), where kappa is 0/0.
 *
 * @example
 * cohenKappa([0, 0, 1, 1], [0, 1, 0, 1], 2)
 * // 0   (po = 0.5, pe = 0.5)
 */
export function cohenKappa(a: number[], b: number[], k: number): number | null {
  const m = confusionMatrix(a, b, k);
  const n = a.length;
  if (n === 0) return null;
  let po = 0;
  let pe = 0;
  for (let c = 0; c < k; c++) {
    po += m[c]![c]! / n;
    const rowC = m[c]!.reduce((x, y) => x + y, 0) / n;
    const colC = m.reduce((x, r) => x + r[c]!, 0) / n;
    pe += rowC * colC;
  }
  if (1 - pe === 0) return null;
  return (po - pe) / (1 - pe);
}

/**
 * Returns precision, recall and F1 of a binary decision (true = positive). `support` is the
 * number of gold positives.
 *
 * @example
 * binaryPrf([true, true, false, false], [true, false, true, false])
 * // { precision: 0.5, recall: 0.5, f1: 0.5, support: 2 }
 */
export function binaryPrf(gold: boolean[], pred: boolean[]): ClassMetrics {
  checkSameLength("binaryPrf", gold, pred);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  gold.forEach((g, i) => {
    const p = pred[i]!;
    if (g && p) tp++;
    else if (p) fp++;
    else if (g) fn++;
  });
  return prf(tp, fp, fn);
}

/**
 * Returns micro-averaged precision, recall and F1 of a multi-label task: true/false positives
 * and false negatives are pooled over every (sample, label) cell. `golds[i][j]` says whether
 * sample i carries label j. `support` is the total number of gold (sample, label) positives.
 *
 * @example
 * microPrf([[true, false], [false, true]], [[true, true], [false, false]])
 * // { precision: 0.5, recall: 0.5, f1: 0.5, support: 2 }
 */
export function microPrf(golds: boolean[][], preds: boolean[][]): ClassMetrics {
  checkSameLength("microPrf", golds, preds);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  golds.forEach((g, i) => {
    const p = preds[i]!;
    checkSameLength(`microPrf: sample ${i}`, g, p);
    g.forEach((gj, j) => {
      const pj = p[j]!;
      if (gj && pj) tp++;
      else if (pj) fp++;
      else if (gj) fn++;
    });
  });
  return prf(tp, fp, fn);
}

function checkProbs(where: string, probs: number[][], gold: number[]): number {
  checkSameLength(where, probs, gold);
  if (probs.length === 0) throw new RangeError(`${where}: no samples; expected at least one (report null for an empty set)`);
  const k = probs[0]!.length;
  probs.forEach((row, i) => {
    if (row.length !== k) throw new RangeError(`${where}: sample ${i} has ${row.length} probabilities; expected ${k} like sample 0`);
    checkClass(where, gold[i]!, k);
  });
  return k;
}

/**
 * Returns the multi-class Brier score: the mean over samples of Σ_c (p_c − [c = gold])².
 * 0 is perfect; 2 is certain and always wrong. Throws on zero samples.
 *
 * @example
 * brierScore([[1, 0], [0.5, 0.5]], [0, 1])
 * // 0.25   ((0 + 0.5) / 2)
 */
export function brierScore(probs: number[][], gold: number[]): number {
  const k = checkProbs("brierScore", probs, gold);
  let total = 0;
  probs.forEach((row, i) => {
    for (let c = 0; c < k; c++) total += (row[c]! - (c === gold[i] ? 1 : 0)) ** 2;
  });
  return total / probs.length;
}

/**
 * Returns a reliability table for the top-label confidence (the highest probability of each
 * sample, and whether its class is the gold one), in `nBins` equal-width bins over [0, 1], and
 * the expected calibration error ECE = Σ_b (n_b / N)·|accuracy_b − meanConfidence_b|.
 * Bins are [lo, hi) except the last, which includes 1. Ties for the top class go to the lowest
 * index, as an argmax does. Throws on zero samples.
 *
 * @example
 * reliability([[0.9, 0.1], [0.7, 0.3]], [0, 1], 2).ece
 * // 0.3   (one bin [0.5, 1]: mean confidence 0.8, accuracy 0.5)
 */
export function reliability(probs: number[][], gold: number[], nBins = 10): { bins: ReliabilityBin[]; ece: number } {
  checkProbs("reliability", probs, gold);
  if (!Number.isInteger(nBins) || nBins < 1) throw new RangeError(`reliability: nBins = ${nBins}; expected a positive integer`);
  const count = new Array<number>(nBins).fill(0);
  const confSum = new Array<number>(nBins).fill(0);
  const correct = new Array<number>(nBins).fill(0);
  probs.forEach((row, i) => {
    let top = 0;
    for (let c = 1; c < row.length; c++) if (row[c]! > row[top]!) top = c;
    const conf = row[top]!;
    const b = Math.min(nBins - 1, Math.max(0, Math.floor(conf * nBins)));
    count[b]!++;
    confSum[b]! += conf;
    if (top === gold[i]) correct[b]!++;
  });
  let ece = 0;
  const bins = count.map((n, b): ReliabilityBin => {
    const meanConfidence = ratio(confSum[b]!, n);
    const acc = ratio(correct[b]!, n);
    if (meanConfidence !== null && acc !== null) ece += (n / probs.length) * Math.abs(acc - meanConfidence);
    return { lo: b / nBins, hi: (b + 1) / nBins, count: n, meanConfidence, accuracy: acc };
  });
  return { bins, ece };
}


/** The q-quantile of sorted values, interpolating linearly between order statistics (numpy's default). */
function quantileSorted(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Returns a percentile bootstrap interval (default 95%) for a statistic, resampling whole groups
 * with replacement. Groups are the unit of independence: sentences of one letter share an author
 * and a local authority, so resampling sentences would give intervals that are too narrow.
 *
 * Deterministic: the same groups, statistic, iterations and seed give the same interval.
 * Resamples where the statistic is `null` (e.g. no gold examples of a class were drawn) are
 * dropped; the interval is `null` when no groups are given or every resample is `null`.
 *
 * @example
 * bootstrapCI([[1], [0], [1], [1]], (s) => s.flat().reduce((a, b) => a + b, 0) / s.length, { iterations: 1000, seed: 1 })
 * // { lo: 0.25, hi: 1 }
 */
export function bootstrapCI<T>(
  groups: T[],
  statistic: (sample: T[]) => number | null,
  opts: { iterations: number; seed: number; alpha?: number },
): { lo: number | null; hi: number | null } {
  const alpha = opts.alpha ?? 0.05;
  if (!Number.isInteger(opts.iterations) || opts.iterations < 1) throw new RangeError(`bootstrapCI: iterations = ${opts.iterations}; expected a positive integer`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`bootstrapCI: alpha = ${alpha}; expected a number between 0 and 1 (0.05 for a 95% interval)`);
  if (groups.length === 0) return { lo: null, hi: null };
  const rand = mulberry32(opts.seed);
  const values: number[] = [];
  for (let it = 0; it < opts.iterations; it++) {
    const sample: T[] = [];
    for (let i = 0; i < groups.length; i++) sample.push(groups[Math.floor(rand() * groups.length)]!);
    const v = statistic(sample);
    if (v !== null && Number.isFinite(v)) values.push(v);
  }
  if (values.length === 0) return { lo: null, hi: null };
  values.sort((a, b) => a - b);
  return { lo: quantileSorted(values, alpha / 2), hi: quantileSorted(values, 1 - alpha / 2) };
}

/** "all" first, then the frameworks in order. */
export function orderFrameworks(keys: readonly string[]): string[] {
  return [...keys].sort((a, b) => (a === "all" ? -1 : b === "all" ? 1 : a.localeCompare(b)));
}
