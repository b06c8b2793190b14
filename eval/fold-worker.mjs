// Entry point of a fold worker thread. Plain JavaScript, because a worker starts without the
// TypeScript loader its parent may run under (tsx, vitest): it registers tsx's ESM loader for this
// thread first, then loads the TypeScript worker. See pool.ts.
import { register } from "tsx/esm/api";

register();
await import("./fold-worker.ts");
