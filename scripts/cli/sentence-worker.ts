/**
 * A `classify --sentences` worker thread (started by `sentence-pool.ts`): compiles the model text
 * it was started with (the thread that started it checks the same text, seal included, before any
 * row is written), then for
 * each `{ id, sentences, first }` message classifies the sentences, numbers them from `first` and
 * answers `{ id, text }`, the batch's rows as the output format writes them, or `{ id, error }`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { parseModel } from "../../models/model-file.ts";
import { compileModel } from "../../models/predict.ts";
import { sentenceRows } from "./sentence-rows.ts";
import type { SentenceBatch, SentenceWorkerData } from "./sentence-pool.ts";

const data = workerData as SentenceWorkerData;
const port = parentPort;
if (port === null) throw new Error("sentence-worker.ts runs as a worker thread only (started by sentence-pool.ts)");
// The seal is verified on these very bytes by the thread that read the file: no row is written unless it holds.
const cm = compileModel(parseModel(data.modelText, data.modelPath, { seal: "ignore" }));
const rows = sentenceRows(data.format, data.explain, undefined, data.fields);
port.on("message", (msg: SentenceBatch) => {
  try {
    port.postMessage({ id: msg.id, text: rows.rows(cm, msg.sentences, msg.first) });
  } catch (e) {
    port.postMessage({ id: msg.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
