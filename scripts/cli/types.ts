/**
 * The types every command module and the dispatcher share. They live apart from `main.ts` so that
 * commands depend on these definitions only, never on the dispatcher that loads them.
 */

export interface Io {
  stdout: (chunk: string) => void;
  stderr: (chunk: string) => void;
  /** Reads all of standard input (for `-`). */
  readStdin: () => Promise<Buffer>;
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
  /** The command line as given, from the command name on (for reports that record how they were made). */
  argv?: readonly string[];
}

export interface Command {
  meta: { name: string; synopsis: string; description: string };
  args: Record<string, ArgDef>;
  run: (ctx: CommandContext) => Promise<number>;
}
