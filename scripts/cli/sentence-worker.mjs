// Entry point of a `classify --sentences` worker thread under tsx or vitest: registers tsx's ESM
// loader for this thread, then loads the TypeScript worker. The build starts sentence-worker.js
// instead (pipeline/common/workers.ts).
import { register } from "tsx/esm/api";

register();
await import("./sentence-worker.ts");
