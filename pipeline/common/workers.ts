/**
 * Starting worker threads from the sources (tsx, vitest) and from the build (dist/) alike. Each
 * worker has two entries side by side: `<name>.ts`, the worker itself, and `<name>.mjs`, a plain
 * JavaScript shim that registers tsx's loader in the new thread before it imports the `.ts` (a
 * worker thread does not reliably inherit the loader its parent runs under, and Node 20 refuses
 * `.ts` without one). The build compiles `<name>.ts` to `<name>.js` and has no shim, so a module
 * running from the build starts that instead.
 */
import { Worker, type WorkerOptions } from "node:worker_threads";

/** The entry of worker `name` next to the module at `base` (its `import.meta.url`). */
export function workerEntry(base: string, name: string): URL {
  return new URL(base.endsWith(".js") ? `./${name}.js` : `./${name}.mjs`, base);
}

/** Starts worker `name` next to the module at `base`. */
export function startWorker(base: string, name: string, options?: WorkerOptions): Worker {
  return new Worker(workerEntry(base, name), options);
}
