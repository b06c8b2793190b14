/**
 * A fold worker thread: receives `{ id, task }` messages, runs each task with `runFold` over the
 * examples it was started with, and answers `{ id, result }` or `{ id, error }`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type FeatureCaches, type FoldContext, type FoldTask, runFold } from "./folds.ts";

const context = workerData as FoldContext;
// The thread's own feature caches: each sentence is featurised once for all the tasks it runs.
const caches: FeatureCaches = new Map();
const port = parentPort;
if (port === null) throw new Error("fold-worker.ts runs as a worker thread only (started by eval/pool.ts)");
port.on("message", (msg: { id: number; task: FoldTask }) => {
  try {
    port.postMessage({ id: msg.id, result: runFold(context, msg.task, caches) });
  } catch (e) {
    port.postMessage({ id: msg.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
