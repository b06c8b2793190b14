/**
 * Where a report came from: when it was made, by which version and commit, from which labelled
 * data and model, with which seed and command. Kept out of `metrics.json` on purpose: that file is
 * the same bytes for the same data, parameters and seed (two runs can be compared with `cmp`), and
 * a date or a command line would break that.
 */
import { execFileSync } from "node:child_process";
import { REPO_ROOT } from "../pipeline/common/paths.ts";
import { TOOL_VERSION } from "../pipeline/common/version.ts";

export interface Provenance {
  /** ISO 8601 date and time (UTC) the report was made. */
  date: string;
  tool_version: string;
  /** The checkout's commit, with "+ uncommitted changes" when the tree differs; null without git. */
  commit: string | null;
  data_sha256: string;
  model_sha256: string | null;
  seed: number;
  /** The command line, as a user could type it again. */
  command: string;
}

/** The repository's commit (and whether files differ from it), or null when git or the repository is not there. */
export function gitCommit(cwd: string = REPO_ROOT): string | null {
  const git = (args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 }).trim();
  try {
    const commit = git(["rev-parse", "HEAD"]);
    const dirty = git(["status", "--porcelain", "--untracked-files=no"]) !== "";
    return dirty ? `${commit} + uncommitted changes` : commit;
  } catch {
    // No git on the machine, not a checkout (an npm install), or no commit yet: the line says so.
    return null;
  }
}

/** An argument quoted for a POSIX shell where it needs it. */
function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The command line as `send-findings …`. */
export function commandLine(argv: readonly string[]): string {
  return ["send-findings", ...argv.map(shellQuote)].join(" ");
}

/** Provenance of a report made now. */
export function provenanceNow(p: { data_sha256: string; model_sha256: string | null; seed: number; argv: readonly string[] }, now: Date = new Date()): Provenance {
  return { date: now.toISOString().replace(/\.\d{3}Z$/, "Z"), tool_version: TOOL_VERSION, commit: gitCommit(), data_sha256: p.data_sha256, model_sha256: p.model_sha256, seed: p.seed, command: commandLine(p.argv) };
}
