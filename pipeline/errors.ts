/**
 * Expected errors and the one-line formatter. Every message has the shape
 * `where: what is wrong; what was expected (and what to do)`. Anything that is not a
 * `SendFindingsError` is a bug: the CLI prints its stack and exits 70.
 */
import type { ZodError } from "zod";

export type ErrorCode =
  | "E_USAGE"
  | "E_NOT_FOUND"
  | "E_IS_DIRECTORY"
  | "E_EMPTY"
  | "E_BINARY"
  | "E_ENCODING"
  | "E_TOO_LARGE"
  | "E_PDF"
  | "E_PDF_ENCRYPTED"
  | "E_LABELS"
  | "E_LABEL_DRIFT"
  | "E_MODEL"
  | "E_MODEL_VERSION"
  | "E_MODEL_SEAL"
  | "E_DATA"
  | "E_OUTPUT";

export interface ErrorWhere {
  file?: string | undefined;
  /** 1-based line as an editor shows it (header row = line 1 in CSV files). */
  line?: number | undefined;
}

export class SendFindingsError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  /** Process exit code: 1 for bad input, data or model; 2 for usage. */
  readonly exitCode: number = 1;

  constructor(code: ErrorCode, message: string, where: ErrorWhere = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.file = where.file;
    this.line = where.line;
  }
}

/** Bad input file or data (exit 1). */
export class InputError extends SendFindingsError {}

/** Incorrect command-line usage (exit 2). */
export class UsageError extends SendFindingsError {
  override readonly exitCode = 2;
  constructor(message: string) {
    super("E_USAGE", message);
  }
}

/** A model file that cannot be used: missing, truncated, edited, other format (exit 1). */
export class ModelError extends SendFindingsError {}

/**
 * Makes text safe for a one-line message: control characters (C0, DEL, C1) and the Unicode line
 * and paragraph separators are written as escapes (`\n`, `\t`, `\x1b`, `\u2028`), so a file
 * name holding a newline cannot split an error in two or move the terminal's cursor.
 *
 * @example escapeControl("a\nb.txt") // "a\\nb.txt" (a backslash and an n)
 */
export function escapeControl(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return NAMED_ESCAPES[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`);
  });
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** Formats an expected error as the one line the CLI prints (control characters escaped). */
export function formatError(err: SendFindingsError): string {
  const where = err.file === undefined ? "" : err.line === undefined ? `${err.file}: ` : `${err.file}:${err.line}: `;
  return escapeControl(`send-findings: ${where}${err.message}`);
}

/**
 * Summarises a ZodError as one line (`path: message; …`), never the multi-line JSON that
 * `ZodError.message` holds.
 */
export function summariseZodError(error: ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((i) => {
    const path = i.path.map(String).join(".");
    return path === "" ? i.message : `${path}: ${i.message}`;
  });
  const more = error.issues.length - max;
  return parts.join("; ") + (more > 0 ? `; …and ${more} more` : "");
}

/** True when a value is an expected error that the CLI reports in one line. */
export function isSendFindingsError(e: unknown): e is SendFindingsError {
  return e instanceof SendFindingsError;
}
