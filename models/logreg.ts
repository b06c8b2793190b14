/**
 * Sparse, L2-regularised logistic regression: a multinomial (softmax) model for sentiment and a
 * binary model per theme. Pure functions; a trained model is plain data.
 *
 * Objective (what `train*` minimises):
 *
 *     f(W, b) = Σ_i c_i · logloss_i(W, b) / Σ_i c_i  +  l2/2 · ‖W‖²
 *
 * where c_i is the class weight of y_i times the sample weight, and the intercepts b are not
 * penalised. The optimiser is a truncated Newton method (Newton–CG with a diagonal preconditioner
 * and an Armijo line search, as in liblinear's TRON and scikit-learn's `newton-cg`), started from
 * zero. Why Newton rather than gradient descent or L-BFGS: every Hessian–vector product costs one
 * pass over the non-zeros (sentences have ~10–40 of them), so a Newton step is as cheap as a few
 * gradients, and it converges in ~10–20 steps where gradient descent needs thousands
 * (`scripts/bench/bench-learners.ts` has the numbers). L-BFGS's two-loop recursion costs O(m · nFeatures)
 * per step, which dominates when the vocabulary (20k) is larger than the data's non-zeros.
 *
 * Determinism: the solver uses no randomness and iterates samples, non-zeros and classes in index
 * order, so the same data and params give bit-identical weights. `seed` is accepted (and recorded
 * by callers in the model file) so that a later randomised solver would not change the API.
 */

/** A sparse row: strictly increasing feature indices and their values. */
export interface SparseVector {
  indices: Int32Array | number[];
  values: Float64Array | number[];
}

export interface LogRegParams {
  /** L2 penalty on the weights (not the intercepts), on the scale of the mean log-loss; >= 0. */
  l2: number;
  /** Most Newton steps. Each step is one pass over the data plus a few conjugate-gradient passes. */
  maxIter: number;
  /** Stop when the largest gradient component (max-norm) is at most this. */
  tol: number;
  /** `balanced`: each class weighs n / (k · count_k) (k = classes present), so every class counts equally. */
  classWeights: "balanced" | "none";
  /** Recorded for reproducibility; the Newton solver itself draws no random numbers. */
  seed: number;
}

export const DEFAULT_LOGREG_PARAMS: LogRegParams = Object.freeze({
  l2: 1e-3,
  maxIter: 100,
  tol: 1e-6,
  classWeights: "balanced",
  seed: 42,
});

export interface SoftmaxModel {
  nFeatures: number;
  nClasses: number;
  /** weights[class][feature]. */
  weights: Float64Array[];
  /** One per class; centred to mean 0 (softmax is unchanged by a shift, so this fixes the choice). */
  intercepts: Float64Array;
}

export interface BinaryModel {
  nFeatures: number;
  weights: Float64Array;
  intercept: number;
}

/** How a fit ended, for callers that want to warn on non-convergence (scikit-learn's ConvergenceWarning). */
export interface FitReport {
  /** Newton steps taken. */
  iterations: number;
  /** Conjugate-gradient steps over all Newton steps (each is one Hessian–vector product). */
  cgIterations: number;
  /** True when the gradient max-norm reached `tol`. */
  converged: boolean;
  /** Gradient max-norm at the returned weights. */
  gradientNorm: number;
  /** Objective at the returned weights. */
  objective: number;
}

/**
 * Trains a multinomial logistic regression on sparse rows and returns its weights.
 *
 * Labels must be the integers 0..nClasses-1 (every one is checked); a class with no examples is
 * allowed and ends with a strongly negative intercept.
 *
 * @example
 * const X = [{ indices: [0], values: [1] }, { indices: [1], values: [1] }, { indices: [2], values: [1] }];
 * const m = trainSoftmax(X, [0, 1, 2], 3, 3, { ...DEFAULT_LOGREG_PARAMS, l2: 0.01 });
 * predictSoftmax(m, { indices: [1], values: [1] });
 * // Float64Array [0.0333…, 0.9333…, 0.0333…]
 */
export function trainSoftmax(
  X: readonly SparseVector[],
  y: Int32Array | readonly number[],
  nClasses: number,
  nFeatures: number,
  params: LogRegParams,
  sampleWeights?: Float64Array,
): SoftmaxModel {
  return fitSoftmax(X, y, nClasses, nFeatures, params, sampleWeights).model;
}

/** `trainSoftmax`, plus how the optimiser ended. */
export function fitSoftmax(
  X: readonly SparseVector[],
  y: Int32Array | readonly number[],
  nClasses: number,
  nFeatures: number,
  params: LogRegParams,
  sampleWeights?: Float64Array,
): { model: SoftmaxModel; report: FitReport } {
  const where = "trainSoftmax";
  checkCount(where, "nClasses", nClasses, 2);
  checkCount(where, "nFeatures", nFeatures, 0);
  checkParams(where, params);
  const A = toCsr(where, X, nFeatures);
  const labels = checkLabels(where, y, A.n, nClasses);
  const c = sampleCoefficients(where, labels, nClasses, A.n, params.classWeights, sampleWeights);
  const { theta, report } = minimise(softmaxObjective(A, labels, nClasses, c, params.l2), params.maxIter, params.tol);
  const d = nFeatures;
  const weights = Array.from({ length: nClasses }, (_, k) => theta.slice(k * d, (k + 1) * d));
  const intercepts = theta.slice(nClasses * d);
  let mean = 0;
  for (let k = 0; k < nClasses; k++) mean += intercepts[k]!;
  mean /= nClasses;
  for (let k = 0; k < nClasses; k++) intercepts[k]! -= mean;
  return { model: { nFeatures, nClasses, weights, intercepts }, report };
}

/**
 * Class probabilities for one sparse row; they sum to 1 (softmax computed with the max subtracted,
 * so large logits do not overflow).
 *
 * @example
 * predictSoftmax({ nFeatures: 1, nClasses: 2, weights: [Float64Array.of(1), Float64Array.of(-1)], intercepts: new Float64Array(2) },
 *   { indices: [0], values: [1] });
 * // Float64Array [0.8807970779778823, 0.11920292202211755]
 */
export function predictSoftmax(model: SoftmaxModel, x: SparseVector): Float64Array {
  const { nClasses: k, weights, intercepts } = model;
  const { indices, values } = x;
  checkSparseVector("predictSoftmax", x, model.nFeatures);
  const out = new Float64Array(k);
  let max = -Infinity;
  for (let c = 0; c < k; c++) {
    const w = weights[c]!;
    let z = intercepts[c]!;
    for (let j = 0; j < indices.length; j++) z += w[indices[j]!]! * values[j]!;
    out[c] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let c = 0; c < k; c++) sum += out[c] = Math.exp(out[c]! - max);
  for (let c = 0; c < k; c++) out[c]! /= sum;
  return out;
}

/**
 * Trains a binary logistic regression (labels 0/1) on sparse rows.
 *
 * @example
 * const X = [{ indices: [0], values: [1] }, { indices: [1], values: [1] }];
 * const m = trainBinary(X, [1, 0], 2, { ...DEFAULT_LOGREG_PARAMS, l2: 0.01 });
 * predictBinary(m, { indices: [0], values: [1] }); // 0.9436…
 */
export function trainBinary(X: readonly SparseVector[], y: Uint8Array | readonly number[], nFeatures: number, params: LogRegParams): BinaryModel {
  return fitBinary(X, y, nFeatures, params).model;
}

/** `trainBinary`, plus how the optimiser ended. */
export function fitBinary(
  X: readonly SparseVector[],
  y: Uint8Array | readonly number[],
  nFeatures: number,
  params: LogRegParams,
): { model: BinaryModel; report: FitReport } {
  return fitBinaryMany(X, [y], nFeatures, [params])[0]!;
}

/**
 * `fitBinary` for several label vectors over the same rows (one binary model per theme): the
 * fits run side by side and share each pass over the data, which is where the time goes.
 * Each result is bit-identical to `fitBinary(X, ys[l], nFeatures, params[l])`.
 *
 * `starts[l]`, where given, is where fit l starts instead of zero (a warm start from a nearby
 * solution: fewer Newton steps to the same tolerance).
 */
export function fitBinaryMany(
  X: readonly SparseVector[],
  ys: readonly (Uint8Array | readonly number[])[],
  nFeatures: number,
  params: readonly LogRegParams[],
  starts?: readonly (BinaryModel | undefined)[],
): { model: BinaryModel; report: FitReport }[] {
  const where = "trainBinary";
  checkCount(where, "nFeatures", nFeatures, 0);
  if (params.length !== ys.length) throw new RangeError(`${where}: ${ys.length} label vectors but ${params.length} params; expected one each`);
  params.forEach((p) => checkParams(where, p));
  const A = toCsr(where, X, nFeatures);
  const works = ys.map((y, l) => {
    const labels = checkLabels(where, y, A.n, 2);
    const c = sampleCoefficients(where, labels, 2, A.n, params[l]!.classWeights, undefined);
    const start = starts?.[l];
    let theta0: Float64Array | undefined;
    if (start !== undefined) {
      theta0 = new Float64Array(nFeatures + 1);
      theta0.set(start.weights);
      theta0[nFeatures] = start.intercept;
    }
    return minimiseWork(binaryObjective(A, labels, c, params[l]!.l2), params[l]!.maxIter, params[l]!.tol, theta0);
  });
  return runWorks(works).map(({ theta, report }) => ({ model: { nFeatures, weights: theta.slice(0, nFeatures), intercept: theta[nFeatures]! }, report }));
}

/**
 * P(y = 1) for one sparse row (a numerically stable sigmoid).
 *
 * @example
 * predictBinary({ nFeatures: 1, weights: Float64Array.of(2), intercept: -1 }, { indices: [0], values: [1] });
 * // 0.7310585786300049
 */
export function predictBinary(model: BinaryModel, x: SparseVector): number {
  const { indices, values } = x;
  checkSparseVector("predictBinary", x, model.nFeatures);
  const w = model.weights;
  let z = model.intercept;
  for (let j = 0; j < indices.length; j++) z += w[indices[j]!]! * values[j]!;
  return sigmoid(z);
}

// ---------------------------------------------------------------------------------------------
// Input checks (mljs's check helpers throw TypeError for a wrong kind of value and RangeError for
// a value out of range; we do the same, with one-line "where: what; expected" messages).

interface Csr {
  n: number;
  d: number;
  rowPtr: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

type NumberList = ArrayLike<number>;

function isNumberList(a: unknown): a is NumberList {
  return Array.isArray(a) || (ArrayBuffer.isView(a) && !(a instanceof DataView));
}

function checkCount(where: string, name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new RangeError(`${where}: ${name} is ${String(v)}; expected an integer >= ${min}`);
}

function checkParams(where: string, p: LogRegParams): void {
  if (p === null || typeof p !== "object") throw new TypeError(`${where}: params is ${String(p)}; expected a LogRegParams object`);
  if (!(Number.isFinite(p.l2) && p.l2 >= 0)) throw new RangeError(`${where}: params.l2 is ${String(p.l2)}; expected a finite number >= 0`);
  if (!(Number.isInteger(p.maxIter) && p.maxIter >= 1)) throw new RangeError(`${where}: params.maxIter is ${String(p.maxIter)}; expected an integer >= 1`);
  if (!(Number.isFinite(p.tol) && p.tol > 0)) throw new RangeError(`${where}: params.tol is ${String(p.tol)}; expected a finite number > 0`);
  if (p.classWeights !== "balanced" && p.classWeights !== "none")
    throw new RangeError(`${where}: params.classWeights is ${JSON.stringify(p.classWeights)}; expected "balanced" or "none"`);
  if (!Number.isInteger(p.seed)) throw new RangeError(`${where}: params.seed is ${String(p.seed)}; expected an integer`);
}

/**
 * Throws unless `x` is a valid sparse row over `d` features: index and value lists of equal length,
 * integer indices strictly increasing in [0, d), finite values. `where` starts the message and
 * `row` names the row (`X[row]`, else `x`).
 *
 * @example
 * checkSparseVector("trainSoftmax", { indices: [4], values: [1] }, 3, 7);
 * // RangeError: trainSoftmax: X[7].indices[0] is 4; expected an integer feature index in 0..2
 */
export function checkSparseVector(where: string, x: SparseVector, d: number, row?: number): void {
  const at = row === undefined ? "x" : `X[${row}]`;
  if (x === null || typeof x !== "object" || !isNumberList(x.indices) || !isNumberList(x.values))
    throw new TypeError(`${where}: ${at} is not a sparse vector; expected { indices, values } arrays`);
  const { indices, values } = x;
  if (indices.length !== values.length)
    throw new RangeError(`${where}: ${at} has ${indices.length} indices but ${values.length} values; expected equal lengths`);
  let prev = -1;
  for (let j = 0; j < indices.length; j++) {
    const f = indices[j]!;
    if (!Number.isInteger(f) || f < 0 || f >= d)
      throw new RangeError(`${where}: ${at}.indices[${j}] is ${f}; expected an integer feature index in 0..${d - 1}`);
    if (f <= prev) throw new RangeError(`${where}: ${at}.indices[${j}] is ${f} after ${prev}; expected strictly increasing indices`);
    if (!Number.isFinite(values[j]!)) throw new RangeError(`${where}: ${at}.values[${j}] is ${values[j]}; expected a finite number`);
    prev = f;
  }
}

function toCsr(where: string, X: readonly SparseVector[], d: number): Csr {
  if (!Array.isArray(X)) throw new TypeError(`${where}: X is not an array; expected an array of sparse vectors`);
  const n = X.length;
  if (n === 0) throw new RangeError(`${where}: X is empty; expected at least one sample`);
  const rowPtr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    checkSparseVector(where, X[i]!, d, i);
    rowPtr[i + 1] = rowPtr[i]! + X[i]!.indices.length;
  }
  const col = new Int32Array(rowPtr[n]!);
  const val = new Float64Array(rowPtr[n]!);
  for (let i = 0; i < n; i++) {
    const { indices, values } = X[i]!;
    const o = rowPtr[i]!;
    for (let j = 0; j < indices.length; j++) {
      col[o + j] = indices[j]!;
      val[o + j] = values[j]!;
    }
  }
  return { n, d, rowPtr, col, val };
}

function checkLabels(where: string, y: NumberList, n: number, k: number): Int32Array {
  if (!isNumberList(y)) throw new TypeError(`${where}: y is not an array; expected one label per row of X`);
  if (y.length !== n) throw new RangeError(`${where}: y has ${y.length} labels but X has ${n} rows; expected equal lengths`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= k) throw new RangeError(`${where}: y[${i}] is ${v}; expected an integer class index in 0..${k - 1}`);
    out[i] = v;
  }
  return out;
}

/** Per-sample coefficients c_i / Σ c, so the data term is a weighted mean. */
function sampleCoefficients(
  where: string,
  y: Int32Array,
  k: number,
  n: number,
  classWeights: LogRegParams["classWeights"],
  sampleWeights: Float64Array | undefined,
): Float64Array {
  const c = new Float64Array(n).fill(1);
  if (classWeights === "balanced") {
    const count = new Float64Array(k);
    for (let i = 0; i < n; i++) count[y[i]!]! += 1;
    // k = classes present, as scikit-learn does: the weights then sum to n, so l2 means the same with or without balancing.
    let present = 0;
    for (let j = 0; j < k; j++) if (count[j]! > 0) present++;
    for (let i = 0; i < n; i++) c[i] = n / (present * count[y[i]!]!);
  }
  if (sampleWeights !== undefined) {
    if (!(sampleWeights instanceof Float64Array)) throw new TypeError(`${where}: sampleWeights is not a Float64Array; expected one weight per row`);
    if (sampleWeights.length !== n) throw new RangeError(`${where}: sampleWeights has ${sampleWeights.length} entries but X has ${n} rows; expected equal lengths`);
    for (let i = 0; i < n; i++) {
      const s = sampleWeights[i]!;
      if (!(Number.isFinite(s) && s >= 0)) throw new RangeError(`${where}: sampleWeights[${i}] is ${s}; expected a finite number >= 0`);
      c[i]! *= s;
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += c[i]!;
  if (!(total > 0)) throw new RangeError(`${where}: the sample weights sum to ${total}; expected a positive total`);
  for (let i = 0; i < n; i++) c[i]! /= total;
  return c;
}

// ---------------------------------------------------------------------------------------------
// Objectives. Each keeps the margins and probabilities of the point it last evaluated, so the
// Hessian–vector products and the line search reuse them instead of re-reading the data.

/**
 * A pass over the data that an objective asks for instead of doing it itself, so that
 * `fitBinaryMany` can do the same pass for many objectives over one matrix at once:
 *   margins: out[i] = x_i · v[0, d) + v[d] for every row i;
 *   scatter: out[0, d) = Σ_i r_i x_i (x_i's values squared when `squared`), out[d] = Σ_i r_i.
 */
type DataPass = { kind: "margins"; A: Csr; v: Float64Array; out: Float64Array } | { kind: "scatter"; A: Csr; r: Float64Array; out: Float64Array; squared: boolean };

/** A computation that may pause on data passes: a generator that yields them and returns T. */
type Work<T> = Generator<DataPass, T, void>;

interface Objective {
  readonly dim: number;
  /** f(θ); writes ∇f(θ) into `grad` and remembers θ for the calls below. */
  evaluate(theta: Float64Array, grad: Float64Array): Work<number>;
  /** H(θ) v, at the θ last evaluated. */
  hessVec(v: Float64Array, out: Float64Array): Work<void>;
  /** diag H(θ), at the θ last evaluated (the CG preconditioner). */
  hessDiag(out: Float64Array): Work<void>;
  /** Prepares `lineValue` for the direction s from the θ last evaluated. */
  setDirection(s: Float64Array): Work<void>;
  /** f(θ + α s), in O(n · k) from cached margins. */
  lineValue(alpha: number): number;
}

/** log(1 + e^t) without overflow. */
function log1pExp(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Squared norm and dot products of the weight block θ[0, m) (the intercepts are not penalised). */
function dotRange(a: Float64Array, b: Float64Array, m: number): number {
  let s = 0;
  for (let j = 0; j < m; j++) s += a[j]! * b[j]!;
  return s;
}

function binaryObjective(A: Csr, y: Int32Array, c: Float64Array, l2: number): Objective {
  const { n, d } = A;
  const z = new Float64Array(n);
  const dz = new Float64Array(n);
  const curv = new Float64Array(n);
  let theta: Float64Array = new Float64Array(d + 1);
  let ww = 0;
  let ws = 0;
  let ss = 0;
  const resid = new Float64Array(n);
  return {
    dim: d + 1,
    *evaluate(t, grad) {
      theta = t;
      yield { kind: "margins", A, v: t, out: z };
      let f = 0;
      for (let i = 0; i < n; i++) {
        const zi = z[i]!;
        const yi = y[i]!;
        f += c[i]! * log1pExp(yi === 1 ? -zi : zi);
        const p = sigmoid(zi);
        curv[i] = c[i]! * p * (1 - p);
        resid[i] = c[i]! * (p - yi);
      }
      yield { kind: "scatter", A, r: resid, out: grad, squared: false };
      ww = dotRange(t, t, d);
      f += 0.5 * l2 * ww;
      for (let j = 0; j < d; j++) grad[j]! += l2 * t[j]!;
      return f;
    },
    *hessVec(v, out) {
      yield { kind: "margins", A, v, out: resid };
      for (let i = 0; i < n; i++) resid[i]! *= curv[i]!;
      yield { kind: "scatter", A, r: resid, out, squared: false };
      for (let j = 0; j < d; j++) out[j]! += l2 * v[j]!;
    },
    *hessDiag(out) {
      yield { kind: "scatter", A, r: curv, out, squared: true };
      for (let j = 0; j < d; j++) out[j]! += l2;
    },
    *setDirection(s) {
      yield { kind: "margins", A, v: s, out: dz };
      ws = dotRange(theta, s, d);
      ss = dotRange(s, s, d);
    },
    lineValue(alpha) {
      let f = 0;
      for (let i = 0; i < n; i++) {
        const zi = z[i]! + alpha * dz[i]!;
        f += c[i]! * log1pExp(y[i] === 1 ? -zi : zi);
      }
      return f + 0.5 * l2 * (ww + 2 * alpha * ws + alpha * alpha * ss);
    },
  };
}

// Data passes, one objective at a time (hot loops: row bounds hoisted, no closures).

function marginsPass(A: Csr, v: Float64Array, out: Float64Array): void {
  const { n, d, rowPtr, col, val } = A;
  const b = v[d]!;
  let q0 = rowPtr[0]!;
  for (let i = 0; i < n; i++) {
    const q1 = rowPtr[i + 1]!;
    let s = b;
    for (let q = q0; q < q1; q++) s += v[col[q]!]! * val[q]!;
    out[i] = s;
    q0 = q1;
  }
}

function scatterPass(A: Csr, r: Float64Array, out: Float64Array, squared: boolean): void {
  const { n, d, rowPtr, col, val } = A;
  out.fill(0);
  let q0 = rowPtr[0]!;
  let rb = 0;
  for (let i = 0; i < n; i++) {
    const q1 = rowPtr[i + 1]!;
    const ri = r[i]!;
    if (squared) for (let q = q0; q < q1; q++) out[col[q]!]! += ri * val[q]! * val[q]!;
    else for (let q = q0; q < q1; q++) out[col[q]!]! += ri * val[q]!;
    rb += ri;
    q0 = q1;
  }
  out[d] = rb;
}

/**
 * The same passes for m objectives over one matrix: their vectors interleaved (element j of
 * objective l at j·m + l) so each non-zero is read once for all of them. Each objective's sums
 * run in the same order as in `marginsPass`/`scatterPass`, so the results are bit-identical.
 */
function marginsPasses(A: Csr, passes: readonly { v: Float64Array; out: Float64Array }[]): void {
  const { n, d, rowPtr, col, val } = A;
  const m = passes.length;
  const V = new Float64Array((d + 1) * m);
  for (let l = 0; l < m; l++) {
    const v = passes[l]!.v;
    for (let j = 0; j <= d; j++) V[j * m + l] = v[j]!;
  }
  const acc = new Float64Array(m);
  let q0 = rowPtr[0]!;
  for (let i = 0; i < n; i++) {
    const q1 = rowPtr[i + 1]!;
    for (let l = 0; l < m; l++) acc[l] = V[d * m + l]!;
    for (let q = q0; q < q1; q++) {
      const base = col[q]! * m;
      const x = val[q]!;
      for (let l = 0; l < m; l++) acc[l]! += V[base + l]! * x;
    }
    for (let l = 0; l < m; l++) passes[l]!.out[i] = acc[l]!;
    q0 = q1;
  }
}

function scatterPasses(A: Csr, passes: readonly { r: Float64Array; out: Float64Array }[], squared: boolean): void {
  const { n, d, rowPtr, col, val } = A;
  const m = passes.length;
  const O = new Float64Array(d * m);
  const R = new Float64Array(m);
  const rb = new Float64Array(m);
  let q0 = rowPtr[0]!;
  for (let i = 0; i < n; i++) {
    const q1 = rowPtr[i + 1]!;
    for (let l = 0; l < m; l++) {
      R[l] = passes[l]!.r[i]!;
      rb[l]! += R[l]!;
    }
    for (let q = q0; q < q1; q++) {
      const base = col[q]! * m;
      const x = val[q]!;
      if (squared) for (let l = 0; l < m; l++) O[base + l]! += R[l]! * x * x;
      else for (let l = 0; l < m; l++) O[base + l]! += R[l]! * x;
    }
    q0 = q1;
  }
  for (let l = 0; l < m; l++) {
    const out = passes[l]!.out;
    for (let j = 0; j < d; j++) out[j] = O[j * m + l]!;
    out[d] = rb[l]!;
  }
}

function doPass(p: DataPass): void {
  if (p.kind === "margins") marginsPass(p.A, p.v, p.out);
  else scatterPass(p.A, p.r, p.out, p.squared);
}

/** Runs one computation, doing its data passes as they come. */
function runWork<T>(work: Work<T>): T {
  for (let step = work.next(); ; step = work.next()) {
    if (step.done) return step.value;
    doPass(step.value);
  }
}

/**
 * Runs many computations side by side: each runs until it asks for a data pass; then the passes
 * asked for are done together, grouped by matrix and kind, and every computation resumes.
 */
function runWorks<T>(works: readonly Work<T>[]): T[] {
  const results = new Array<T>(works.length);
  let waiting: { w: number; pass: DataPass }[] = [];
  const advance = (w: number) => {
    const step = works[w]!.next();
    if (step.done) results[w] = step.value;
    else waiting.push({ w, pass: step.value });
  };
  for (let w = 0; w < works.length; w++) advance(w);
  while (waiting.length > 0) {
    const batch = waiting;
    waiting = [];
    const groups = new Map<Csr, Map<string, DataPass[]>>();
    for (const { pass } of batch) {
      const byKind = groups.get(pass.A) ?? groups.set(pass.A, new Map()).get(pass.A)!;
      const kind = pass.kind === "margins" ? "margins" : pass.squared ? "scatter2" : "scatter";
      (byKind.get(kind) ?? byKind.set(kind, []).get(kind)!).push(pass);
    }
    for (const [A, byKind] of groups) {
      for (const [kind, passes] of byKind) {
        if (passes.length === 1) doPass(passes[0]!);
        else if (kind === "margins") marginsPasses(A, passes as { v: Float64Array; out: Float64Array }[]);
        else scatterPasses(A, passes as { r: Float64Array; out: Float64Array }[], kind === "scatter2");
      }
    }
    for (const { w } of batch) advance(w);
  }
  return results;
}

/** θ layout: weights class-major (θ[k·d + j]), then the k intercepts. */
function softmaxObjective(A: Csr, y: Int32Array, k: number, c: Float64Array, l2: number): Objective {
  const { n, d, rowPtr, col, val } = A;
  const kd = k * d;
  const z = new Float64Array(n * k);
  const dz = new Float64Array(n * k);
  const prob = new Float64Array(n * k);
  const u = new Float64Array(k);
  let theta: Float64Array = new Float64Array(kd + k);
  let ww = 0;
  let ws = 0;
  let ss = 0;
  /** Writes the k margins of row i under parameters v into out[o, o + k). */
  const margins = (v: Float64Array, i: number, out: Float64Array, o: number): void => {
    const p0 = rowPtr[i]!;
    const p1 = rowPtr[i + 1]!;
    for (let cl = 0; cl < k; cl++) {
      const base = cl * d;
      let s = v[kd + cl]!;
      for (let p = p0; p < p1; p++) s += v[base + col[p]!]! * val[p]!;
      out[o + cl] = s;
    }
  };
  const rowLoss = (zz: Float64Array, o: number, yi: number): number => {
    let max = -Infinity;
    for (let cl = 0; cl < k; cl++) if (zz[o + cl]! > max) max = zz[o + cl]!;
    let sum = 0;
    for (let cl = 0; cl < k; cl++) sum += Math.exp(zz[o + cl]! - max);
    return max + Math.log(sum) - zz[o + yi]!;
  };
  return {
    dim: kd + k,
    *evaluate(t, grad) {
      theta = t;
      grad.fill(0);
      let f = 0;
      for (let i = 0; i < n; i++) {
        const o = i * k;
        margins(t, i, z, o);
        let max = -Infinity;
        for (let cl = 0; cl < k; cl++) if (z[o + cl]! > max) max = z[o + cl]!;
        let sum = 0;
        for (let cl = 0; cl < k; cl++) sum += prob[o + cl] = Math.exp(z[o + cl]! - max);
        const yi = y[i]!;
        f += c[i]! * (max + Math.log(sum) - z[o + yi]!);
        for (let cl = 0; cl < k; cl++) {
          const p = (prob[o + cl]! /= sum);
          const r = c[i]! * (p - (cl === yi ? 1 : 0));
          const base = cl * d;
          for (let q = rowPtr[i]!; q < rowPtr[i + 1]!; q++) grad[base + col[q]!]! += r * val[q]!;
          grad[kd + cl]! += r;
        }
      }
      ww = dotRange(t, t, kd);
      f += 0.5 * l2 * ww;
      for (let j = 0; j < kd; j++) grad[j]! += l2 * t[j]!;
      return f;
    },
    *hessVec(v, out) {
      out.fill(0);
      for (let i = 0; i < n; i++) {
        const o = i * k;
        margins(v, i, u, 0);
        let pu = 0;
        for (let cl = 0; cl < k; cl++) pu += prob[o + cl]! * u[cl]!;
        for (let cl = 0; cl < k; cl++) {
          const r = c[i]! * prob[o + cl]! * (u[cl]! - pu);
          const base = cl * d;
          for (let q = rowPtr[i]!; q < rowPtr[i + 1]!; q++) out[base + col[q]!]! += r * val[q]!;
          out[kd + cl]! += r;
        }
      }
      for (let j = 0; j < kd; j++) out[j]! += l2 * v[j]!;
    },
    *hessDiag(out) {
      out.fill(0);
      for (let i = 0; i < n; i++) {
        const o = i * k;
        for (let cl = 0; cl < k; cl++) {
          const p = prob[o + cl]!;
          const h = c[i]! * p * (1 - p);
          const base = cl * d;
          for (let q = rowPtr[i]!; q < rowPtr[i + 1]!; q++) out[base + col[q]!]! += h * val[q]! * val[q]!;
          out[kd + cl]! += h;
        }
      }
      for (let j = 0; j < kd; j++) out[j]! += l2;
    },
    *setDirection(s) {
      for (let i = 0; i < n; i++) margins(s, i, dz, i * k);
      ws = dotRange(theta, s, kd);
      ss = dotRange(s, s, kd);
    },
    lineValue(alpha) {
      let f = 0;
      for (let i = 0; i < n; i++) {
        const o = i * k;
        for (let cl = 0; cl < k; cl++) u[cl] = z[o + cl]! + alpha * dz[o + cl]!;
        f += c[i]! * rowLoss(u, 0, y[i]!);
      }
      return f + 0.5 * l2 * (ww + 2 * alpha * ws + alpha * alpha * ss);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Truncated Newton: solve H s = -g approximately by preconditioned conjugate gradients (stopping
// at a relative residual of min(0.5, sqrt‖g‖), which gives superlinear convergence), then
// backtrack from the full step until the Armijo condition holds.

const MAX_CG = 250;
const ARMIJO = 1e-4;
const MAX_HALVINGS = 40;

function minimise(obj: Objective, maxIter: number, tol: number): { theta: Float64Array; report: FitReport } {
  return runWork(minimiseWork(obj, maxIter, tol));
}

function* minimiseWork(obj: Objective, maxIter: number, tol: number, theta0?: Float64Array): Work<{ theta: Float64Array; report: FitReport }> {
  const D = obj.dim;
  const theta = theta0 ?? new Float64Array(D);
  const g = new Float64Array(D);
  const s = new Float64Array(D);
  const r = new Float64Array(D);
  const zv = new Float64Array(D);
  const p = new Float64Array(D);
  const hp = new Float64Array(D);
  const m = new Float64Array(D);
  let f = yield* obj.evaluate(theta, g);
  let gInf = normInf(g);
  let iterations = 0;
  let cgIterations = 0;
  while (gInf > tol && iterations < maxIter) {
    iterations++;
    yield* obj.hessDiag(m);
    // A zero diagonal (a feature in no row with l2 = 0, or saturated probabilities) would divide by zero.
    for (let j = 0; j < D; j++) if (!(m[j]! > 1e-12)) m[j] = 1e-12;
    s.fill(0);
    let rz = 0;
    let gg = 0;
    for (let j = 0; j < D; j++) {
      r[j] = -g[j]!;
      zv[j] = r[j]! / m[j]!;
      p[j] = zv[j]!;
      rz += r[j]! * zv[j]!;
      gg += g[j]! * g[j]!;
    }
    const gNorm = Math.sqrt(gg);
    const target = Math.min(0.5, Math.sqrt(gNorm)) * gNorm;
    for (let it = 0; it < MAX_CG; it++) {
      yield* obj.hessVec(p, hp);
      const pHp = dot(p, hp);
      if (!(pHp > 0)) {
        // No curvature along p (only in degenerate, saturated problems): fall back to the
        // preconditioned gradient direction on the first step, else keep what CG has.
        if (it === 0) s.set(p);
        break;
      }
      const a = rz / pHp;
      let rr = 0;
      for (let j = 0; j < D; j++) {
        s[j]! += a * p[j]!;
        r[j]! -= a * hp[j]!;
        rr += r[j]! * r[j]!;
      }
      cgIterations++;
      if (Math.sqrt(rr) <= target) break;
      let rzNew = 0;
      for (let j = 0; j < D; j++) {
        zv[j] = r[j]! / m[j]!;
        rzNew += r[j]! * zv[j]!;
      }
      const beta = rzNew / rz;
      rz = rzNew;
      for (let j = 0; j < D; j++) p[j] = zv[j]! + beta * p[j]!;
    }
    const gs = dot(g, s);
    if (!(gs < 0)) break;
    yield* obj.setDirection(s);
    let alpha = 1;
    let accepted = false;
    for (let h = 0; h < MAX_HALVINGS; h++) {
      if (obj.lineValue(alpha) <= f + ARMIJO * alpha * gs) {
        accepted = true;
        break;
      }
      alpha *= 0.5;
    }
    // No decrease even for a tiny step: we are at the optimum to machine precision.
    if (!accepted) break;
    for (let j = 0; j < D; j++) theta[j]! += alpha * s[j]!;
    f = yield* obj.evaluate(theta, g);
    gInf = normInf(g);
  }
  return { theta, report: { iterations, cgIterations, converged: gInf <= tol, gradientNorm: gInf, objective: f } };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

function normInf(a: Float64Array): number {
  let m = 0;
  for (let j = 0; j < a.length; j++) {
    const v = Math.abs(a[j]!);
    if (v > m) m = v;
  }
  return m;
}
