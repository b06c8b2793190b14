/**
 * Runs the evaluation's fold tasks on worker threads, or in this thread with `jobs` 1. Results come
 * back in task order whatever order the workers finish in, and each is what `runFold` gives in
 * this thread (folds.ts), so the number of workers never changes a result.
 *
 * Workers start from `fold-worker.mjs` under tsx or vitest, and from the built `fold-worker.js`
 * under the bin (`pipeline/common/workers.ts`).
 */
import type { Worker } from "node:worker_threads";
import { startWorker } from "../pipeline/common/workers.ts";
import { type FeatureCaches, type FoldContext, foldCost, type FoldResult, type FoldTask, runFold } from "./folds.ts";

export interface PoolOptions {
  /** Worker threads to use; 1 runs every task in this thread. */
  jobs: number;
  /** Called once per finished task, in the order tasks finish. */
  onResult?: (index: number, task: FoldTask, result: FoldResult) => void;
  /** Work to do in this thread while the workers run (it overlaps with them; serial runs do it first). */
  meanwhile?: () => void;
}

/** Runs every task and returns their results in task order. */
export async function runFoldTasks(context: FoldContext, tasks: readonly FoldTask[], opts: PoolOptions): Promise<FoldResult[]> {
  const jobs = Math.max(1, Math.min(Math.floor(opts.jobs), tasks.length));
  if (jobs <= 1) {
    opts.meanwhile?.();
    const caches: FeatureCaches = new Map();
    return tasks.map((task, i) => {
      const result = runFold(context, task, caches);
      opts.onResult?.(i, task, result);
      return result;
    });
  }
  const perDocument = new Map<string, number>();
  for (const e of context.examples) perDocument.set(e.letter_id, (perDocument.get(e.letter_id) ?? 0) + 1);
  // Largest first, so the last tasks to finish are short ones and no worker idles for long.
  const costs = tasks.map((t) => foldCost(context, t, perDocument));
  const order = tasks.map((_, i) => i).sort((a, b) => costs[b]! - costs[a]! || a - b);
  const results: (FoldResult | undefined)[] = new Array(tasks.length);
  const workers = Array.from({ length: jobs }, () => startWorker(import.meta.url, "fold-worker", { workerData: context }));
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      let failed = false;
      const fail = (e: Error) => {
        if (!failed) reject(e);
        failed = true;
      };
      const feed = (w: Worker) => {
        if (failed || next >= order.length) return;
        const id = order[next++]!;
        w.postMessage({ id, task: tasks[id] });
      };
      for (const w of workers) {
        w.on("message", (msg: { id: number; result?: FoldResult; error?: string }) => {
          if (msg.error !== undefined || msg.result === undefined) return fail(new Error(`fold worker: task ${msg.id} (${tasks[msg.id]?.kind} ${tasks[msg.id]?.held}) failed:\n${msg.error ?? "no result"}`));
          results[msg.id] = msg.result;
          opts.onResult?.(msg.id, tasks[msg.id]!, msg.result);
          if (++done === tasks.length) resolve();
          else feed(w);
        });
        w.on("error", (e) => fail(e));
        w.on("exit", (code) => {
          if (done < tasks.length) fail(new Error(`fold worker exited (code ${code}) with ${tasks.length - done} tasks unfinished`));
        });
        feed(w);
      }
      try {
        opts.meanwhile?.();
      } catch (e) {
        fail(e instanceof Error ? e : new Error(String(e)));
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results as FoldResult[];
}
