/**
 * The reference learner: a thin wrapper around ml-logistic-regression (mljs, v2), kept selectable
 * by config (`learner: "ml_logistic_regression"`) so the sparse learner in `logreg.ts` can be
 * checked against a published implementation.
 *
 * What ml-logistic-regression does, and what this wrapper adds (read from its source,
 * `node_modules/ml-logistic-regression/src/`):
 * - It trains one-vs-rest binary classifiers by full-batch gradient ascent on a dense `ml-matrix`
 *   Matrix, for a fixed number of steps, with no regularisation and no intercept. We append a
 *   constant-1 column so each classifier gets an intercept: without it a sentence with no known
 *   features would score 0.5 for every class.
 * - Its gradient is a *sum* over samples, so its learning rate has to shrink as the data grows. Our
 *   `learningRate` is per *mean* gradient and we pass `learningRate / n` to it, so one setting works
 *   for any number of sentences (0.5 at n = 1,000 is mljs's default 5e-4).
 * - It labels the chosen class 0 and the rest 1 (`transformClassesForOneVsAll`), so each
 *   classifier's score is P(not c), and `predict` takes the class with the lowest score. We negate
 *   its weights to get the margin of class c; the softmax of those margins (`predictSoftmax`) has
 *   the same argmax as mljs's `predict`, but it is a normalised score rather than calibrated OvR
 *   probabilities.
 * - It counts classes as the number of distinct labels (`new Set(Y).size`), so a missing class
 *   would silently shift every class after it. We require every class 0..k-1 to occur.
 */
import { createRequire } from "node:module";
import { checkSparseVector, type SoftmaxModel, type SparseVector } from "./logreg.ts";

/** The parts of ml-matrix's Matrix that ml-logistic-regression needs from us. */
export interface MlMatrix {
  readonly rows: number;
  readonly columns: number;
  set(row: number, column: number, value: number): MlMatrix;
  to1DArray(): number[];
}

interface MlMatrixStatic {
  zeros(rows: number, columns: number): MlMatrix;
  columnVector(values: ArrayLike<number>): MlMatrix;
}

interface MlTwoClassClassifier {
  weights: MlMatrix | null;
  /** P(label 1) per row; in one-vs-rest, label 1 means "not this class". */
  testScores(X: MlMatrix): number[];
}

/** ml-logistic-regression's `LogisticRegression` instance, as far as we use it. */
export interface MlLogisticRegression {
  numberClasses: number;
  classifiers: MlTwoClassClassifier[];
  train(X: MlMatrix, Y: MlMatrix): void;
  /** Class index per row: the one-vs-rest classifier with the lowest P(not c). */
  predict(X: MlMatrix): number[];
}

export interface MlLogisticRegressionConstructor {
  new (options?: { numSteps?: number; learningRate?: number }): MlLogisticRegression;
}

// The package ships no type declarations; it is loaded through `require` (its CommonJS build) and
// typed by the interfaces above. Its Matrix class is required from the package's own location so
// we build inputs with the very ml-matrix it uses (ml-matrix is its dependency, not ours).
const requireHere = createRequire(import.meta.url);
const mlrPath = requireHere.resolve("ml-logistic-regression");

/** The `LogisticRegression` class of ml-logistic-regression. */
export const MlLogisticRegressionClass = requireHere(mlrPath) as MlLogisticRegressionConstructor;

/** The `Matrix` class ml-logistic-regression uses. */
export const MlMatrixClass = (createRequire(mlrPath)("ml-matrix") as { Matrix: MlMatrixStatic }).Matrix;

export interface ReferenceParams {
  /** Gradient steps per one-vs-rest classifier (mljs's `numSteps`). */
  numSteps: number;
  /** Step size on the mean gradient; mljs receives `learningRate / n`. */
  learningRate: number;
}

export const DEFAULT_REFERENCE_PARAMS: ReferenceParams = Object.freeze({ numSteps: 500, learningRate: 0.5 });

/** A dense row: one value per feature. */
export type DenseRow = ArrayLike<number>;

/**
 * The dense design matrix ml-logistic-regression trains on: one row per sample, `nFeatures`
 * columns plus a last constant-1 column for the intercept. Accepts sparse or dense rows.
 *
 * @example
 * referenceDesignMatrix([{ indices: [1], values: [0.5] }], 2).to1DArray(); // [0, 0.5, 1]
 */
export function referenceDesignMatrix(X: readonly (SparseVector | DenseRow)[], nFeatures: number): MlMatrix {
  const where = "trainReferenceSoftmax";
  if (!Array.isArray(X)) throw new TypeError(`${where}: X is not an array; expected sparse vectors or dense rows`);
  if (X.length === 0) throw new RangeError(`${where}: X is empty; expected at least one sample`);
  if (!Number.isInteger(nFeatures) || nFeatures < 0) throw new RangeError(`${where}: nFeatures is ${nFeatures}; expected an integer >= 0`);
  const M = MlMatrixClass.zeros(X.length, nFeatures + 1);
  X.forEach((row, i) => {
    if (isSparse(row)) {
      checkSparseVector(where, row, nFeatures, i);
      for (let j = 0; j < row.indices.length; j++) M.set(i, row.indices[j]!, row.values[j]!);
    } else {
      if (row === null || typeof row !== "object" || typeof row.length !== "number")
        throw new TypeError(`${where}: X[${i}] is neither a sparse vector nor a dense row; expected { indices, values } or an array of numbers`);
      if (row.length !== nFeatures) throw new RangeError(`${where}: X[${i}] has ${row.length} values; expected nFeatures = ${nFeatures}`);
      for (let j = 0; j < nFeatures; j++) {
        const v = row[j]!;
        if (!Number.isFinite(v)) throw new RangeError(`${where}: X[${i}][${j}] is ${v}; expected a finite number`);
        if (v !== 0) M.set(i, j, v);
      }
    }
    M.set(i, nFeatures, 1);
  });
  return M;
}

function isSparse(row: SparseVector | DenseRow): row is SparseVector {
  return row !== null && typeof row === "object" && "indices" in row;
}

/**
 * Trains ml-logistic-regression (one-vs-rest, full-batch gradient steps, no regularisation) and
 * returns its weights as a `SoftmaxModel`: `weights[c]` and `intercepts[c]` are the negated mljs
 * weights of class c's classifier, so `predictSoftmax` picks the same class as mljs's `predict`.
 * Deterministic (mljs starts from zero and draws no random numbers).
 *
 * @example
 * const X = [[1, 0], [0, 1]];
 * const m = trainReferenceSoftmax(X, [0, 1], 2, 2, { numSteps: 200, learningRate: 0.5 });
 * predictSoftmax(m, { indices: [0], values: [1] })[0]! > 0.5; // true
 */
export function trainReferenceSoftmax(
  X: readonly (SparseVector | DenseRow)[],
  y: Int32Array | readonly number[],
  nClasses: number,
  nFeatures: number,
  params: ReferenceParams = DEFAULT_REFERENCE_PARAMS,
): SoftmaxModel {
  const where = "trainReferenceSoftmax";
  if (!Number.isInteger(nClasses) || nClasses < 2) throw new RangeError(`${where}: nClasses is ${nClasses}; expected an integer >= 2`);
  if (!(Number.isInteger(params.numSteps) && params.numSteps >= 1))
    throw new RangeError(`${where}: params.numSteps is ${params.numSteps}; expected an integer >= 1`);
  if (!(Number.isFinite(params.learningRate) && params.learningRate > 0))
    throw new RangeError(`${where}: params.learningRate is ${params.learningRate}; expected a finite number > 0`);
  const M = referenceDesignMatrix(X, nFeatures);
  const n = M.rows;
  if (!(Array.isArray(y) || ArrayBuffer.isView(y))) throw new TypeError(`${where}: y is not an array; expected one label per row of X`);
  if (y.length !== n) throw new RangeError(`${where}: y has ${y.length} labels but X has ${n} rows; expected equal lengths`);
  const seen = new Uint8Array(nClasses);
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= nClasses) throw new RangeError(`${where}: y[${i}] is ${v}; expected an integer class index in 0..${nClasses - 1}`);
    seen[v] = 1;
  }
  const missing = seen.indexOf(0);
  if (missing !== -1)
    throw new RangeError(`${where}: class ${missing} has no examples; expected every class 0..${nClasses - 1} (ml-logistic-regression numbers classes by how many distinct labels it sees)`);

  const mlr = new MlLogisticRegressionClass({ numSteps: params.numSteps, learningRate: params.learningRate / n });
  mlr.train(M, MlMatrixClass.columnVector(Array.from(y)));
  return softmaxFromMl(mlr, nFeatures);
}

/**
 * Converts a trained ml-logistic-regression (on `referenceDesignMatrix` columns) into a
 * `SoftmaxModel` by negating each one-vs-rest classifier's weights (its score is P(not c)).
 */
export function softmaxFromMl(mlr: MlLogisticRegression, nFeatures: number): SoftmaxModel {
  const k = mlr.numberClasses;
  const weights: Float64Array[] = [];
  const intercepts = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const w = mlr.classifiers[c]?.weights;
    if (!w || w.columns !== nFeatures + 1) throw new RangeError(`softmaxFromMl: classifier ${c} has no weights over ${nFeatures} + 1 columns; expected a trained model`);
    const flat = w.to1DArray();
    // `0 - x` rather than `-x` so a zero weight stays +0 (a -0 would round-trip through JSON differently).
    weights.push(Float64Array.from(flat.slice(0, nFeatures), (v) => 0 - v));
    intercepts[c] = 0 - flat[nFeatures]!;
  }
  return { nFeatures, nClasses: k, weights, intercepts };
}
