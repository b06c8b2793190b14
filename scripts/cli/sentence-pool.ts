/**
 * Worker threads for a large `classify --sentences`: a batch of sentences goes to a worker
 * (`sentence-worker.ts`) that has fewer than two batches in hand, which classifies it and formats
 * its rows; when every worker has two, this thread classifies the batch itself (`local`), so it
 * works too instead of waiting, and a worker still starting up costs nothing. The rows are written
 * here in input order, whatever order the batches finish in, so the output is byte for byte that of
 * one thread, and at most two batches per worker wait: a slow reader of the output holds the input
 * too, and memory stays flat.
 */
import { statSync } from "node:fs";
import type { Worker } from "node:worker_threads";
import type { FeatureSettings } from "../../models/feature-settings.ts";
import type { ModelFile } from "../../models/model-file.ts";
import { type DocumentFields, noDocumentFields } from "../../pipeline/document-fields.ts";
import { startWorker } from "../../pipeline/common/workers.ts";

/** Sentences classified in one thread before a run starts worker threads: a smaller input never starts them (starting workers costs more than it saves). */
export const PARALLEL_FROM = 8192;

/** A file at least this big (about 8,000 sentences of inspection prose) starts its worker threads at once, before the rest of the run has loaded. */
export const PARALLEL_FROM_BYTES = 1 << 20;

/** Sentences per batch sent to a worker thread. */
export const WORKER_BATCH = 2048;

/** Whether a run may use worker threads: more than one thread asked for, and a format whose rows do not depend on the rows before them (not the table). */
export function threaded(jobs: number, format: string): boolean {
  return jobs > 1 && format !== "table";
}

/** The size of a file of sentences, or 0 where there is none to take (standard input; a file that cannot be read: reading it reports that). */
export function inputSize(path: string): number {
  if (path === "-") return 0;
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** What each worker starts with. */
export interface SentenceWorkerData {
  /** The model file's text, which the thread that read it checks (seal included) before any row is written; the settings follow in a message (`attach`). */
  modelText: string;
  modelPath: string;
  /** csv, csv-excel or jsonl: formats whose rows do not depend on the rows before them. */
  format: string;
  explain: boolean;
  fields: DocumentFields;
}

/** What the workers of a `classify --sentences` run start with. */
export function sentenceWorkerData(modelPath: string, modelText: string, format: string, explain: boolean, source: string): SentenceWorkerData {
  return { modelText, modelPath, format, explain, fields: noDocumentFields(source) };
}

/** One batch: its sentences, and the input-wide index of its first one. */
export interface SentenceBatch {
  kind: "batch";
  id: number;
  sentences: string[];
  first: number;
}

/** The model's feature settings as the check read them (vocabularies left out: the worker has them). */
export interface SettingsMessage {
  kind: "settings";
  sentiment: FeatureSettings;
  themes: FeatureSettings;
}

export type ToWorker = SettingsMessage | SentenceBatch;

type Answer = { id: number; text: string; error?: undefined } | { id: number; error: string; text?: undefined };

export class SentencePool {
  private readonly workers: Worker[];
  private readonly busy: number[];
  private readonly owner = new Map<number, number>();
  private readonly done = new Map<number, string>();
  private write: (text: string) => void = () => undefined;
  private local: (sentences: string[], first: number) => string = () => "";
  private nextId = 0;
  private nextWrite = 0;
  private failure: unknown = null;
  private wake: (() => void) | null = null;
  private closing = false;

  /** Starts `jobs` worker threads (they load and compile the model while this thread goes on). */
  constructor(jobs: number, data: SentenceWorkerData) {
    this.busy = new Array<number>(jobs).fill(0);
    this.workers = Array.from({ length: jobs }, (_, w) => {
      const worker = startWorker(import.meta.url, "sentence-worker", { workerData: data });
      worker.on("message", (msg: Answer) => this.answer(w, msg));
      worker.on("error", (e) => this.fail(new Error(`classify worker ${w} failed: ${e.stack ?? e.message}`)));
      // A worker ends only when `close` stops it; any other end fails the run (batches sent to it would never come back).
      worker.on("exit", (code) => {
        if (!this.closing) this.fail(new Error(`classify worker ${w} exited (code ${code}) before the run ended`));
      });
      return worker;
    });
  }

  /**
   * Before the first `submit`, once the model text the workers were given has been checked
   * (`parseModel`, seal included): gives them its feature settings as the check read them;
   * `local` classifies and formats a batch in this thread, as a worker does; `write` gets each
   * batch's rows, in input order.
   */
  attach(model: ModelFile, local: (sentences: string[], first: number) => string, write: (text: string) => void): this {
    const settings = (features: ModelFile["sentiment"]["features"]): FeatureSettings => {
      const { vocabulary: _vocabulary, ...rest } = features;
      return rest;
    };
    const message: SettingsMessage = { kind: "settings", sentiment: settings(model.sentiment.features), themes: settings(model.themes.features) };
    for (const worker of this.workers) worker.postMessage(message);
    this.local = local;
    this.write = write;
    return this;
  }

  /** Sends a batch to the least busy worker, or classifies it here when every worker has two in hand. */
  async submit(sentences: string[], first: number): Promise<void> {
    // Let the answers that have come in be written (and their workers take more) first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    // Batches done here wait for a worker's earlier one to be written: no more than a few.
    while (this.done.size >= 4 && this.failure === null) await this.next();
    this.check();
    let w = 0;
    for (let i = 1; i < this.busy.length; i++) if (this.busy[i]! < this.busy[w]!) w = i;
    const id = this.nextId++;
    if (this.busy[w]! < 2) {
      this.busy[w]!++;
      this.owner.set(id, w);
      this.workers[w]!.postMessage({ kind: "batch", id, sentences, first } satisfies SentenceBatch);
    } else {
      this.done.set(id, this.local(sentences, first));
      this.flush();
    }
    this.check();
  }

  /** Waits until every batch sent has been written; throws the first failure (a worker's, or the write's). */
  async drain(): Promise<void> {
    while (this.owner.size > 0 && this.failure === null) await this.next();
    this.check();
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    this.closing = true;
    this.owner.clear();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private answer(w: number, msg: Answer): void {
    if (!this.owner.has(msg.id)) return;
    if (msg.error !== undefined) return this.fail(new Error(`classify worker ${w}: batch ${msg.id} failed:\n${msg.error}`));
    this.owner.delete(msg.id);
    this.busy[w]!--;
    this.done.set(msg.id, msg.text);
    this.flush();
    this.signal();
  }

  /** Writes the rows that are next in input order. */
  private flush(): void {
    try {
      for (let text = this.done.get(this.nextWrite); text !== undefined; text = this.done.get(this.nextWrite)) {
        this.done.delete(this.nextWrite++);
        this.write(text);
      }
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    if (this.failure === null) this.failure = e;
    this.signal();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private next(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  private check(): void {
    if (this.failure !== null) throw this.failure;
  }
}
