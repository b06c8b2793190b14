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
}

export interface Command {
  meta: { name: string; synopsis: string; description: string };
  args: Record<string, ArgDef>;
  run: (ctx: CommandContext) => Promise<number>;
}
