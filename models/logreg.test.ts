import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import {
  checkSparseVector,
  DEFAULT_LOGREG_PARAMS,
  fitBinary,
  fitBinaryMany,
  fitSoftmax,
  type LogRegParams,
  predictBinary,
  predictSoftmax,
  type SoftmaxModel,
  type SparseVector,
  trainBinary,
  trainSoftmax,
} from "./logreg.ts";
import { mulberry32 } from "../pipeline/common/random.ts";

const P: LogRegParams = { ...DEFAULT_LOGREG_PARAMS, l2: 1e-3, maxIter: 100, tol: 1e-8 };

/** A binary bag of features, L2-normalised like `vectorise` does. */
function row(...indices: number[]): SparseVector {
  const v = 1 / Math.sqrt(indices.length);
  return { indices: Int32Array.from(indices), values: new Float64Array(indices.length).fill(v) };
}


/** n rows over d features in k classes: class c's rows use features c*4..c*4+3 plus shared noise features. */
function noisyData(n: number, d: number, k: number, seed: number): { X: SparseVector[]; y: number[] } {
  const rand = mulberry32(seed);
  const X: SparseVector[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % k;
    const f = new Set<number>();
    for (let j = 0; j < 3; j++) f.add(c * 4 + Math.floor(rand() * 4));
    for (let j = 0; j < 3; j++) f.add(k * 4 + Math.floor(rand() * (d - k * 4)));
    X.push(row(...[...f].sort((a, b) => a - b)));
    y.push(c);
  }
  return { X, y };
}

function argmax(p: Float64Array): number {
  let best = 0;
  for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
  return best;
}

function bytes(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function weightNorm(m: SoftmaxModel): number {
  let s = 0;
  for (const w of m.weights) for (const v of w) s += v * v;
  return Math.sqrt(s);
}

describe("trainSoftmax", () => {
  const X = [row(0), row(0, 3), row(1), row(1, 3), row(2), row(2, 3)];
  const y = [0, 0, 1, 1, 2, 2];

  test("separates separable classes", () => {
    const m = trainSoftmax(X, y, 3, 4, P);
    X.forEach((x, i) => expect(argmax(predictSoftmax(m, x))).toBe(y[i]));
    expect(predictSoftmax(m, row(1))[1]).toBeGreaterThan(0.9);
  });

  test.each([
    ["training rows", row(0, 3)],
    ["an empty row (intercepts only)", row()],
    ["a row of every feature", row(0, 1, 2, 3)],
  ])("probabilities on %s lie in [0, 1] and sum to 1", (_, x) => {
    const p = predictSoftmax(trainSoftmax(X, y, 3, 4, P), x);
    expect(p).toHaveLength(3);
    for (const v of p) expect(v >= 0 && v <= 1).toBe(true);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  test("huge logits do not overflow (max is subtracted before exp)", () => {
    const m: SoftmaxModel = { nFeatures: 1, nClasses: 3, weights: [Float64Array.of(1000), Float64Array.of(999), Float64Array.of(-1000)], intercepts: new Float64Array(3) };
    const p = predictSoftmax(m, { indices: [0], values: [1] });
    expect(p.every(Number.isFinite)).toBe(true);
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  test("stronger L2 shrinks the weights", () => {
    const norms = [1e-4, 1e-2, 1].map((l2) => weightNorm(trainSoftmax(X, y, 3, 4, { ...P, l2 })));
    expect(norms[0]).toBeGreaterThan(norms[1]!);
    expect(norms[1]).toBeGreaterThan(norms[2]!);
  });

  test("converges: the gradient of the objective, recomputed independently, is ~0 at the returned weights", () => {
    const { X: Xn, y: yn } = noisyData(90, 20, 3, 7);
    const sw = Float64Array.from({ length: 90 }, (_, i) => 0.5 + (i % 4) / 2);
    const l2 = 0.01;
    const { model, report } = fitSoftmax(Xn, yn, 3, 20, { ...P, l2, tol: 1e-9 }, sw);
    expect(report.converged).toBe(true);
    // Balanced class weights (classes are equally frequent here, so they are all 1) times sample weights.
    const total = sw.reduce((a, b) => a + b, 0);
    const gW = Array.from({ length: 3 }, () => new Float64Array(20));
    const gb = new Float64Array(3);
    Xn.forEach((x, i) => {
      const p = predictSoftmax(model, x);
      for (let c = 0; c < 3; c++) {
        const r = (sw[i]! / total) * (p[c]! - (yn[i] === c ? 1 : 0));
        gb[c]! += r;
        for (let j = 0; j < x.indices.length; j++) gW[c]![x.indices[j]!]! += r * x.values[j]!;
      }
    });
    for (let c = 0; c < 3; c++) {
      expect(Math.abs(gb[c]!)).toBeLessThan(1e-8);
      for (let j = 0; j < 20; j++) expect(Math.abs(gW[c]![j]! + l2 * model.weights[c]![j]!)).toBeLessThan(1e-8);
    }
  });

  test("intercepts are centred to mean 0", () => {
    const m = trainSoftmax(X, [0, 0, 0, 0, 1, 2], 3, 4, P);
    expect(m.intercepts.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
  });

  test("balanced class weights move the decision toward a minority class", () => {
    // Row (0) is ambiguous: 6 of the 10 majority rows and all 3 minority rows. Unweighted, 6 vs 3
    // favours the majority; balanced (weights 13/20 and 13/6), 3.9 vs 6.5 favours the minority.
    const Xi = [...Array.from({ length: 6 }, () => row(0)), ...Array.from({ length: 4 }, () => row(1)), row(0), row(0), row(0)];
    const yi = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1];
    const none = trainSoftmax(Xi, yi, 2, 2, { ...P, classWeights: "none" });
    const balanced = trainSoftmax(Xi, yi, 2, 2, { ...P, classWeights: "balanced" });
    const pNone = predictSoftmax(none, row(0))[1]!;
    const pBal = predictSoftmax(balanced, row(0))[1]!;
    expect(pNone).toBeLessThan(0.5); // the majority wins the ambiguous row without balancing…
    expect(pBal).toBeGreaterThan(pNone); // …and balancing moves it toward the minority
    expect(pBal).toBeGreaterThan(0.5);
  });

  test("two trainings give bit-identical weights", () => {
    const { X: Xn, y: yn } = noisyData(120, 30, 3, 11);
    const a = trainSoftmax(Xn, yn, 3, 30, P);
    const b = trainSoftmax(Xn, yn, 3, 30, P);
    for (let c = 0; c < 3; c++) expect(bytes(a.weights[c]!).equals(bytes(b.weights[c]!))).toBe(true);
    expect(bytes(a.intercepts).equals(bytes(b.intercepts))).toBe(true);
  });

  test("number[] and typed-array inputs give the same weights", () => {
    const { X: Xn, y: yn } = noisyData(60, 20, 3, 3);
    const plain = Xn.map((x) => ({ indices: Array.from(x.indices), values: Array.from(x.values) }));
    const a = trainSoftmax(Xn, Int32Array.from(yn), 3, 20, P);
    const b = trainSoftmax(plain, yn, 3, 20, P);
    for (let c = 0; c < 3; c++) expect(bytes(a.weights[c]!).equals(bytes(b.weights[c]!))).toBe(true);
  });

  test("a sample weight of 0 is the same as leaving the row out; 2 is the same as repeating it", () => {
    const { X: Xn, y: yn } = noisyData(30, 16, 3, 5);
    const params = { ...P, classWeights: "none" as const, tol: 1e-10 };
    const w0 = Float64Array.from({ length: 30 }, (_, i) => (i === 4 ? 0 : 1));
    const dropped = trainSoftmax(Xn.filter((_, i) => i !== 4), yn.filter((_, i) => i !== 4), 3, 16, params);
    const zeroed = trainSoftmax(Xn, yn, 3, 16, params, w0);
    const w2 = Float64Array.from({ length: 30 }, (_, i) => (i === 4 ? 2 : 1));
    const repeated = trainSoftmax([...Xn, Xn[4]!], [...yn, yn[4]!], 3, 16, params);
    const doubled = trainSoftmax(Xn, yn, 3, 16, params, w2);
    for (let c = 0; c < 3; c++) {
      for (let j = 0; j < 16; j++) {
        expect(zeroed.weights[c]![j]).toBeCloseTo(dropped.weights[c]![j]!, 6);
        expect(doubled.weights[c]![j]).toBeCloseTo(repeated.weights[c]![j]!, 6);
      }
    }
  });

  test("a class with no examples is allowed and gets a near-zero probability", () => {
    const m = trainSoftmax(X, [0, 0, 1, 1, 1, 1], 3, 4, P);
    for (const x of X) expect(predictSoftmax(m, x)[2]).toBeLessThan(1e-3);
  });

  test("maxIter bounds the Newton steps and is reported", () => {
    const { X: Xn, y: yn } = noisyData(60, 20, 3, 9);
    const { report } = fitSoftmax(Xn, yn, 3, 20, { ...P, maxIter: 1, tol: 1e-12 });
    expect(report.iterations).toBe(1);
    expect(report.converged).toBe(false);
  });
});

describe("trainBinary", () => {
  const X = [row(0), row(0, 2), row(1), row(1, 2)];
  const y = [1, 1, 0, 0];

  test("separates separable data, P(y=1) in (0, 1)", () => {
    const m = trainBinary(X, y, 3, P);
    X.forEach((x, i) => {
      const p = predictBinary(m, x);
      expect(p > 0 && p < 1).toBe(true);
      expect(p >= 0.5 ? 1 : 0).toBe(y[i]);
    });
  });

  test("agrees with a two-class softmax (same objective, different parametrisation)", () => {
    const { X: Xn, y: yn } = noisyData(60, 20, 2, 13);
    const b = trainBinary(Xn, yn, 20, { ...P, tol: 1e-10 });
    // Softmax with 2 classes penalises both weight rows; with l2 doubled on the difference it is the
    // same problem: w = w1 - w0 and ‖w0‖² + ‖w1‖² = ‖w‖²/2 at the optimum (w0 = -w1).
    const s = trainSoftmax(Xn, yn, 2, 20, { ...P, l2: 2 * P.l2, tol: 1e-10 });
    for (const x of Xn) expect(predictBinary(b, x)).toBeCloseTo(predictSoftmax(s, x)[1]!, 6);
  });

  test("stronger L2 shrinks the weights", () => {
    const norm = (l2: number) => Math.hypot(...trainBinary(X, y, 3, { ...P, l2 }).weights);
    expect(norm(1e-4)).toBeGreaterThan(norm(1e-2));
    expect(norm(1e-2)).toBeGreaterThan(norm(1));
  });

  test("balanced class weights raise P(minority) on an ambiguous row", () => {
    const Xi = [...Array.from({ length: 9 }, () => row(0)), row(0), row(0, 1)];
    const yi = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
    const pNone = predictBinary(trainBinary(Xi, yi, 2, { ...P, classWeights: "none" }), row(0));
    const pBal = predictBinary(trainBinary(Xi, yi, 2, { ...P, classWeights: "balanced" }), row(0));
    expect(pBal).toBeGreaterThan(pNone);
  });

  test("two trainings give bit-identical weights", () => {
    const { X: Xn, y: yn } = noisyData(80, 24, 2, 21);
    const a = trainBinary(Xn, yn, 24, P);
    const b = trainBinary(Xn, yn, 24, P);
    expect(bytes(a.weights).equals(bytes(b.weights))).toBe(true);
    expect(Object.is(a.intercept, b.intercept)).toBe(true);
  });

  test("converges on one-class data (the intercept saturates)", () => {
    const { model, report } = fitBinary(X, [0, 0, 0, 0], 3, P);
    expect(report.converged).toBe(true);
    for (const x of X) expect(predictBinary(model, x)).toBeLessThan(1e-6);
  });
});

describe("fitBinaryMany", () => {
  test("each fit is bit-identical to fitBinary on its own, with different labels, l2 and stopping points", () => {
    const { X, y } = noisyData(300, 60, 5, 11);
    const ys = [0, 1, 2, 3, 4].map((c) => y.map((v) => (v === c ? 1 : 0)));
    ys.push(y.map(() => 0)); // one class only: the intercept saturates, the fit stops early
    const params = ys.map((_, l) => ({ ...P, l2: [1e-3, 1e-2, 1e-4, 3e-3, 1e-3, 1e-3][l]!, maxIter: l === 3 ? 2 : 100 }));
    const many = fitBinaryMany(X, ys, 60, params);
    expect(many).toHaveLength(ys.length);
    many.forEach((m, l) => {
      const one = fitBinary(X, ys[l]!, 60, params[l]!);
      expect(bytes(m.model.weights).equals(bytes(one.model.weights)), `lane ${l}`).toBe(true);
      expect(m.model.intercept).toBe(one.model.intercept);
      expect(m.report).toEqual(one.report);
    });
    expect(many[3]!.report.iterations).toBe(2);
    expect(new Set(many.map((m) => m.report.cgIterations)).size).toBeGreaterThan(1);
  });

  test("a warm start from a nearby solution converges to the same optimum in fewer steps", () => {
    const { X, y } = noisyData(400, 80, 4, 5);
    const ys = [0, 1, 2, 3].map((c) => y.map((v) => (v === c ? 1 : 0)));
    const params = ys.map(() => ({ ...P, tol: 1e-6 }));
    const cold = fitBinaryMany(X, ys, 80, params);
    // Start from models fitted on the first half of the rows, as training starts from its fold models.
    const half = fitBinaryMany(X.slice(0, 200), ys.map((v) => v.slice(0, 200)), 80, params).map((f) => f.model);
    const warm = fitBinaryMany(X, ys, 80, params, half);
    warm.forEach((w, l) => {
      expect(w.report.converged).toBe(true);
      expect(w.report.cgIterations, `lane ${l}`).toBeLessThan(cold[l]!.report.cgIterations);
      for (const x of X.slice(0, 50)) expect(predictBinary(w.model, x)).toBeCloseTo(predictBinary(cold[l]!.model, x), 4);
    });
    // No start, or an undefined one, is the cold fit bit for bit.
    const none = fitBinaryMany(X, ys, 80, params, [undefined, undefined, undefined, undefined]);
    none.forEach((m, l) => expect(bytes(m.model.weights).equals(bytes(cold[l]!.model.weights))).toBe(true));
  });

  test("checks its inputs like fitBinary", () => {
    expect(() => fitBinaryMany([row(0)], [[1], [0]], 1, [P])).toThrow(/2 label vectors but 1 params/);
    expect(() => fitBinaryMany([row(0)], [[2]], 1, [P])).toThrow(/y\[0\] is 2/);
  });
});

describe("bad input", () => {
  const X = [row(0), row(1), row(2)];
  test.each<[string, () => unknown, RegExp]>([
    ["label above k-1", () => trainSoftmax(X, [0, 1, 3], 3, 3, P), /^trainSoftmax: y\[2\] is 3; expected an integer class index in 0\.\.2/],
    ["negative label", () => trainSoftmax(X, [0, -1, 2], 3, 3, P), /^trainSoftmax: y\[1\] is -1/],
    ["fractional label", () => trainSoftmax(X, [0, 1.5, 2], 3, 3, P), /^trainSoftmax: y\[1\] is 1\.5/],
    ["binary label 2", () => trainBinary(X, [0, 1, 2], 3, P), /^trainBinary: y\[2\] is 2; expected an integer class index in 0\.\.1/],
    ["X and y lengths differ", () => trainSoftmax(X, [0, 1], 3, 3, P), /^trainSoftmax: y has 2 labels but X has 3 rows/],
    ["index >= nFeatures", () => trainSoftmax(X, [0, 1, 2], 3, 2, P), /^trainSoftmax: X\[2\]\.indices\[0\] is 2; expected an integer feature index in 0\.\.1/],
    ["unsorted indices", () => trainBinary([{ indices: [2, 1], values: [1, 1] }], [1], 3, P), /^trainBinary: X\[0\]\.indices\[1\] is 1 after 2; expected strictly increasing/],
    ["indices and values differ in length", () => trainBinary([{ indices: [0, 1], values: [1] }], [1], 3, P), /^trainBinary: X\[0\] has 2 indices but 1 values/],
    ["NaN value", () => trainBinary([{ indices: [0], values: [Number.NaN] }], [1], 3, P), /^trainBinary: X\[0\]\.values\[0\] is NaN/],
    ["row that is not a sparse vector", () => trainBinary([[1, 0]] as unknown as SparseVector[], [1], 3, P), /^trainBinary: X\[0\] is not a sparse vector/],
    ["no rows", () => trainSoftmax([], [], 3, 3, P), /^trainSoftmax: X is empty/],
    ["one class", () => trainSoftmax(X, [0, 0, 0], 1, 3, P), /^trainSoftmax: nClasses is 1; expected an integer >= 2/],
    ["negative l2", () => trainSoftmax(X, [0, 1, 2], 3, 3, { ...P, l2: -1 }), /^trainSoftmax: params\.l2 is -1/],
    ["maxIter 0", () => trainBinary(X, [0, 1, 1], 3, { ...P, maxIter: 0 }), /^trainBinary: params\.maxIter is 0/],
    ["unknown class weights", () => trainBinary(X, [0, 1, 1], 3, { ...P, classWeights: "auto" as "none" }), /^trainBinary: params\.classWeights is "auto"/],
    ["sample weights of the wrong length", () => trainSoftmax(X, [0, 1, 2], 3, 3, P, new Float64Array(2)), /^trainSoftmax: sampleWeights has 2 entries but X has 3 rows/],
    ["all-zero sample weights", () => trainSoftmax(X, [0, 1, 2], 3, 3, P, new Float64Array(3)), /^trainSoftmax: the sample weights sum to 0/],
    ["predict with an index outside the model", () => predictBinary({ nFeatures: 2, weights: new Float64Array(2), intercept: 0 }, row(5)), /^predictBinary: x\.indices\[0\] is 5/],
    ["checkSparseVector names the row", () => checkSparseVector("here", { indices: [4], values: [1] }, 3, 7), /^here: X\[7\]\.indices\[0\] is 4; expected an integer feature index in 0\.\.2$/],
  ])("%s throws a one-line message", (_, call, message) => {
    expect(call).toThrow(message);
  });

  test("types: a wrong kind of value is a TypeError, a value out of range a RangeError", () => {
    expect(() => trainSoftmax("rows" as unknown as SparseVector[], [0], 2, 1, P)).toThrow(TypeError);
    expect(() => trainSoftmax(X, [0, 1, 3], 3, 3, P)).toThrow(RangeError);
  });
});

describe("properties", () => {
  const dataset = fc
    .record({ n: fc.integer({ min: 1, max: 25 }), d: fc.integer({ min: 1, max: 12 }), k: fc.integer({ min: 2, max: 4 }) })
    .chain(({ n, d, k }) =>
      fc.record({
        d: fc.constant(d),
        k: fc.constant(k),
        rows: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: d - 1 }), { maxLength: d }), { minLength: n, maxLength: n }),
        y: fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n }),
      }),
    );

  propTest.prop([dataset], { numRuns: 40, seed: 20240501 })("any small dataset: finite weights, probabilities sum to 1, deterministic", ({ d, k, rows, y }) => {
    const X = rows.map((r) => row(...[...r].sort((a, b) => a - b)));
    const a = trainSoftmax(X, y, k, d, { ...P, l2: 0.01 });
    const b = trainSoftmax(X, y, k, d, { ...P, l2: 0.01 });
    for (let c = 0; c < k; c++) {
      expect(a.weights[c]!.every(Number.isFinite)).toBe(true);
      expect(bytes(a.weights[c]!).equals(bytes(b.weights[c]!))).toBe(true);
    }
    for (const x of X) expect(predictSoftmax(a, x).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
  });
});
