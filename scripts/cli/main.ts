/**
 * The CLI: a small table from command name to a lazily imported module (as changelogen does).
 * `main(argv, io)` returns the exit code; only the bin shim calls `process.exit`.
 */
import { parseArgs } from "node:util";
import { escapeControl, formatError, isSendFindingsError, UsageError } from "../../pipeline/errors.ts";
import { readProcessStdin } from "../../pipeline/common/stdin.ts";
import { EXIT_OUTPUT_CLOSED, OutputClosed, writeAll, writeStderr } from "./stdio.ts";
import type { Command, CommandContext, Io } from "./types.ts";

const COMMANDS: Record<string, () => Promise<Command>> = {
  parse: async () => (await import("./commands/parse.ts")).command,
  classify: async () => (await import("./commands/classify.ts")).command,
  summary: async () => (await import("./commands/summary.ts")).command,
  report: async () => (await import("./commands/report.ts")).command,
  train: async () => (await import("./commands/train.ts")).command,
  eval: async () => (await import("./commands/eval.ts")).command,
  labels: async () => (await import("./commands/labels.ts")).command,
  model: async () => (await import("./commands/model.ts")).command,
};

const EXIT_CODES = "exit codes: 0 ok, 1 bad input, data or model (or a failed write), 2 usage, 70 internal bug, 141 standard output closed by its reader";

function globalHelp(): string {
  return [
    "usage: send-findings <command> [options] <file|dir|-> ...",
    "",
    "commands:",
    "  parse     letters -> sections, findings and sentences",
    "  classify  letters (or --sentences) + model -> sentiment and themes per sentence",
    "  summary   letters + model -> per-letter and cross-letter summary",
    "  report    letters + model -> a static HTML site and an Excel workbook (findings.xlsx) for analysts",
    "  train     hand labels -> model file with cross-validated metrics",
    "  eval      leave-one-letter-out precision report (JSON, Markdown, HTML)",
    "  labels    label files: stats, realign, sheet, import",
    "  model     model files: check, seal (accept a model changed on purpose)",
    "",
    "a folder stands for its .pdf and .txt files, in name order; - is standard input",
    "run `send-findings <command> --help` for a command's options",
    EXIT_CODES,
    "",
  ].join("\n");
}

/** Help text generated from a command's argument definitions. */
export function commandHelp(cmd: Command): string {
  const lines = [`usage: send-findings ${cmd.meta.synopsis}`, "", cmd.meta.description, "", "options:"];
  for (const [name, def] of Object.entries(cmd.args)) {
    const flag = def.type === "string" ? `--${name} <value>` : `--${name}`;
    const extra = [
      def.choices ? `one of ${def.choices.join(", ")}` : "",
      def.default !== undefined && def.default !== false ? `default ${String(def.default)}` : "",
    ]
      .filter(Boolean)
      .join("; ");
    lines.push(`  ${flag.padEnd(24)} ${def.description}${extra ? ` (${extra})` : ""}`);
  }
  lines.push(`  ${"--quiet".padEnd(24)} no progress or warnings on stderr`, `  ${"--help".padEnd(24)} this help`, "", EXIT_CODES, "");
  return lines.join("\n");
}

function parseCommandArgs(cmd: Command, argv: string[]): { values: CommandContext["values"]; positionals: string[] } {
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean }> = {
    quiet: { type: "boolean" },
    help: { type: "boolean" },
  };
  for (const [name, def] of Object.entries(cmd.args)) options[name] = { type: def.type, ...(def.multiple ? { multiple: true } : {}) };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    const msg = e instanceof Error ? e.message.split("\n")[0] ?? "" : String(e);
    throw new UsageError(`${cmd.meta.name}: ${msg.replace(/\. To specify a positional.*$/, "")}`);
  }
  // parseArgs keeps the last of a repeated option; `--format csv --format jsonl` is a mistake to
  // point out, not a choice to make for the user.
  const seen = new Set<string>();
  for (const t of parsed.tokens) {
    if (t.kind !== "option" || options[t.name]?.type !== "string" || options[t.name]?.multiple) continue;
    if (seen.has(t.name)) throw new UsageError(`${cmd.meta.name}: --${t.name} is given more than once; give it once`);
    seen.add(t.name);
  }
  const values = { ...parsed.values } as CommandContext["values"];
  for (const [name, def] of Object.entries(cmd.args)) {
    const v = values[name];
    if (v === undefined && def.default !== undefined) values[name] = def.default;
    if (def.choices && typeof v === "string" && !def.choices.includes(v)) {
      throw new UsageError(`unknown value for --${name}: "${v}"; expected one of ${def.choices.join(", ")}`);
    }
  }
  return { values, positionals: parsed.positionals };
}

/** Runs the CLI with injected I/O and returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      io.stdout(globalHelp());
      return name === undefined ? 2 : 0;
    }
    if (name === "--version" || name === "-v") {
      const { TOOL_VERSION } = await import("../../pipeline/common/version.ts");
      io.stdout(`${TOOL_VERSION}\n`);
      return 0;
    }
    const load = COMMANDS[name];
    if (!load) throw new UsageError(`unknown command "${name}"; expected one of ${Object.keys(COMMANDS).join(", ")}`);
    const cmd = await load();
    const { values, positionals } = parseCommandArgs(cmd, rest);
    if (values.help === true) {
      io.stdout(commandHelp(cmd));
      return 0;
    }
    const quiet = values.quiet === true;
    return await cmd.run({ values, positionals, io, quiet, log: (line) => (quiet ? undefined : io.stderr(`${escapeControl(line)}\n`)), argv });
  } catch (e) {
    // The reader of standard output went away (`| head -1`): nothing to say, and nobody to say it to.
    if (e instanceof OutputClosed) return EXIT_OUTPUT_CLOSED;
    if (isSendFindingsError(e)) {
      io.stderr(`${formatError(e)}\n`);
      return e.exitCode;
    }
    const stack = e instanceof Error ? (e.stack ?? e.message) : String(e);
    io.stderr(`${stack}\nsend-findings: internal error (a bug); please report it with the command you ran\n`);
    return 70;
  }
}

/**
 * The process-bound I/O used by the bin shim. Standard output is written synchronously and in
 * full (`writeAll`): a short or failed write throws, so a full disk is an error, never a cut-short
 * file with exit 0; being synchronous, it holds the run until the reader has taken the output
 * (back-pressure). Standard input stops reading once it holds more than `maxBytes`, or is read a
 * chunk at a time by `stdinChunks`.
 */
export const processIo: Io = {
  stdout: (c) => writeAll(1, c),
  stderr: (c) => writeStderr(c),
  readStdin: readProcessStdin,
  get stdoutColumns() {
    return process.stdout.isTTY ? process.stdout.columns : undefined;
  },
  get stderrIsTTY() {
    return process.stderr.isTTY === true;
  },
  now: () => performance.now(),
  stdinChunks: () => process.stdin as AsyncIterable<Buffer>,
};
