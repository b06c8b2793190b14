/**
 * The layout's rule, checked on every source file: arrows only run down the floors (shared basics →
 * reader → labels → models → eval → CLI → benchmarks and tools), and no module imports itself back
 * through a cycle. Tests and their `testing/` helpers may import from any floor; nothing imports a
 * benchmark or a tool.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, test } from "vitest";
import { REPO_ROOT } from "../pipeline/common/paths.ts";

/** Floors, lowest first: a file may import its own floor or a lower one (first matching prefix wins). */
const FLOORS: [prefix: string, floor: number][] = [
  ["pipeline/common/", 0],
  ["pipeline/errors.ts", 0],
  ["pipeline/schema.ts", 0],
  ["pipeline/codebook.ts", 0],
  ["pipeline/labels/", 2],
  ["pipeline/", 1],
  ["models/", 3],
  ["eval/", 4],
  ["scripts/cli/", 5],
  ["index.ts", 5],
  ["bin/", 5],
  ["scripts/bench/", 6],
  ["scripts/tools/", 6],
];

const floorOf = (file: string) => FLOORS.find(([p]) => file === p || file.startsWith(p))?.[1];
const isTestCode = (file: string) => /\.test\.ts$/.test(file) || file.includes("/testing/") || file.startsWith("test/");

function sourceFiles(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir)).flatMap((name) => {
    const rel = dir ? `${dir}/${name}` : name;
    if (["node_modules", ".git", "data", "docs", "dist"].includes(name)) return [];
    if (statSync(join(REPO_ROOT, rel)).isDirectory()) return sourceFiles(rel);
    return /\.(ts|mjs)$/.test(name) && !name.endsWith(".d.ts") ? [rel] : [];
  });
}

/** Relative imports of a file (static and dynamic), as repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(REPO_ROOT, file), "utf8");
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)["'](\.{1,2}\/[^"']+)["']/gm)].map((m) => m[1]!);
  return specs.map((s) => normalize(join(dirname(file), s))).filter((p) => /\.(ts|mjs|json)$/.test(p) && !p.endsWith(".json"));
}

/** Imports that run up a floor (tests and `testing/` helpers excepted), and imports of a benchmark or tool from outside its folder. */
function upwardImports(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const upward: string[] = [];
  for (const [file, deps] of graph) {
    const from = floorOf(file);
    for (const dep of deps) {
      if (dep.startsWith("scripts/bench/") || dep.startsWith("scripts/tools/")) {
        if (!file.startsWith(dirname(dep))) upward.push(`${file} → ${dep}`);
        continue;
      }
      const to = floorOf(dep);
      if (isTestCode(file) || from === undefined || to === undefined) continue;
      if (to > from) upward.push(`${file} → ${dep}`);
    }
  }
  return upward;
}

/** Every import cycle found by a depth-first walk, as "a → b → a". */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (f: string) => {
    if (state.get(f) === "done") return;
    if (state.get(f) === "open") {
      cycles.push([...stack.slice(stack.indexOf(f)), f].join(" → "));
      return;
    }
    state.set(f, "open");
    stack.push(f);
    for (const d of graph.get(f) ?? []) if (graph.has(d)) visit(d);
    stack.pop();
    state.set(f, "done");
  };
  for (const f of [...graph.keys()].sort()) visit(f);
  return cycles;
}

const files = sourceFiles("");
const graph = new Map(files.map((f) => [f, importsOf(f)]));

describe("layout", () => {
  test("every source file sits on a floor", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((f) => !isTestCode(f) && floorOf(f) === undefined && f !== "vitest.config.ts")).toEqual([]);
  });

  test("no import runs up a floor, and nothing imports a benchmark or a tool", () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  test("nothing under models/ re-runs the reader's sentence splitter", () => {
    const offenders = [...graph].filter(([f, deps]) => f.startsWith("models/") && !isTestCode(f) && deps.includes("pipeline/sentences.ts")).map(([f]) => f);
    expect(offenders).toEqual([]);
  });

  test("no import cycles", () => {
    expect(importCycles(graph)).toEqual([]);
  });

  test("the checkers find an upward import and a cycle when there is one (graphs made up for the test)", () => {
    const made = new Map<string, string[]>([
      ["pipeline/tokens.ts", ["models/train.ts"]],
      ["models/train.ts", ["pipeline/tokens.ts"]],
      ["eval/run.ts", ["scripts/bench/bench.ts"]],
      ["models/train.test.ts", ["eval/run.ts"]],
    ]);
    expect(upwardImports(made)).toEqual(["pipeline/tokens.ts → models/train.ts", "eval/run.ts → scripts/bench/bench.ts"]);
    expect(importCycles(made)).toEqual(["models/train.ts → pipeline/tokens.ts → models/train.ts"]);
    // And the real graph is read: the CLI does import the models.
    expect(graph.get("scripts/cli/commands/classify.ts")?.some((d) => d.startsWith("models/"))).toBe(true);
  });
});
