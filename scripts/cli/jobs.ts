/** `--jobs N`, the threads of a run (`eval`, `classify --sentences`), read the same way by both. */
import { UsageError } from "../../pipeline/errors.ts";

/** Most threads a run may be given: each holds its own copy of what it works on (for classify, a model of about 100 MB). */
export const MAX_JOBS = 64;

/** The value of `--jobs`: a whole number from 1 (no worker threads) to `MAX_JOBS`, or `fallback` when not given. */
export function parseJobs(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const text = String(value);
  if (!/^[1-9][0-9]*$/.test(text) || Number(text) > MAX_JOBS) throw new UsageError(`unknown value for --jobs: "${text}"; expected a whole number from 1 (no worker threads) to ${MAX_JOBS}`);
  return Number(text);
}
