/**
 * A `classify --sentences` worker thread (started by `sentence-pool.ts`). It parses the model
 * text it was started with at once, while the thread that started it checks the same text (schema,
 * seal: `parseModel`), and loads nothing of zod. Its first message is the model's feature settings
 * as that check read them (`SettingsMessage`: the only part of a model file whose reading fills in
 * defaults and that prediction uses); then it compiles the model, and for each batch
 * (`{ id, sentences, first }`) classifies the sentences, numbers them from `first` and answers
 * `{ id, text }`, the batch's rows as the output format writes them, or `{ id, error }`.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { ModelFile } from "../../models/model-file.ts";
import { type CompiledModel, compileModel } from "../../models/predict.ts";
import { sentenceRows } from "./sentence-rows.ts";
import type { SentenceBatch, SentenceWorkerData, SettingsMessage, ToWorker } from "./sentence-pool.ts";

const data = workerData as SentenceWorkerData;
const port = parentPort;
if (port === null) throw new Error("sentence-worker.ts runs as a worker thread only (started by sentence-pool.ts)");
// Checked, seal included, by the thread that read the file, which writes no row unless it holds.
const raw = JSON.parse(data.modelText) as ModelFile;
const rows = sentenceRows(data.format, data.explain, undefined, data.fields);
let cm: CompiledModel | null = null;

/** The model as the check reads it: the file's content, with the feature settings the check gave. */
function checked(settings: SettingsMessage): ModelFile {
  return {
    ...raw,
    sentiment: { ...raw.sentiment, features: { ...settings.sentiment, vocabulary: raw.sentiment.features.vocabulary } },
    themes: { ...raw.themes, features: { ...settings.themes, vocabulary: raw.themes.features.vocabulary } },
  };
}

port.on("message", (msg: ToWorker) => {
  if (msg.kind === "settings") {
    cm = compileModel(checked(msg));
    return;
  }
  const batch: SentenceBatch = msg;
  try {
    if (cm === null) throw new Error("a batch came before the model's settings");
    port.postMessage({ id: batch.id, text: rows.rows(cm, batch.sentences, batch.first) });
  } catch (e) {
    port.postMessage({ id: batch.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
