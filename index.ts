/**
 * Library entry point: the same operations the CLI offers, typed.
 *
 * @example
 * import { readLetter, loadModel, classify } from "send-findings";
 * const doc = await readLetter("data/letters/westminster-2020.txt");
 * const rows = classify(loadModel("models/send-findings.json"), doc);
 */
import { classifyDocument, type ClassifiedSentence } from "./models/classify.ts";
import { compileModel, type CompiledModel } from "./models/predict.ts";
import type { ModelFile } from "./models/model-file.ts";
import type { LetterDocument } from "./pipeline/schema.ts";

export { parseLetter, readLetter, letterIdFor } from "./pipeline/index.ts";
export { splitSentences } from "./pipeline/sentences.ts";
export { tokenize, Tokenizer } from "./pipeline/tokens.ts";
export { loadModel, saveModel, ModelFileSchema, type ModelFile, type TrainParams, TrainParamsSchema } from "./models/model-file.ts";
export { trainModel as train, type TrainingExample } from "./models/train.ts";
export { predict, compileModel, type Prediction } from "./models/predict.ts";
export { classifySentences, rollup, type ClassifiedSentence } from "./models/classify.ts";
export { explainInWords, featureInWords } from "./models/explain-words.ts";
export { summarise } from "./models/summary.ts";
export { loadCorpus } from "./pipeline/labels/corpus.ts";
export * from "./pipeline/schema.ts";
export * from "./pipeline/errors.ts";

/** Classifies every finding sentence of a parsed document with a model. */
export function classify(model: ModelFile | CompiledModel, doc: LetterDocument, opts: { explain?: boolean } = {}): ClassifiedSentence[] {
  return classifyDocument("sW" in model ? model : compileModel(model), doc, opts);
}
