import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { DEFAULT_TARGETS, judgeTarget, loadTargets, verdictReason } from "./targets.ts";

describe("judgeTarget", () => {
  test.each([
    // F1: at least the threshold.
    ["sentiment_macro_f1", 0.82, 0.85, 0.83, 0.88, "met"],
    ["sentiment_macro_f1", 0.82, 0.84, 0.8, 0.87, "met_uncertain"],
    ["sentiment_macro_f1", 0.82, 0.82, 0.8, 0.84, "met_uncertain"],
    ["sentiment_macro_f1", 0.82, 0.74, 0.71, 0.77, "not_met"],
    ["theme_micro_f1", 0.8, 0.79, 0.75, 0.83, "not_met"],
    ["theme_micro_f1", 0.8, null, null, null, "not_evaluable"],
    // Flip rate: at most the threshold.
    ["flip_rate", 0.03, 0.02, 0.01, 0.025, "met"],
    ["flip_rate", 0.03, 0.02, 0.01, 0.04, "met_uncertain"],
    ["flip_rate", 0.03, 0.05, 0.04, 0.06, "not_met"],
  ] as const)("%s %s: %s (%s–%s) → %s", (metric, threshold, value, lo, hi, status) => {
    expect(judgeTarget(metric, threshold, { value, lo, hi }).status).toBe(status);
  });

  test("the reason says which side of the target the interval lies", () => {
    expect(verdictReason(judgeTarget("sentiment_macro_f1", 0.82, { value: 0.74, lo: 0.71, hi: 0.77 }))).toMatch(/^Below the target, and so is the whole 95% interval/);
    expect(verdictReason(judgeTarget("sentiment_macro_f1", 0.82, { value: 0.8, lo: 0.75, hi: 0.85 }))).toMatch(/^Below the target, though the 95% interval reaches it/);
    expect(verdictReason(judgeTarget("flip_rate", 0.03, { value: 0.05, lo: 0.04, hi: 0.06 }))).toMatch(/^Above the target, and so is the whole/);
  });
});

describe("loadTargets", () => {
  const dir = mkdtempSync(join(tmpdir(), "sf-targets-"));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  test("no file: the project's targets", () => {
    expect(loadTargets(undefined)).toEqual({ sentiment_macro_f1: 0.82, theme_micro_f1: 0.8, flip_rate: 0.03 });
    expect(loadTargets(undefined)).toBe(DEFAULT_TARGETS);
  });
  test("a file: exactly its targets", () => {
    expect(loadTargets(file("one.json", '{"flip_rate": 0.05}'))).toEqual({ flip_rate: 0.05 });
  });
  test.each([
    ["unknown.json", '{"accuracy": 0.9}', /invalid targets: .*accuracy/],
    ["range.json", '{"flip_rate": 3}', /invalid targets: flip_rate/],
    ["empty.json", "{}", /no targets/],
    ["broken.json", "{", /not valid JSON/],
  ])("%s is refused with code, file and reason", (name, text, message) => {
    const path = file(name, text);
    expect(() => loadTargets(path)).toThrow(message);
    try {
      loadTargets(path);
    } catch (e) {
      expect((e as { code: string; file: string }).code).toBe("E_DATA");
      expect((e as { file: string }).file).toBe(path);
    }
  });
});
