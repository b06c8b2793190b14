/**
 * The precision report: leave-one-document-out evaluation of the shipped learner, the baselines on
 * the same folds, the human ceiling, error analysis and a learning curve. Produces the
 * `metrics.json` object; `render.ts` turns it into Markdown and HTML.
 */
import { crossValidate, type PooledPrediction } from "./cv.ts";
import { dataSha256, trainModel, type TrainingExample } from "../models/train.ts";
import { compileModel, explainSentiment } from "../models/predict.ts";
import { mulberry32 } from "../pipeline/common/random.ts";
import type { TrainParams } from "../models/model-file.ts";
import { SENTIMENTS, type Sentiment, THEME_IDS, themeIndicators } from "../pipeline/schema.ts";
import { TOOL_VERSION } from "../pipeline/common/version.ts";
import { BASELINES } from "./baselines.ts";
import { accuracy, binaryPrf, bootstrapCI, brierScore, cohenKappa, confusionMatrix, macroF1, microPrf, perClass, reliability, rowNormalise } from "./metrics.ts";
import { EVAL_FORMAT, EVAL_FORMAT_VERSION, type MetricsJson } from "./report/schema.ts";

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
  /** How many of the most confident errors to list. */
  topErrors: number;
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
  const per_class: MetricsJson["sentiment"]["by_framework"][string]["per_class"] = {};
  SENTIMENTS.forEach((s, c) => {
    const cls = classes[c]!;
    per_class[s] = {
      ...cls,
      f1_ci: bootstrapCI(groups, (sample) => perClass(sentimentScores(sample.flat().map((i) => i.gold), sample.flat().map((i) => i.pred)).m)[c]!.f1, boot),
    };
  });
  return {
    n: pooled.length,
    n_documents: groups.length,
    macro_f1: pooled.length ? macroF1(m) : null,
    macro_f1_ci: bootstrapCI(groups, (sample) => macroOf(sample.flat()), boot),
    accuracy: pooled.length ? accuracy(m) : null,
    per_class,
    confusion: { labels: [...SENTIMENTS], counts: m, row_normalised: rowNormalise(m) },
    calibration: { ece: Number.isFinite(rel.ece) ? rel.ece : null, brier: pooled.length ? brierScore(probs, goldIdx) : null, bins: rel.bins },
  };
}

function themeBlock(pooled: readonly PooledPrediction[]): MetricsJson["themes"]["by_framework"][string] {
  const per_theme = THEME_IDS.map((theme) => {
    const r = binaryPrf(pooled.map((p) => p.example.themes.includes(theme)), pooled.map((p) => p.prediction.themes.includes(theme)));
    const evaluable = r.support > 0;
    return { theme, precision: r.precision, recall: evaluable ? r.recall : null, f1: evaluable ? r.f1 : null, support: r.support, evaluable };
  });
  const micro = microPrf(themeIndicators(pooled.map((p) => p.example.themes)), themeIndicators(pooled.map((p) => p.prediction.themes)));
  const evaluable = per_theme.filter((t) => t.evaluable && t.f1 !== null);
  return {
    n: pooled.length,
    micro: { precision: micro.precision, recall: micro.recall, f1: micro.f1 },
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

/** Runs the whole evaluation and returns the `metrics.json` object. */
export function evaluate(examples: readonly TrainingExample[], opts: EvalOptions): MetricsJson {
  const letters = [...new Set(examples.map((e) => e.letter_id))].sort();
  if (letters.length < 2) throw new RangeError(`leave-one-document-out needs at least 2 labelled documents; found ${letters.length}`);
  const pooled = crossValidate(examples, opts.params, opts.seed);
  const fw = frameworksOf(pooled);

  // Fold models are retrained here for explanations of the worst errors only (cheap: few folds).
  const boot = { iterations: opts.bootstrapIterations, seed: opts.seed };
  const baselines: MetricsJson["baselines"] = [];
  const folds = letters.map((held) => ({ held, train: examples.filter((e) => e.letter_id !== held), test: examples.filter((e) => e.letter_id === held) }));
  for (const b of BASELINES) {
    const preds: { letter: string; framework: string; gold: Sentiment; pred: Sentiment }[] = [];
    for (const f of folds) {
      const predictFn = b.fit(f.train);
      for (const e of f.test) {
        const p = predictFn(e);
        if (p !== null) preds.push({ letter: e.letter_id, framework: e.framework, gold: e.sentiment, pred: p });
      }
    }
    const by: MetricsJson["baselines"][number]["by_framework"] = {};
    for (const name of Object.keys(fw)) {
      const items = preds.filter((p) => name === "all" || p.framework === name);
      const { m } = sentimentScores(items.map((i) => i.gold), items.map((i) => i.pred));
      by[name] = {
        n_scored: items.length,
        macro_f1: items.length ? macroF1(m) : null,
        macro_f1_ci: bootstrapCI(byDocument(items), (s) => macroOf(s.flat()), boot),
        accuracy: items.length ? accuracy(m) : null,
      };
    }
    baselines.push({ id: b.id, description: b.description, by_framework: by });
  }
  baselines.push({
    id: `learner:${opts.params.learner}`,
    description: "the shipped learner (this report's model), same folds",
    by_framework: Object.fromEntries(
      Object.entries(fw).map(([name, items]) => {
        const block = sentimentBlock(items, { ...opts, bootstrapIterations: opts.bootstrapIterations });
        return [name, { n_scored: block.n, macro_f1: block.macro_f1, macro_f1_ci: block.macro_f1_ci, accuracy: block.accuracy }];
      }),
    ),
  });

  const errors = errorAnalysis(examples, pooled, opts);
  const model = trainModel(examples, opts.params, { seed: opts.seed, letters, skipped_letters: [], data_sha256: dataSha256(examples) });

  const per_section = [...new Set(pooled.map((p) => p.example.section))].map((section) => {
    const items = pooled.filter((p) => p.example.section === section).map((p) => ({ gold: p.example.sentiment, pred: p.prediction.sentiment }));
    const { m } = sentimentScores(items.map((i) => i.gold), items.map((i) => i.pred));
    return { section, n: items.length, macro_f1: macroOf(items), accuracy: items.length ? accuracy(m) : null };
  });
  const per_letter = letters.map((letter_id) => {
    const items = pooled.filter((p) => p.example.letter_id === letter_id);
    const pairs = items.map((p) => ({ gold: p.example.sentiment, pred: p.prediction.sentiment }));
    const { m } = sentimentScores(pairs.map((i) => i.gold), pairs.map((i) => i.pred));
    return { letter_id, framework: items[0]?.example.framework ?? "", n: items.length, macro_f1: macroOf(pairs), accuracy: items.length ? accuracy(m) : null };
  });

  return {
    format: EVAL_FORMAT,
    format_version: EVAL_FORMAT_VERSION,
    tool_version: TOOL_VERSION,
    setup: {
      scheme: "leave-one-document-out",
      learner: opts.params.learner,
      seed: opts.seed,
      data_sha256: dataSha256(examples),
      documents: letters.map((l) => ({ letter_id: l, framework: examples.find((e) => e.letter_id === l)!.framework, n_sentences: examples.filter((e) => e.letter_id === l).length })),
      skipped: opts.skipped ?? [],
      bootstrap: { unit: "document", iterations: opts.bootstrapIterations, seed: opts.seed, level: 0.95 },
      params: opts.params as unknown as Record<string, unknown>,
    },
    sentiment: {
      by_framework: Object.fromEntries(Object.entries(fw).map(([k, v]) => [k, sentimentBlock(v, opts)])),
      per_letter,
      per_section,
    },
    themes: {
      by_framework: Object.fromEntries(Object.entries(fw).map(([k, v]) => [k, themeBlock(v)])),
      thresholds: model.themes.models.map((m) => ({ theme: m.theme, threshold: m.threshold, n_positive: m.n_positive })),
    },
    baselines,
    ceiling: ceiling(pooled, opts.secondPass ?? [], opts.firstPass ?? []),
    errors,
    learning_curve: learningCurve(examples, opts),
  };
}

function errorAnalysis(examples: readonly TrainingExample[], pooled: readonly PooledPrediction[], opts: EvalOptions): MetricsJson["errors"] {
  const wrong = pooled
    .filter((p) => p.prediction.sentiment !== p.example.sentiment)
    .map((p) => ({ p, conf: p.prediction.probabilities[p.prediction.sentiment] }))
    .sort((a, b) => b.conf - a.conf || key(a.p.example).localeCompare(key(b.p.example)))
    .slice(0, opts.topErrors);
  const disagree = pooled.filter((p) => p.example.silver !== null && p.example.silver !== undefined && p.example.silver !== p.example.sentiment);
  const shownDisagree = disagree.slice(0, opts.topErrors);
  const needed = new Set([...wrong.map((w) => w.p.fold), ...shownDisagree.map((p) => p.fold)]);
  const foldModels = new Map(
    [...needed].map((held) => {
      const train = examples.filter((e) => e.letter_id !== held);
      return [held, compileModel(trainModel(train, opts.params, { seed: opts.seed, letters: [], skipped_letters: [], data_sha256: "" }))];
    }),
  );
  const row = (p: PooledPrediction) => ({
    letter_id: p.example.letter_id,
    framework: p.example.framework,
    key: `${p.example.section}/${p.example.subsection ?? "-"}/${(p.example as { finding_index?: number }).finding_index ?? "?"}/${p.example.sentence_index ?? "?"}`,
    text: p.example.text,
    gold: p.example.sentiment,
    predicted: p.prediction.sentiment,
    confidence: p.prediction.probabilities[p.prediction.sentiment],
    silver: p.example.silver ?? null,
    features: explainSentiment(foldModels.get(p.fold)!, p.example, p.prediction.sentiment, 5),
  });
  return { confident_wrong: wrong.map((w) => row(w.p)), hand_vs_heading: shownDisagree.map(row), n_hand_vs_heading: disagree.length };
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
 * predicted by models trained on a seeded random subset of that many of the other documents.
 */
function learningCurve(examples: readonly TrainingExample[], opts: EvalOptions): MetricsJson["learning_curve"] {
  const letters = [...new Set(examples.map((e) => e.letter_id))].sort();
  const max = letters.length - 1;
  const sizes = [...new Set([1, 2, 3, 4, 6, 8, 11, 15, max].filter((n) => n >= 1 && n <= max))].sort((a, b) => a - b);
  const params = { ...opts.params, threshold_folds: 2 };
  return sizes.map((n) => {
    const repeats = n === max ? 1 : opts.curveRepeats;
    const scores: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const rand = mulberry32(opts.seed * 1000 + n * 17 + r);
      const pooled = crossValidate(examples, params, opts.seed, {
        sentimentOnly: true,
        trainFilter: (held) => {
          const others = letters.filter((l) => l !== held);
          for (let i = others.length - 1; i > 0; i--) {
            const j = Math.floor(rand() * (i + 1));
            [others[i], others[j]] = [others[j]!, others[i]!];
          }
          return new Set(others.slice(0, n));
        },
      });
      const m = macroOf(pooled.map((p) => ({ gold: p.example.sentiment, pred: p.prediction.sentiment })));
      if (m !== null) scores.push(m);
    }
    scores.sort((a, b) => a - b);
    const mean = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
    return { n_letters: n, macro_f1: mean, lo: scores[0] ?? null, hi: scores[scores.length - 1] ?? null, repeats };
  });
}

