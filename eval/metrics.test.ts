import { describe, expect, test } from "vitest";
import {
  accuracy,
  binaryPrf,
  bootstrapCI,
  brierScore,
  type ClassMetrics,
  cohenKappa,
  confusionMatrix,
  macroF1,
  microPrf,
  perClass,
  reliability,
  rowNormalise,
} from "./metrics.ts";

/** Compares metrics field by field, with nulls exact and numbers to 9 places. */
function expectMetrics(actual: ClassMetrics, expected: ClassMetrics): void {
  for (const key of ["precision", "recall", "f1"] as const) {
    const e = expected[key];
    if (e === null) expect(actual[key], key).toBeNull();
    else expect(actual[key], key).toBeCloseTo(e, 9);
  }
  expect(actual.support).toBe(expected.support);
}

/** Expands a confusion table (rows rater A, columns rater B) into two label arrays. */
function fromTable(t: number[][]): { a: number[]; b: number[] } {
  const a: number[] = [];
  const b: number[] = [];
  t.forEach((row, i) => row.forEach((n, j) => {
    for (let x = 0; x < n; x++) {
      a.push(i);
      b.push(j);
    }
  }));
  return { a, b };
}

/** A tiny LCG so the chance-level test does not depend on the code under test's PRNG. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe("confusionMatrix", () => {
  test("rows are gold, columns predicted", () => {
    expect(confusionMatrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 1, 2, 2], 3)).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [0, 1, 2],
    ]);
  });
  test("no samples gives a k×k zero matrix", () => {
    expect(confusionMatrix([], [], 2)).toEqual([[0, 0], [0, 0]]);
  });
  test.each([
    ["class out of range", [0, 3], [0, 0], 3],
    ["negative class (indexOf miss)", [0, -1], [0, 0], 3],
    ["non-integer class", [0.5], [0], 2],
    ["different lengths", [0, 1], [0], 2],
    ["k of zero", [], [], 0],
  ])("throws RangeError: %s", (_, gold, pred, k) => {
    expect(() => confusionMatrix(gold, pred, k)).toThrow(RangeError);
  });
});

describe("rowNormalise", () => {
  test("divides each row by its sum; an empty row is all null, not 0", () => {
    expect(rowNormalise([[1, 3], [0, 0], [2, 2]])).toEqual([[0.25, 0.75], [null, null], [0.5, 0.5]]);
  });
});

describe("perClass", () => {
  // Rows gold. class 0: tp 3, predicted 4, support 4. class 1: tp 2, predicted 4, support 3.
  // class 2: never predicted, support 1.
  const m = [
    [3, 1, 0],
    [1, 2, 0],
    [0, 1, 0],
  ];
  test.each<[string, number[][], number, ClassMetrics]>([
    ["ordinary class", m, 0, { precision: 0.75, recall: 0.75, f1: 0.75, support: 4 }],
    ["unequal P and R", m, 1, { precision: 0.5, recall: 2 / 3, f1: 4 / 7, support: 3 }],
    ["never predicted: precision null, F1 0", m, 2, { precision: null, recall: 0, f1: 0, support: 1 }],
    ["no gold examples: recall null", [[2, 1], [0, 0]], 1, { precision: 0, recall: null, f1: 0, support: 0 }],
    ["neither predicted nor gold: all null", [[2, 0], [0, 0]], 1, { precision: null, recall: null, f1: null, support: 0 }],
  ])("%s", (_, matrix, c, expected) => {
    expectMetrics(perClass(matrix)[c]!, expected);
  });
  test("never NaN, even on an all-zero matrix", () => {
    for (const c of perClass([[0, 0], [0, 0]])) {
      expect([c.precision, c.recall, c.f1]).toEqual([null, null, null]);
    }
  });
  test("throws on a ragged matrix", () => {
    expect(() => perClass([[1, 2], [3]])).toThrow(RangeError);
  });
});

describe("macroF1", () => {
  test.each<[string, number[][], number | null]>([
    ["mean over all classes with support", [[3, 1, 0], [1, 2, 0], [0, 1, 0]], (0.75 + 4 / 7 + 0) / 3],
    ["classes without gold examples are left out", [[2, 1], [0, 0]], 0.8],
    ["perfect", [[5, 0], [0, 7]], 1],
    ["no gold examples at all: null", [[0, 0], [0, 0]], null],
  ])("%s", (_, m, expected) => {
    const got = macroF1(m);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(expected, 9);
  });
});

describe("accuracy", () => {
  test("diagonal over total", () => {
    expect(accuracy([[3, 1, 0], [1, 2, 0], [0, 1, 0]])).toBeCloseTo(5 / 8, 12);
  });
  test("throws on an empty matrix rather than returning NaN", () => {
    expect(() => accuracy([[0, 0], [0, 0]])).toThrow(RangeError);
  });
});

describe("cohenKappa", () => {
  test("perfect agreement is 1", () => {
    expect(cohenKappa([0, 1, 2, 2, 1, 0], [0, 1, 2, 2, 1, 0], 3)).toBe(1);
  });
  test("textbook 2×2 table: po 0.7, pe 0.5 → 0.4", () => {
    const { a, b } = fromTable([[20, 5], [10, 15]]);
    expect(cohenKappa(a, b, 2)).toBeCloseTo(0.4, 12);
  });
  test("complete systematic disagreement is −1", () => {
    expect(cohenKappa([0, 1, 0, 1], [1, 0, 1, 0], 2)).toBeCloseTo(-1, 12);
  });
  test("independent raters are near 0", () => {
    const r = lcg(7);
    const a = Array.from({ length: 3000 }, () => Math.floor(r() * 3));
    const b = Array.from({ length: 3000 }, () => Math.floor(r() * 3));
    const k = cohenKappa(a, b, 3)!;
    expect(Math.abs(k)).toBeLessThan(0.05);
  });
  test.each([
    ["no samples", [], []],
    ["both raters always use one and the same class (pe = 1)", [1, 1, 1], [1, 1, 1]],
  ])("null when undefined: %s", (_, a, b) => {
    expect(cohenKappa(a, b, 3)).toBeNull();
  });
});

describe("binaryPrf", () => {
  test.each<[string, boolean[], boolean[], ClassMetrics]>([
    ["one of each outcome", [true, true, false, false], [true, false, true, false], { precision: 0.5, recall: 0.5, f1: 0.5, support: 2 }],
    ["tp 2, fp 1, fn 2", [true, true, true, true, false], [true, true, false, false, true], { precision: 2 / 3, recall: 0.5, f1: 4 / 7, support: 4 }],
    ["never predicted positive: precision null", [true, false], [false, false], { precision: null, recall: 0, f1: 0, support: 1 }],
    ["no gold positives: recall null", [false, false], [true, false], { precision: 0, recall: null, f1: 0, support: 0 }],
    ["no positives anywhere: all null", [false, false], [false, false], { precision: null, recall: null, f1: null, support: 0 }],
  ])("%s", (_, gold, pred, expected) => {
    expectMetrics(binaryPrf(gold, pred), expected);
  });
  test("throws on different lengths", () => {
    expect(() => binaryPrf([true], [true, false])).toThrow(RangeError);
  });
});

describe("microPrf", () => {
  test("pools counts over every (sample, label) cell", () => {
    // Label 0: tp 1, fn 1. Label 1: tp 1, fp 2. Label 2: nothing. Pooled: tp 2, fp 2, fn 1.
    const golds = [
      [true, true, false],
      [true, false, false],
      [false, false, false],
    ];
    const preds = [
      [true, true, false],
      [false, true, false],
      [false, true, false],
    ];
    expectMetrics(microPrf(golds, preds), { precision: 0.5, recall: 2 / 3, f1: 4 / 7, support: 3 });
  });
  test("differs from the mean of per-label F1 (micro, not macro)", () => {
    // Label 0 has 9 of 10 right, label 1 has 0 of 1: micro F1 is dominated by label 0.
    const golds = [...Array.from({ length: 10 }, () => [true, false]), [false, true]];
    const preds = [...Array.from({ length: 9 }, () => [true, false]), [false, false], [false, false]];
    const micro = microPrf(golds, preds);
    expect(micro.f1).toBeCloseTo(18 / 20, 9);
    const perLabel = [0, 1].map((j) => binaryPrf(golds.map((g) => g[j]!), preds.map((p) => p[j]!)).f1!);
    expect((perLabel[0]! + perLabel[1]!) / 2).toBeCloseTo(9 / 19, 9);
  });
  test("no samples: all null", () => {
    expectMetrics(microPrf([], []), { precision: null, recall: null, f1: null, support: 0 });
  });
  test("throws on a sample with a different number of labels", () => {
    expect(() => microPrf([[true, false]], [[true]])).toThrow(RangeError);
  });
});

describe("brierScore", () => {
  test.each<[string, number[][], number[], number]>([
    ["certain and right", [[1, 0, 0], [0, 0, 1]], [0, 2], 0],
    ["certain and wrong", [[0, 1]], [0], 2],
    ["uniform over three: (2/3)² + 2·(1/3)²", [[1 / 3, 1 / 3, 1 / 3]], [0], 2 / 3],
    ["mean over samples", [[1, 0], [0.5, 0.5]], [0, 1], 0.25],
  ])("%s", (_, probs, gold, expected) => {
    expect(brierScore(probs, gold)).toBeCloseTo(expected, 12);
  });
  test.each([
    ["no samples", [], []],
    ["gold out of range", [[0.5, 0.5]], [2]],
    ["ragged rows", [[0.5, 0.5], [1]], [0, 0]],
  ])("throws RangeError: %s", (_, probs, gold) => {
    expect(() => brierScore(probs, gold)).toThrow(RangeError);
  });
});

describe("reliability", () => {
  // Top-label confidences 0.9 (right), 0.8 (wrong), 0.6 (right), 0.45 (wrong), 1.0 (right).
  const probs = [
    [0.9, 0.1],
    [0.8, 0.2],
    [0.4, 0.6],
    [0.45, 0.55],
    [1, 0],
  ];
  const gold = [0, 1, 1, 0, 0];
  const { bins, ece } = reliability(probs, gold, 4);

  test("equal-width bins over [0, 1]", () => {
    expect(bins.map((b) => [b.lo, b.hi])).toEqual([[0, 0.25], [0.25, 0.5], [0.5, 0.75], [0.75, 1]]);
  });
  test("counts: confidence 1 falls in the last bin, and every sample is counted once", () => {
    expect(bins.map((b) => b.count)).toEqual([0, 0, 2, 3]);
  });
  test("empty bins are null, not 0", () => {
    expect(bins[0]).toEqual({ lo: 0, hi: 0.25, count: 0, meanConfidence: null, accuracy: null });
  });
  test("per-bin mean confidence and accuracy", () => {
    expect(bins[2]!.meanConfidence).toBeCloseTo((0.6 + 0.55) / 2, 12);
    expect(bins[2]!.accuracy).toBeCloseTo(0.5, 12);
    expect(bins[3]!.meanConfidence).toBeCloseTo((0.9 + 0.8 + 1) / 3, 12);
    expect(bins[3]!.accuracy).toBeCloseTo(2 / 3, 12);
  });
  test("ECE is the count-weighted gap", () => {
    expect(ece).toBeCloseTo((2 / 5) * Math.abs(0.5 - 0.575) + (3 / 5) * Math.abs(2 / 3 - 0.9), 12);
  });
  test("perfectly calibrated bins give ECE 0", () => {
    // Four samples at confidence 0.75, three right.
    const r = reliability([[0.75, 0.25], [0.75, 0.25], [0.75, 0.25], [0.75, 0.25]], [0, 0, 0, 1], 10);
    expect(r.ece).toBeCloseTo(0, 12);
  });
  test("a tie for the top class goes to the lowest index", () => {
    const r = reliability([[0.5, 0.5]], [0], 2);
    expect(r.bins[1]!.accuracy).toBe(1);
  });
  test("throws on no samples and on a bad bin count", () => {
    expect(() => reliability([], [])).toThrow(RangeError);
    expect(() => reliability([[1, 0]], [0], 0)).toThrow(RangeError);
  });
});

describe("bootstrapCI", () => {
  const mean = (s: number[][]) => {
    const all = s.flat();
    return all.length === 0 ? null : all.reduce((a, b) => a + b, 0) / all.length;
  };
  // Eight "letters" with different per-sentence scores.
  const groups = [[0.9, 0.8], [0.7], [0.6, 0.65, 0.7], [0.85], [0.5, 0.55], [0.95, 0.9], [0.75], [0.8, 0.6]];
  const opts = { iterations: 2000, seed: 42 };

  test("another seed gives another (close) interval", () => {
    const a = bootstrapCI(groups, mean, opts);
    const b = bootstrapCI(groups, mean, { ...opts, seed: 43 });
    expect(a).not.toEqual(b);
    expect(Math.abs(a.lo! - b.lo!)).toBeLessThan(0.05);
  });
  test("the interval contains the point estimate and is ordered", () => {
    const point = mean(groups)!;
    const { lo, hi } = bootstrapCI(groups, mean, opts);
    expect(lo!).toBeLessThan(point);
    expect(hi!).toBeGreaterThan(point);
    expect(hi! - lo!).toBeLessThan(0.3);
  });
  test("a wider alpha gives a narrower interval", () => {
    const w95 = bootstrapCI(groups, mean, opts);
    const w50 = bootstrapCI(groups, mean, { ...opts, alpha: 0.5 });
    expect(w50.hi! - w50.lo!).toBeLessThan(w95.hi! - w95.lo!);
  });
  test("resamples whole groups: one group gives a zero-width interval", () => {
    expect(bootstrapCI([[0.2, 0.9]], mean, opts)).toEqual({ lo: 0.55, hi: 0.55 });
  });
  test("resamples where the statistic is null are dropped", () => {
    // Statistic defined only when group "a" is drawn; then its value is always 1.
    const stat = (s: string[]) => (s.includes("a") ? 1 : null);
    expect(bootstrapCI(["a", "b", "c"], stat, opts)).toEqual({ lo: 1, hi: 1 });
  });
  test.each([
    ["no groups", [] as string[], () => 1],
    ["statistic always null", ["a", "b"], () => null],
  ])("null interval: %s", (_, g, stat) => {
    expect(bootstrapCI(g, stat, opts)).toEqual({ lo: null, hi: null });
  });
  test("throws on bad options", () => {
    expect(() => bootstrapCI(groups, mean, { iterations: 0, seed: 1 })).toThrow(RangeError);
    expect(() => bootstrapCI(groups, mean, { iterations: 10, seed: 1, alpha: 1 })).toThrow(RangeError);
  });
});
