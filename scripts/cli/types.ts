/**
 * The types every command module and the dispatcher share. They live apart from `main.ts` so that
 * commands depend on these definitions only, never on the dispatcher that loads them.
 */

export interface Io {
  stdout: (chunk: string) => void;
  stderr: (chunk: string) => void;
  /**
   * Reads standard input (for `-`): all of it, or, given `maxBytes`, it may stop once it holds
   * more than that (the caller refuses the input then, without reading the rest).
   */
  readStdin: (maxBytes?: number) => Promise<Buffer>;
  /** Width of the terminal standard output goes to; undefined when it is not a terminal (tables then use 100 columns). */
  stdoutColumns?: number | undefined;
  /** True when standard error is a terminal: progress is then a counter rewritten in place, not one line per document. */
  stderrIsTTY?: boolean | undefined;
  /** Milliseconds on a monotonic clock, for deciding when work is slow enough to show progress (tests pass a fake one). */
  now?: (() => number) | undefined;
  /**
   * Standard input a chunk at a time, read only as the chunks are consumed (back-pressure), for
   * inputs of any size (`classify --sentences -`). Without it, `readStdin()` is read whole.
   */
  stdinChunks?: () => AsyncIterable<Uint8Array>;
}

export interface ArgDef {
  type: "string" | "boolean";
  description: string;
  default?: string | boolean;
  choices?: readonly string[];
  multiple?: boolean;
}

export interface CommandContext {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  io: Io;
  /** Writes a progress or warning line to stderr unless --quiet. */
  log: (line: string) => void;
  /** True with --quiet: nothing but errors on stderr. */
  quiet: boolean;
  /** The command line as given, from the command name on (for reports that record how they were made). */
  argv?: readonly string[];
}

export interface Command {
  meta: { name: string; synopsis: string; description: string };
  args: Record<string, ArgDef>;
  run: (ctx: CommandContext) => Promise<number>;
}
