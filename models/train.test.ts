import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { SendFindingsError } from "../pipeline/errors.ts";
import { loadModel, MODEL_FORMAT_VERSION, saveModel, serialiseModel, TrainParamsSchema } from "./model-file.ts";
import { dataSha256, FeatureCache, trainModel, type TrainingExample } from "./train.ts";
import { compileModel, predict } from "./predict.ts";
import { sentenceFeatures, vectorise, vocabularyIndex } from "./features.ts";
import { loadDocumentList } from "../pipeline/labels/corpus.ts";
import { REPO_ROOT } from "../pipeline/common/paths.ts";
import { parseLetter } from "../pipeline/index.ts";
import { SENTIMENTS, THEME_IDS } from "../pipeline/schema.ts";

/** A tiny labelled set in the letters' style: strengths praise, weaknesses name shortfalls. */
function fixture(): TrainingExample[] {
  const strength = [
    "Leaders work well together and plans are effective.",
    "Parents value the support their children receive.",
    "Health visitors identify needs early and effectively.",
    "The quality of EHC plans has improved and plans are strong.",
    "Young people are well prepared for adulthood.",
    "Schools meet pupils' needs well and leaders are ambitious.",
  ];
  const weakness = [
    "Children wait too long for autism assessments.",
    "EHC plans are not completed within 20 weeks.",
    "Leaders should improve the quality of plans.",
    "There is a lack of co-production with parents.",
    "Waiting times for speech and language therapy are too long.",
    "Communication with families is inconsistent and too variable.",
  ];
  const neutral = [
    "The designated medical officer works across two areas.",
    "Inspectors spoke with parents and carers.",
    "There is a single point of access to the pathway.",
    "The local authority commissions alternative provision.",
    "Inspectors met leaders from health and education.",
    "The forum meets every term.",
  ];
  const themes: Record<string, TrainingExample["themes"]> = {
    autism: ["autism", "waiting_times"],
    plans: ["ehc_plans"],
    wait: ["waiting_times"],
  };
  const out: TrainingExample[] = [];
  const add = (texts: string[], sentiment: TrainingExample["sentiment"]) =>
    texts.forEach((text, i) =>
      out.push({
        letter_id: `letter-${i % 3}`,
        text,
        section: "main_findings",
        framework: "2016",
        sentence_index: 0,
        sentiment,
        themes: /autism/.test(text) ? themes.autism! : /plans/i.test(text) ? themes.plans! : /wait/i.test(text) ? themes.wait! : [],
      }),
    );
  add(strength, "strength");
  add(weakness, "weakness");
  add(neutral, "neutral");
  return out;
}

const params = TrainParamsSchema.parse({ sentiment_features: { ngrams: [1], min_df: 1, clause_marks: true, cues: true, heading: false, position: false }, theme_features: { ngrams: [1], min_df: 1, clause_marks: false, cues: false, heading: false, position: false }, threshold_folds: 3 });
const meta = (ex: TrainingExample[]) => ({ seed: 7, letters: ["letter-0", "letter-1", "letter-2"], skipped_letters: [], data_sha256: dataSha256(ex) });

describe("trainModel / predict", () => {
  const ex = fixture();
  const model = trainModel(ex, params, meta(ex));

  test("separates the training data and probabilities sum to 1", () => {
    const preds = predict(model, ex);
    preds.forEach((p) => expect(p.probabilities.strength + p.probabilities.weakness + p.probabilities.neutral).toBeCloseTo(1, 6));
    const right = preds.filter((p, i) => p.sentiment === ex[i]!.sentiment).length;
    expect(right).toBeGreaterThanOrEqual(ex.length - 1);
  });

  test("unseen sentences in the same style get the expected side", () => {
    const [a, b] = predict(model, [{ text: "Families wait too long for assessments." }, { text: "Leaders work well and support is effective." }]);
    expect(a!.sentiment).toBe("weakness");
    expect(b!.sentiment).toBe("strength");
  });

  test("at most three themes, from the codebook", () => {
    for (const p of predict(model, ex)) expect(p.themes.length).toBeLessThanOrEqual(3);
  });

  test("same data + seed = byte-identical model file", () => {
    const again = trainModel(fixture(), params, meta(fixture()));
    expect(serialiseModel(again)).toBe(serialiseModel(model));
    expect(serialiseModel(model).endsWith("}\n")).toBe(true);
  });

  test("another seed is recorded, and leaves the sentiment model (which draws nothing at random) unchanged", () => {
    const other = trainModel(fixture(), params, { ...meta(fixture()), seed: 8 });
    expect(other.training.seed).toBe(8);
    expect(serialiseModel(other)).not.toBe(serialiseModel(model));
    expect(JSON.stringify(other.sentiment)).toBe(JSON.stringify(model.sentiment));
  });

  test("a feature cache shared by many trainings gives the same models, and refuses other settings", () => {
    const all = fixture();
    const cache = new FeatureCache(params);
    // Two overlapping training sets through one cache, the second reusing the first's features.
    const a = all.filter((_, i) => i % 3 !== 0);
    const b = all.filter((_, i) => i % 3 !== 1);
    const sentimentOnly = trainModel(a, params, { ...meta(a), skipThemes: true, cache });
    expect(JSON.stringify(sentimentOnly.sentiment)).toBe(JSON.stringify(trainModel(a, params, { ...meta(a), skipThemes: true }).sentiment));
    expect(serialiseModel(trainModel(a, params, { ...meta(a), cache }))).toBe(serialiseModel(trainModel(a, params, meta(a))));
    expect(serialiseModel(trainModel(b, params, { ...meta(b), cache }))).toBe(serialiseModel(trainModel(b, params, meta(b))));
    const other = TrainParamsSchema.parse({ ...params, sentiment_features: { ...params.sentiment_features, ngrams: [1, 2] } });
    expect(() => trainModel(a, other, { ...meta(a), cache })).toThrow(/other feature settings/);
  });

  test("the training data hash changes when a label changes", () => {
    const changed = fixture();
    changed[0] = { ...changed[0]!, sentiment: "neutral" };
    expect(dataSha256(changed)).not.toBe(dataSha256(ex));
  });

  test("save → load round trip predicts the same", () => {
    const dir = mkdtempSync(join(tmpdir(), "sf-model-"));
    const file = join(dir, "m.json");
    saveModel(model, file);
    const loaded = loadModel(file);
    const a = predict(compileModel(model), ex);
    const b = predict(compileModel(loaded), ex);
    a.forEach((p, i) => {
      expect(b[i]!.sentiment).toBe(p.sentiment);
      expect(b[i]!.probabilities.weakness).toBeCloseTo(p.probabilities.weakness, 6);
      expect(b[i]!.themes).toEqual(p.themes);
    });
  });
});

describe("loadModel refuses bad files", () => {
  const ex = fixture();
  const good = JSON.parse(serialiseModel(trainModel(ex, params, meta(ex))));
  const dir = mkdtempSync(join(tmpdir(), "sf-bad-"));
  const write = (name: string, content: string) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const fails = (path: string): SendFindingsError => {
    try {
      loadModel(path);
    } catch (e) {
      if (e instanceof SendFindingsError) return e;
      throw e;
    }
    throw new Error("expected loadModel to throw");
  };

  test.each([
    ["missing file", () => join(dir, "none.json"), /not found/, "E_MODEL"],
    ["truncated file", () => write("t.json", serialiseModel(good).slice(0, 200)), /not valid JSON/, "E_MODEL"],
    ["newer format version", () => write("v.json", JSON.stringify({ ...good, format_version: MODEL_FORMAT_VERSION + 1 })), /newer than this tool reads/, "E_MODEL_VERSION"],
    ["not a model", () => write("n.json", JSON.stringify({ hello: 1 })), /not a send-findings model/, "E_MODEL"],
    ["labels differ from the codebook", () => write("l.json", JSON.stringify({ ...good, sentiment: { ...good.sentiment, labels: ["good", "bad", "neutral"] } })), /differ from the codebook/, "E_MODEL"],
    ["edited weights (wrong dimensions)", () => write("d.json", JSON.stringify({ ...good, sentiment: { ...good.sentiment, weights: good.sentiment.weights.map((r: number[]) => r.slice(1)) } })), /do not match/, "E_MODEL"],
    ["misspelt key", () => write("k.json", JSON.stringify({ ...good, metrcs: null })), /invalid model file/, "E_MODEL"],
  ])("%s", (_case, make, message, code) => {
    const e = fails(make());
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain("\n");
  });

  test("a failed save leaves the previous model untouched", () => {
    const p = write("keep.json", serialiseModel(good));
    const before = readFileSync(p, "utf8");
    expect(() => saveModel(good, join(p, "sub", "x.json"))).toThrow();
    expect(readFileSync(p, "utf8")).toBe(before);
  });
});

describe("predict (the compiled hot path) = the model's definition", () => {
  // The definition, written plainly: string features, dot products, softmax, sigmoid, thresholds,
  // then all themes over threshold by probability (ties: codebook order), at most three.
  const model = loadModel(join(REPO_ROOT, "models/send-findings.json"));
  const sIndex = vocabularyIndex(model.sentiment.features.vocabulary);
  const tIndex = vocabularyIndex(model.themes.features.vocabulary);
  const dot = (w: readonly number[], x: { indices: ArrayLike<number>; values: ArrayLike<number> }) => {
    let s = 0;
    for (let j = 0; j < x.indices.length; j++) s += w[x.indices[j]!]! * x.values[j]!;
    return s;
  };
  const inputs = loadDocumentList()
    .documents.filter((d) => "path" in d)
    .flatMap((d) => parseLetter(readFileSync(join(REPO_ROOT, (d as { path: string }).path), "utf8"), { letter_id: d.letter_id }).findings)
    .flatMap((f) => f.sentences.map((s) => ({ text: s.text, section: f.section, silver: f.silver, sentence_index: s.sentence_index, finding: f.text })));

  test("same sentiment, probabilities and themes on every sentence of the text letters", () => {
    const got = predict(model, inputs);
    let withThemes = 0;
    inputs.forEach((x, i) => {
      const xs = vectorise(sentenceFeatures(x, model.sentiment.features), sIndex);
      const logits = model.sentiment.weights.map((w, c) => model.sentiment.intercepts[c]! + dot(w, xs));
      const exps = logits.map((l) => Math.exp(l - Math.max(...logits)));
      const probs = exps.map((e) => e / exps.reduce((a, b) => a + b, 0));
      const xt = vectorise(sentenceFeatures(x, model.themes.features), tIndex);
      const p = model.themes.models.map((m) => 1 / (1 + Math.exp(-(m.intercept + dot(m.weights, xt)))));
      const themes = model.themes.models
        .map((m, t) => ({ t, p: p[t]!, on: m.threshold !== null && p[t]! >= m.threshold }))
        .filter((c) => c.on)
        .sort((a, b) => b.p - a.p || a.t - b.t)
        .slice(0, 3)
        .map((c) => THEME_IDS[c.t]);
      const g = got[i]!;
      expect(g.sentiment, x.text).toBe(SENTIMENTS[probs.indexOf(Math.max(...probs))]);
      expect(g.probabilities.weakness).toBeCloseTo(probs[1]!, 9);
      expect(g.themes, x.text).toEqual(themes);
      p.forEach((v, t) => expect(g.theme_scores[t]).toBeCloseTo(v, 9));
      if (themes.length > 0) withThemes++;
    });
    expect(withThemes).toBeGreaterThan(inputs.length / 2);
  });
});
