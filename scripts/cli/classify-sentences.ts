/**
 * `classify --sentences FILE|-`: plain sentences, one per line, classified as they are read and
 * written as they go, in this thread and, for a large input, in worker threads too
 * (`sentence-pool.ts`). Loaded by the classify command once it has read the model's text and,
 * for a large file, started the workers.
 */
import { parseModel } from "../../models/model-file.ts";
import { compileModel, type CompiledModel } from "../../models/predict.ts";
import { openFileAtomic } from "../../pipeline/common/atomic.ts";
import { noDocumentFields } from "../../pipeline/document-fields.ts";
import { InputError } from "../../pipeline/errors.ts";
import { SentenceLineDecoder } from "../../pipeline/sentence-lines.ts";
import { sentenceBytes } from "./inputs.ts";
import { PARALLEL_FROM, SentencePool, sentenceWorkerData, threaded, WORKER_BATCH } from "./sentence-pool.ts";
import { sentenceRows } from "./sentence-rows.ts";
import { OutputClosed } from "./stdio.ts";
import type { Io } from "./types.ts";

/**
 * `classify --sentences`: reads the sentences a chunk at a time and writes their rows before
 * reading much further. Up to `PARALLEL_FROM` sentences are classified in this thread, a chunk's
 * complete lines at a time; a larger input (with --jobs above 1, in a format whose rows do not
 * depend on the rows before them) is shared with worker threads (`sentence-pool.ts`), which give
 * the same bytes. Writes are synchronous and only a few batches are in flight, so a slow reader
 * of standard output holds the run (back-pressure) and memory stays flat. Nothing is written before
 * the first batch is ready, so input refused at its start leaves no output; input found bad further
 * on leaves the rows before it on standard output (with --out, the file is written atomically and
 * nothing is changed). Returns the number of sentences.
 */
export async function classifySentenceStream(modelPath: string, modelText: string, path: string, io: Io, opts: { format: string; explain: boolean; out: string | undefined; width: number | undefined; jobs: number; pool: SentencePool | null }): Promise<number> {
  const fields = noDocumentFields(path);
  const formatter = sentenceRows(opts.format, opts.explain, opts.width, fields);
  let write: (chunk: string) => void = io.stdout;
  let headed = false;
  const writeRows = (text: string) => {
    write(headed ? text : formatter.start() + text);
    headed = true;
  };
  const parallel = threaded(opts.jobs, opts.format);
  let pool: SentencePool | null = null;
  try {
    const checked = parseModel(modelText, modelPath);
    let cm: CompiledModel | null = null;
    /** The rows of a batch whose first sentence is sentence `first` of the input. */
    const rowsOf = (sentences: string[], first: number) => formatter.rows((cm ??= compileModel(checked)), sentences, first);
    pool = opts.pool?.attach(checked, rowsOf, writeRows) ?? null;
    const startPool = () => new SentencePool(opts.jobs - 1, sentenceWorkerData(modelPath, modelText, opts.format, opts.explain, path)).attach(checked, rowsOf, writeRows);
    const decoder = new SentenceLineDecoder(path);
    const file = opts.out === undefined ? null : openFileAtomic(opts.out);
    if (file !== null) write = (chunk: string) => file.write(chunk);
    let next = 0;
    const inline = (sentences: string[]) => {
      if (sentences.length === 0) return;
      writeRows(rowsOf(sentences, next));
      next += sentences.length;
    };
    const toWorkers = async (p: SentencePool, sentences: string[]) => {
      for (let at = 0; at < sentences.length; at += WORKER_BATCH) {
        const batch = sentences.slice(at, at + WORKER_BATCH);
        await p.submit(batch, next);
        next += batch.length;
      }
    };
    // Until PARALLEL_FROM sentences have come, each chunk is classified and written here at once
    // (a pipe that trickles gets its rows as they come, and nothing is held back); after that the
    // workers share the rest.
    const take = async (sentences: string[]) => {
      if (pool !== null) return toWorkers(pool, sentences);
      inline(sentences);
      if (parallel && next >= PARALLEL_FROM) pool = startPool();
    };
    try {
      try {
        for await (const chunk of sentenceBytes(path, io)) await take(decoder.push(chunk));
        await take(decoder.end());
      } catch (e) {
        // Bad input further on: the rows of the sentences before it are still written, as they
        // would be without worker threads, unless the reader of the output has gone.
        if (e instanceof InputError && pool !== null) {
          try {
            await pool.drain();
          } catch (failure) {
            if (failure instanceof OutputClosed) throw failure;
          }
        }
        throw e;
      }
      await pool?.drain();
      write(formatter.end());
      file?.commit();
    } catch (e) {
      file?.abort();
      throw e;
    }
    return next;
  } finally {
    await pool?.close();
  }
}
