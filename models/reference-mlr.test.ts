import { describe, expect, test } from "vitest";
import { DEFAULT_LOGREG_PARAMS, predictSoftmax, type SparseVector, trainSoftmax } from "./logreg.ts";
import {
  DEFAULT_REFERENCE_PARAMS,
  MlLogisticRegressionClass,
  MlMatrixClass,
  referenceDesignMatrix,
  softmaxFromMl,
  trainReferenceSoftmax,
} from "./reference-mlr.ts";
import { mulberry32 } from "../pipeline/common/random.ts";


/**
 * A well-separated problem shaped like ours but tiny: 8 features, 3 classes. Class c's rows carry
 * one or both of its own features (2c, 2c+1), sometimes (beside both) one feature of another
 * class, and one of the two noise features 6, 7; binary and L2-normalised like `vectorise` output.
 */
function separated(n: number, seed: number): { X: SparseVector[]; y: number[] } {
  const rand = mulberry32(seed);
  const X: SparseVector[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    const f = new Set<number>([2 * c + Math.floor(rand() * 2)]);
    if (rand() < 0.5) f.add(2 * c + Math.floor(rand() * 2));
    // A feature of another class only beside both own features, so every row stays on its side.
    if (f.size === 2 && rand() < 0.5) f.add(2 * ((c + 1 + Math.floor(rand() * 2)) % 3) + Math.floor(rand() * 2));
    f.add(6 + Math.floor(rand() * 2));
    const idx = [...f].sort((a, b) => a - b);
    X.push({ indices: Int32Array.from(idx), values: new Float64Array(idx.length).fill(1 / Math.sqrt(idx.length)) });
    y.push(c);
  }
  return { X, y };
}

function argmax(p: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
  return best;
}

function bytes(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

const train = separated(60, 1);
const heldOut = separated(60, 2);

describe("trainReferenceSoftmax", () => {
  test("the sparse learner and ml-logistic-regression reach the same decisions (60 × 8 × 3)", () => {
    const sparse = trainSoftmax(train.X, train.y, 3, 8, { ...DEFAULT_LOGREG_PARAMS, l2: 1e-3 });
    const ref = trainReferenceSoftmax(train.X, train.y, 3, 8, DEFAULT_REFERENCE_PARAMS);
    for (const { X, y } of [train, heldOut]) {
      const a = X.map((x) => argmax(predictSoftmax(sparse, x)));
      const b = X.map((x) => argmax(predictSoftmax(ref, x)));
      expect(a).toEqual(b);
      expect(a).toEqual(y); // and both are right: the problem is separable
    }
  });

  test("argmax of the returned model is ml-logistic-regression's own predict()", () => {
    const n = train.X.length;
    const M = referenceDesignMatrix(train.X, 8);
    const mlr = new MlLogisticRegressionClass({ numSteps: 50, learningRate: 0.5 / n });
    mlr.train(M, MlMatrixClass.columnVector(train.y));
    const own = mlr.predict(referenceDesignMatrix(heldOut.X, 8));
    const wrapped = trainReferenceSoftmax(train.X, train.y, 3, 8, { numSteps: 50, learningRate: 0.5 });
    expect(heldOut.X.map((x) => argmax(predictSoftmax(wrapped, x)))).toEqual(own);
    // Its one-vs-rest score is P(not c): the softmax margin of c is minus its logit.
    const notScores = mlr.classifiers.map((cl) => cl.testScores(M));
    const m = softmaxFromMl(mlr, 8);
    train.X.forEach((x, i) => {
      let logit = m.intercepts[0]!;
      for (let j = 0; j < x.indices.length; j++) logit += m.weights[0]![x.indices[j]!]! * x.values[j]!;
      expect(1 / (1 + Math.exp(logit))).toBeCloseTo(notScores[0]![i]!, 12);
    });
  });

  test("sparse and dense rows give bit-identical weights", () => {
    const dense = train.X.map((x) => {
      const r = new Array<number>(8).fill(0);
      for (let j = 0; j < x.indices.length; j++) r[x.indices[j]!] = x.values[j]!;
      return r;
    });
    const a = trainReferenceSoftmax(train.X, train.y, 3, 8, { numSteps: 30, learningRate: 0.5 });
    const b = trainReferenceSoftmax(dense, train.y, 3, 8, { numSteps: 30, learningRate: 0.5 });
    for (let c = 0; c < 3; c++) expect(bytes(a.weights[c]!).equals(bytes(b.weights[c]!))).toBe(true);
    expect(bytes(a.intercepts).equals(bytes(b.intercepts))).toBe(true);
  });

  test("two trainings give bit-identical weights", () => {
    const a = trainReferenceSoftmax(train.X, train.y, 3, 8, { numSteps: 40, learningRate: 0.5 });
    const b = trainReferenceSoftmax(train.X, train.y, 3, 8, { numSteps: 40, learningRate: 0.5 });
    for (let c = 0; c < 3; c++) expect(bytes(a.weights[c]!).equals(bytes(b.weights[c]!))).toBe(true);
  });

  test("the learning rate is per mean gradient: duplicating every row changes nothing", () => {
    const a = trainReferenceSoftmax(train.X, train.y, 3, 8, { numSteps: 40, learningRate: 0.5 });
    const b = trainReferenceSoftmax([...train.X, ...train.X], [...train.y, ...train.y], 3, 8, { numSteps: 40, learningRate: 0.5 });
    for (let c = 0; c < 3; c++) for (let j = 0; j < 8; j++) expect(b.weights[c]![j]).toBeCloseTo(a.weights[c]![j]!, 10);
  });

  test("probabilities sum to 1", () => {
    const m = trainReferenceSoftmax(train.X, train.y, 3, 8, { numSteps: 40, learningRate: 0.5 });
    for (const x of heldOut.X) expect(predictSoftmax(m, x).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
  });

  test("a zero weight comes back as +0, not -0", () => {
    const m = trainReferenceSoftmax([{ indices: [0], values: [1] }, { indices: [0], values: [1] }], [0, 1], 2, 2, { numSteps: 5, learningRate: 0.5 });
    expect(Object.is(m.weights[0]![1], 0)).toBe(true);
  });
});

describe("bad input", () => {
  const X = train.X.slice(0, 3);
  test.each<[string, () => unknown, RegExp]>([
    ["a class with no examples", () => trainReferenceSoftmax(X, [0, 1, 1], 3, 8), /^trainReferenceSoftmax: class 2 has no examples/],
    ["label out of range", () => trainReferenceSoftmax(X, [0, 1, 3], 3, 8), /^trainReferenceSoftmax: y\[2\] is 3; expected an integer class index in 0\.\.2/],
    ["X and y lengths differ", () => trainReferenceSoftmax(X, [0, 1], 3, 8), /^trainReferenceSoftmax: y has 2 labels but X has 3 rows/],
    ["index >= nFeatures", () => trainReferenceSoftmax(X, [0, 1, 2], 3, 4), /^trainReferenceSoftmax: X\[\d\]\.indices\[\d\] is \d; expected an integer feature index in 0\.\.3/],
    ["dense row of the wrong length", () => trainReferenceSoftmax([[1, 0], [0, 1, 0]], [0, 1], 2, 2), /^trainReferenceSoftmax: X\[1\] has 3 values; expected nFeatures = 2/],
    ["numSteps 0", () => trainReferenceSoftmax(X, [0, 1, 2], 3, 8, { numSteps: 0, learningRate: 0.5 }), /^trainReferenceSoftmax: params\.numSteps is 0/],
    ["learning rate not positive", () => trainReferenceSoftmax(X, [0, 1, 2], 3, 8, { numSteps: 5, learningRate: 0 }), /^trainReferenceSoftmax: params\.learningRate is 0/],
    ["no rows", () => trainReferenceSoftmax([], [], 3, 8), /^trainReferenceSoftmax: X is empty/],
  ])("%s throws a one-line message", (_, call, message) => {
    expect(call).toThrow(message);
  });
});
