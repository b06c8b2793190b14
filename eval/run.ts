/**
 * The precision report: leave-one-document-out evaluation of the shipped learner, the baselines on
 * the same folds, the human ceiling, error analysis and a learning curve. Produces the
 * `metrics.json` object; `render.ts` turns it into Markdown and HTML.
 *
 * Every model the evaluation trains (one per held-out document, and per learning-curve draw) is a
 * task of `folds.ts`, run on worker threads by `pool.ts` where `jobs` > 1; the random choices
 * (learning-curve draws) are made here, in one thread and a fixed order, before any task runs, so
 * the result does not depend on the number of workers.
 */
import { createHash } from "node:crypto";
import { type PooledPrediction, summariseCv } from "./cv.ts";
import { dataSha256, trainModel, type TrainingExample } from "../models/train.ts";
import { explainInWords } from "../models/explain-words.ts";
import { mulberry32 } from "../pipeline/common/random.ts";
import { serialiseModel, type TrainParams } from "../models/model-file.ts";
import { SENTIMENTS, type Sentiment, THEME_IDS, themeIndicators } from "../pipeline/schema.ts";
import { TOOL_VERSION } from "../pipeline/common/version.ts";
import { BASELINES } from "./baselines.ts";
import type { FoldResult, FoldTask } from "./folds.ts";
import { accuracy, binaryPrf, bootstrapCI, brierScore, cohenKappa, confusionMatrix, macroF1, microPrf, perClass, reliability, rowNormalise } from "./metrics.ts";
import { runFoldTasks } from "./pool.ts";
import { EVAL_FORMAT, EVAL_FORMAT_VERSION, type MetricsJson } from "./report/schema.ts";
import { DEFAULT_TARGETS, judgeTarget, type TargetMetric, type Targets } from "./targets.ts";

export interface EvalOptions {
  params: TrainParams;
  seed: number;
  bootstrapIterations: number;
  /** Learning-curve repeats per training-set size. */
  curveRepeats: number;
  /** Examples labelled by a second, independent pass (for the ceiling), keyed like the gold ones. */
  secondPass?: readonly TrainingExample[];
  /** The first pass as labelled (before adjudication), for the same documents as `secondPass`. */
  firstPass?: readonly TrainingExample[];
  skipped?: { letter_id: string; reason: string }[];
  /** How many of the most confident errors to list (and how many hand-vs-heading sentences to sample). */
  topErrors: number;
  /** Worker threads for the training runs (1: all in this thread; the result is the same). */
  jobs?: number;
  /** Progress lines (one per cross-validation fold, one per learning-curve size). */
  progress?: (line: string) => void;
  /** Quality targets to judge (default: the project's). */
  targets?: Targets;
}

const key = (e: TrainingExample) => `${e.letter_id}/${e.section}/${e.subsection ?? "-"}/${e.sentence_index ?? "?"}/${e.text.length}:${e.text.slice(0, 24)}`;

function sentimentScores(gold: readonly Sentiment[], pred: readonly Sentiment[]): { m: number[][] } {
  return { m: confusionMatrix(gold.map((g) => SENTIMENTS.indexOf(g)), pred.map((p) => SENTIMENTS.indexOf(p)), SENTIMENTS.length) };
}

function macroOf(items: readonly { gold: Sentiment; pred: Sentiment }[]): number | null {
  if (items.length === 0) return null;
  return macroF1(sentimentScores(items.map((i) => i.gold), items.map((i) => i.pred)).m);
}

/** Groups items by document for the bootstrap (documents are the resampling unit). */
function byDocument<T extends { letter: string }>(items: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const i of items) (groups.get(i.letter) ?? groups.set(i.letter, []).get(i.letter)!).push(i);
  return [...groups.values()];
}

/** Strength ↔ weakness swaps in a confusion matrix (codebook order: strength 0, weakness 1). */
function flipsOf(m: number[][]): { n_polar: number; n_flipped: number; rate: number | null } {
  const n_polar = m[0]!.reduce((a, b) => a + b, 0) + m[1]!.reduce((a, b) => a + b, 0);
  const n_flipped = m[0]![1]! + m[1]![0]!;
  return { n_polar, n_flipped, rate: n_polar > 0 ? n_flipped / n_polar : null };
}

function sentimentBlock(pooled: readonly PooledPrediction[], opts: EvalOptions): MetricsJson["sentiment"]["by_framework"][string] {
  const gold = pooled.map((p) => p.example.sentiment);
  const pred = pooled.map((p) => p.prediction.sentiment);
  const { m } = sentimentScores(gold, pred);
  const classes = perClass(m);
  const items = pooled.map((p) => ({ letter: p.example.letter_id, gold: p.example.sentiment, pred: p.prediction.sentiment }));
  const groups = byDocument(items);
  const boot = { iterations: opts.bootstrapIterations, seed: opts.seed };
  const probs = pooled.map((p) => SENTIMENTS.map((s) => p.prediction.probabilities[s]));
  const goldIdx = gold.map((g) => SENTIMENTS.indexOf(g));
  const rel = pooled.length > 0 ? reliability(probs, goldIdx, 10) : { bins: [], ece: Number.NaN };
  // Per-document confusion matrices: a resample's confusion matrix is the sum of its documents',
  // the same counts as its sentences' (so the same intervals), without a pass over the sentences.
  const docMatrices = groups.map((g) => sentimentScores(g.map((i) => i.gold), g.map((i) => i.pred)).m);
  const per_class: MetricsJson["sentiment"]["by_framework"][string]["per_class"] = {};
  SENTIMENTS.forEach((s, c) => {
    const cls = classes[c]!;
    per_class[s] = { ...cls, f1_ci: bootstrapCI(docMatrices, (sample) => perClass(sumMatrices(sample))[c]!.f1, boot) };
  });
  const flips = flipsOf(m);
  return {
    n: pooled.length,
    n_documents: groups.length,
    macro_f1: pooled.length ? macroF1(m) : null,
    macro_f1_ci: bootstrapCI(docMatrices, (sample) => macroF1(sumMatrices(sample)), boot),
    accuracy: pooled.length ? accuracy(m) : null,
    per_class,
    confusion: { labels: [...SENTIMENTS], counts: m, row_normalised: rowNormalise(m) },
    calibration: { ece: Number.isFinite(rel.ece) ? rel.ece : null, brier: pooled.length ? brierScore(probs, goldIdx) : null, bins: rel.bins },
    flip: { ...flips, rate_ci: bootstrapCI(docMatrices, (sample) => flipsOf(sumMatrices(sample)).rate, boot) },
  };
}

function sumMatrices(ms: readonly number[][][]): number[][] {
  const k = SENTIMENTS.length;
  const out = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const m of ms) for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) out[i]![j]! += m[i]![j]!;
  return out;
}

/** Theme (sentence, theme) cells of some predictions: true positives, false positives, false negatives. */
function themeCounts(pooled: readonly PooledPrediction[]): { tp: number; fp: number; fn: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const p of pooled) {
    for (const t of THEME_IDS) {
      const g = p.example.themes.includes(t);
      const y = p.prediction.themes.includes(t);
      if (g && y) tp++;
      else if (y) fp++;
      else if (g) fn++;
    }
  }
  return { tp, fp, fn };
}

/** Micro-F1 from pooled counts: 2tp / (2tp + fp + fn), as `microPrf` gives it. */
function microF1Of(c: { tp: number; fp: number; fn: number }): number | null {
  const den = 2 * c.tp + c.fp + c.fn;
  return den === 0 ? null : (2 * c.tp) / den;
}

function sumCounts(cs: readonly { tp: number; fp: number; fn: number }[]): { tp: number; fp: number; fn: number } {
  return cs.reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
}

function themeBlock(pooled: readonly PooledPrediction[], opts: EvalOptions): MetricsJson["themes"]["by_framework"][string] {
  const per_theme = THEME_IDS.map((theme) => {
    const r = binaryPrf(pooled.map((p) => p.example.themes.includes(theme)), pooled.map((p) => p.prediction.themes.includes(theme)));
    const evaluable = r.support > 0;
    return { theme, precision: r.precision, recall: evaluable ? r.recall : null, f1: evaluable ? r.f1 : null, support: r.support, evaluable };
  });
  const micro = microPrf(themeIndicators(pooled.map((p) => p.example.themes)), themeIndicators(pooled.map((p) => p.prediction.themes)));
  const evaluable = per_theme.filter((t) => t.evaluable && t.f1 !== null);
  const docCounts = byDocument(pooled.map((p) => ({ letter: p.example.letter_id, p }))).map((g) => themeCounts(g.map((x) => x.p)));
  return {
    n: pooled.length,
    micro: { precision: micro.precision, recall: micro.recall, f1: micro.f1 },
    micro_f1_ci: bootstrapCI(docCounts, (sample) => microF1Of(sumCounts(sample)), { iterations: opts.bootstrapIterations, seed: opts.seed }),
    macro_f1: evaluable.length ? evaluable.reduce((a, t) => a + t.f1!, 0) / evaluable.length : null,
    n_evaluable: evaluable.length,
    per_theme,
  };
}

function frameworksOf(pooled: readonly PooledPrediction[]): Record<string, PooledPrediction[]> {
  const out: Record<string, PooledPrediction[]> = { all: [...pooled] };
  for (const p of pooled) (out[p.example.framework] ??= []).push(p);
  return out;
}

/** Training-set sizes of the learning curve: a fixed ladder up to every other document. */
function curveSizes(nLetters: number): number[] {
  const max = nLetters - 1;
  return [...new Set([1, 2, 3, 4, 6, 8, 11, 15, max].filter((n) => n >= 1 && n <= max))].sort((a, b) => a - b);
}

/**
 * The learning curve's draws: for each size n and repeat r, each held-out document's random subset
 * of n training documents, drawn from one seeded stream per (n, r) in document order.
 */
function curveDraws(letters: readonly string[], opts: EvalOptions): { n: number; repeat: number; held: string; train: string[] }[] {
  const max = letters.length - 1;
  return curveSizes(letters.length).flatMap((n) => {
    const repeats = n === max ? 1 : opts.curveRepeats;
    return Array.from({ length: repeats }, (_, r) => {
      const rand = mulberry32(opts.seed * 1000 + n * 17 + r);
      return letters.map((held) => {
        const others = letters.filter((l) => l !== held);
        for (let i = others.length - 1; i > 0; i--) {
          const j = Math.floor(rand() * (i + 1));
          [others[i], others[j]] = [others[j]!, others[i]!];
        }
        return { n, repeat: r, held, train: others.slice(0, n) };
      });
    }).flat();
  });
}

/** Explanations of the error-analysis sentences, by example index (from the cross-validation folds). */
type Explanations = Map<number, { feature: string; weight: number }[]>;

/** Runs the whole evaluation and returns the `metrics.json` object. */
export async function evaluate(examples: readonly TrainingExample[], opts: EvalOptions): Promise<MetricsJson> {
  const letters = [...new Set(examples.map((e) => e.letter_id))].sort();
  if (letters.length < 2) throw new RangeError(`leave-one-document-out needs at least 2 labelled documents; found ${letters.length}`);
  const progress = opts.progress ?? (() => {});

  const draws = curveDraws(letters, opts);
  const curveParams = { ...opts.params, threshold_folds: 2 };
  const tasks: FoldTask[] = [
    ...letters.map((held): FoldTask => ({ kind: "model", held, train: null, params: opts.params, sentimentOnly: false, explain: true })),
    ...letters.map((held): FoldTask => ({ kind: "baselines", held })),
    ...draws.map((d): FoldTask => ({ kind: "model", held: d.held, train: d.train, params: curveParams, sentimentOnly: true, explain: false })),
  ];
  const nCv = letters.length;
  const curveLeft = new Map<number, number>();
  for (const d of draws) curveLeft.set(d.n, (curveLeft.get(d.n) ?? 0) + 1);
  let cvDone = 0;
  let baselinesLeft = letters.length;
  const jobs = Math.max(1, opts.jobs ?? 1);
  progress(`evaluating ${letters.length} documents: ${tasks.length} training runs on ${jobs === 1 ? "this thread" : `${jobs} worker threads`}`);
  const t0 = performance.now();
  const secs = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  // The model on every document (thresholds, model hash) is trained here while the workers run.
  let full: ReturnType<typeof trainModel> | undefined;
  const results = await runFoldTasks({ examples, seed: opts.seed }, tasks, {
    jobs,
    meanwhile: () => {
      full = trainModel(examples, opts.params, { seed: opts.seed, letters, skipped_letters: (opts.skipped ?? []).map((s) => s.letter_id).sort(), data_sha256: dataSha256(examples) });
    },
    onResult: (i, task) => {
      if (i < nCv) progress(`cross-validation: fold ${++cvDone} of ${nCv} done (${task.held} held out, ${secs()})`);
      else if (i < 2 * nCv) {
        if (--baselinesLeft === 0) progress(`baselines: all ${nCv} folds done (${secs()})`);
      } else {
        const n = draws[i - 2 * nCv]!.n;
        const left = curveLeft.get(n)! - 1;
        curveLeft.set(n, left);
        if (left === 0) progress(`learning curve: ${n} training document${n === 1 ? "" : "s"} done (${secs()})`);
      }
    },
  });

  const modelResult = (r: FoldResult | undefined) => (r?.kind === "model" ? r : { kind: "model" as const, held: "", predictions: [] });
  const explanations: Explanations = new Map();
  const pooled: PooledPrediction[] = letters.flatMap((held, f) =>
    modelResult(results[f]).predictions.map((p) => {
      if (p.explain !== null) explanations.set(p.index, p.explain);
      return { example: examples[p.index]!, prediction: p.prediction, fold: held };
    }),
  );
  const fw = frameworksOf(pooled);
  const model = full!;
  model.metrics = summariseCv(pooled);
  const model_sha256 = createHash("sha256").update(serialiseModel(model)).digest("hex");

  const boot = { iterations: opts.bootstrapIterations, seed: opts.seed };
  const baselines: MetricsJson["baselines"] = BASELINES.map((b, bi) => {
    const preds: { letter: string; framework: string; gold: Sentiment; pred: Sentiment }[] = [];
    for (let f = 0; f < letters.length; f++) {
      const r = results[nCv + f];
      if (r?.kind !== "baselines") continue;
      for (const p of r.predictions) {
        const e = examples[p.index]!;
        const label = p.labels[bi] ?? null;
        if (label !== null) preds.push({ letter: e.letter_id, framework: e.framework, gold: e.sentiment, pred: label });
      }
    }
    const by: MetricsJson["baselines"][number]["by_framework"] = {};
    for (const name of Object.keys(fw)) {
      const items = preds.filter((p) => name === "all" || p.framework === name);
      const { m } = sentimentScores(items.map((i) => i.gold), items.map((i) => i.pred));
      by[name] = {
        n_scored: items.length,
        macro_f1: items.length ? macroF1(m) : null,
        macro_f1_ci: bootstrapCI(byDocument(items).map((g) => sentimentScores(g.map((i) => i.gold), g.map((i) => i.pred)).m), (s) => macroF1(sumMatrices(s)), boot),
        accuracy: items.length ? accuracy(m) : null,
      };
    }
    return { id: b.id, description: b.description, by_framework: by };
  });
  const sentimentBlocks = Object.fromEntries(Object.entries(fw).map(([k, v]) => [k, sentimentBlock(v, opts)]));
  baselines.push({
    id: `learner:${opts.params.learner}`,
    description: "the shipped learner (this report's model), same folds",
    by_framework: Object.fromEntries(Object.entries(sentimentBlocks).map(([name, block]) => [name, { n_scored: block.n, macro_f1: block.macro_f1, macro_f1_ci: block.macro_f1_ci, accuracy: block.accuracy }])),
  });

  const per_section = [...new Set(pooled.map((p) => p.example.section))].map((section) => {
    const items = pooled.filter((p) => p.example.section === section).map((p) => ({ gold: p.example.sentiment, pred: p.prediction.sentiment }));
    const { m } = sentimentScores(items.map((i) => i.gold), items.map((i) => i.pred));
    return { section, n: items.length, macro_f1: macroOf(items), accuracy: items.length ? accuracy(m) : null };
  });
  const per_letter = letters.map((letter_id) => {
    const items = pooled.filter((p) => p.example.letter_id === letter_id);
    const pairs = items.map((p) => ({ gold: p.example.sentiment, pred: p.prediction.sentiment }));
    const { m } = sentimentScores(pairs.map((i) => i.gold), pairs.map((i) => i.pred));
    return {
      letter_id,
      framework: items[0]?.example.framework ?? "",
      n: items.length,
      macro_f1: macroOf(pairs),
      // One document: its sentences are the resampling unit.
      macro_f1_ci: bootstrapCI(pairs.map((p) => [p]), (s) => macroOf(s.flat()), boot),
      accuracy: items.length ? accuracy(m) : null,
      confusion: m,
      theme_counts: themeCounts(items),
    };
  });
  const themeBlocks = Object.fromEntries(Object.entries(fw).map(([k, v]) => [k, themeBlock(v, opts)]));
  const measured: Record<TargetMetric, { value: number | null; lo: number | null; hi: number | null }> = {
    sentiment_macro_f1: { value: sentimentBlocks.all!.macro_f1, ...sentimentBlocks.all!.macro_f1_ci },
    theme_micro_f1: { value: themeBlocks.all!.micro.f1, ...(themeBlocks.all!.micro_f1_ci ?? { lo: null, hi: null }) },
    flip_rate: { value: sentimentBlocks.all!.flip?.rate ?? null, ...(sentimentBlocks.all!.flip?.rate_ci ?? { lo: null, hi: null }) },
  };
  const targets = opts.targets ?? DEFAULT_TARGETS;

  return {
    format: EVAL_FORMAT,
    format_version: EVAL_FORMAT_VERSION,
    tool_version: TOOL_VERSION,
    setup: {
      scheme: "leave-one-document-out",
      learner: opts.params.learner,
      seed: opts.seed,
      data_sha256: dataSha256(examples),
      model_sha256,
      documents: letters.map((l) => ({ letter_id: l, framework: examples.find((e) => e.letter_id === l)!.framework, n_sentences: examples.filter((e) => e.letter_id === l).length })),
      skipped: opts.skipped ?? [],
      bootstrap: { unit: "document", iterations: opts.bootstrapIterations, seed: opts.seed, level: 0.95 },
      params: opts.params as unknown as Record<string, unknown>,
    },
    targets: (Object.keys(measured) as TargetMetric[]).filter((k) => targets[k] !== undefined).map((k) => judgeTarget(k, targets[k]!, measured[k])),
    sentiment: { by_framework: sentimentBlocks, per_letter, per_section },
    themes: {
      by_framework: themeBlocks,
      thresholds: model.themes.models.map((m) => ({ theme: m.theme, threshold: m.threshold, n_positive: m.n_positive })),
    },
    baselines,
    ceiling: ceiling(pooled, opts.secondPass ?? [], opts.firstPass ?? []),
    errors: errorAnalysis(examples, pooled, explanations, opts),
    learning_curve: learningCurve(examples, draws, results.slice(2 * nCv), opts),
  };
}

function errorAnalysis(examples: readonly TrainingExample[], pooled: readonly PooledPrediction[], explanations: Explanations, opts: EvalOptions): MetricsJson["errors"] {
  const indexOf = new Map(examples.map((e, i) => [e, i]));
  const wrong = pooled
    .filter((p) => p.prediction.sentiment !== p.example.sentiment)
    .map((p) => ({ p, conf: p.prediction.probabilities[p.prediction.sentiment] }))
    .sort((a, b) => b.conf - a.conf || key(a.p.example).localeCompare(key(b.p.example)))
    .slice(0, opts.topErrors);
  const disagree = pooled.filter((p) => p.example.silver !== null && p.example.silver !== undefined && p.example.silver !== p.example.sentiment);
  // A seeded random sample when the list is cut (the first N would all come from the first documents
  // alphabetically), shown in corpus order.
  let shownDisagree = disagree;
  if (disagree.length > opts.topErrors) {
    const rand = mulberry32(opts.seed);
    const order = disagree.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    shownDisagree = order.slice(0, opts.topErrors).sort((a, b) => a - b).map((i) => disagree[i]!);
  }
  const row = (p: PooledPrediction) => ({
    letter_id: p.example.letter_id,
    framework: p.example.framework,
    key: `${p.example.section}/${p.example.subsection ?? "-"}/${(p.example as { finding_index?: number }).finding_index ?? "?"}/${p.example.sentence_index ?? "?"}`,
    text: p.example.text,
    gold: p.example.sentiment,
    predicted: p.prediction.sentiment,
    confidence: p.prediction.probabilities[p.prediction.sentiment],
    silver: p.example.silver ?? null,
    features: explainInWords(explanations.get(indexOf.get(p.example)!) ?? [], { text: p.example.text, section: p.example.section, subsection: p.example.subsection ?? null }),
  });
  return {
    confident_wrong: wrong.map((w) => row(w.p)),
    hand_vs_heading: shownDisagree.map(row),
    n_hand_vs_heading: disagree.length,
    ...(disagree.length > opts.topErrors ? { hand_vs_heading_seed: opts.seed } : {}),
  };
}

/**
 * The human ceiling: agreement between the two independent passes (first pass as labelled, before
 * adjudication, against the second), and the model against the gold labels on the same sentences.
 */
function ceiling(pooled: readonly PooledPrediction[], second: readonly TrainingExample[], firstPass: readonly TrainingExample[]): MetricsJson["ceiling"] {
  if (second.length === 0) return null;
  const gold = new Map(pooled.map((p) => [key(p.example), p]));
  const first = new Map(firstPass.map((e) => [key(e), e]));
  const pairs = second
    .map((s) => ({ s, p: gold.get(key(s)), a: first.get(key(s)) }))
    .filter((x): x is { s: TrainingExample; p: PooledPrediction; a: TrainingExample | undefined } => x.p !== undefined)
    .filter((x) => firstPass.length === 0 || x.a !== undefined)
    .map((x) => ({ ...x, a: x.a ?? x.p.example }));
  if (pairs.length === 0) return null;
  const k = SENTIMENTS.length;
  const idx = (s: Sentiment) => SENTIMENTS.indexOf(s);
  const firstIdx = pairs.map((x) => idx(x.a.sentiment));
  const other = pairs.map((x) => idx(x.s.sentiment));
  const goldIdx = pairs.map((x) => idx(x.p.example.sentiment));
  const model = pairs.map((x) => idx(x.p.prediction.sentiment));
  const themeF1 = (a: readonly (readonly string[])[], b: readonly (readonly string[])[]) => microPrf(themeIndicators(a), themeIndicators(b)).f1;
  return {
    n_sentences: pairs.length,
    documents: [...new Set(pairs.map((x) => x.s.letter_id))].sort(),
    sentiment_kappa: cohenKappa(firstIdx, other, k),
    sentiment_macro_f1: macroF1(confusionMatrix(firstIdx, other, k)),
    theme_micro_f1: themeF1(pairs.map((x) => x.a.themes), pairs.map((x) => x.s.themes)),
    model_on_same_sentences: {
      sentiment_kappa: cohenKappa(goldIdx, model, k),
      sentiment_macro_f1: macroF1(confusionMatrix(goldIdx, model, k)),
      theme_micro_f1: themeF1(pairs.map((x) => x.p.example.themes), pairs.map((x) => x.p.prediction.themes)),
    },
  };
}


/**
 * Macro-F1 against the number of training documents: for each size, each held-out document is
 * predicted by models trained on a seeded random subset of that many of the other documents
 * (`curveDraws`; the models are the tasks after the cross-validation and baseline ones).
 */
function learningCurve(examples: readonly TrainingExample[], draws: ReturnType<typeof curveDraws>, results: readonly FoldResult[], opts: EvalOptions): MetricsJson["learning_curve"] {
  const letters = [...new Set(examples.map((e) => e.letter_id))].sort();
  const max = letters.length - 1;
  return curveSizes(letters.length).map((n) => {
    const repeats = n === max ? 1 : opts.curveRepeats;
    const scores: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const items = draws.flatMap((d, i) => {
        const res = results[i];
        if (d.n !== n || d.repeat !== r || res?.kind !== "model") return [];
        return res.predictions.map((p) => ({ gold: examples[p.index]!.sentiment, pred: p.prediction.sentiment }));
      });
      const m = macroOf(items);
      if (m !== null) scores.push(m);
    }
    scores.sort((a, b) => a - b);
    const mean = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
    return { n_letters: n, macro_f1: mean, lo: scores[0] ?? null, hi: scores[scores.length - 1] ?? null, repeats };
  });
}
