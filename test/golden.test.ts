/**
 * Golden tests of the reader. `data/golden/structure.json` was written by reading the documents
 * (not by running the parser): finding counts per section, findings cut by page breaks, kinds and
 * metadata. `data/golden/<id>.sentences.jsonl` pins every sentence (regenerate only with
 * `npm run golden:update` and review the diff).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { defaultReportsDirs, documentPath, loadDocumentList, readDocumentCached } from "../pipeline/labels/corpus.ts";
import { REPO_ROOT } from "../pipeline/common/paths.ts";
import { goldenLines } from "../pipeline/labels/golden.ts";
import { textSha256 } from "../pipeline/labels/files.ts";
import { sentenceRecords } from "../pipeline/schema.ts";
import { assertLosslessSpans } from "../pipeline/testing/invariants.ts";

const reportsDirs = defaultReportsDirs();
const hasReports = reportsDirs.every((d) => existsSync(d));
if (!hasReports) console.warn(`golden tests: ${reportsDirs.filter((d) => !existsSync(d)).join(", ")} not found; the 2023 reports are skipped (CI has them)`);

interface GoldenDoc {
  letter_id: string;
  path: string;
  kind: string;
  framework: string | null;
  counts: Record<string, number>;
  metadata: Record<string, unknown>;
  page_break_findings: { section: string; subsection: string | null; finding_index: number; text?: string; text_sha256?: string }[];
}

const structureFile = join(REPO_ROOT, "data/golden/structure.json");
const golden: GoldenDoc[] = existsSync(structureFile) ? JSON.parse(readFileSync(structureFile, "utf8")) : [];

/**
 * Where the reader is known to differ from the reading by hand (`data/golden/known-differences.json`):
 * a count the reader gets wrong, or a page-break finding it does not make whole, each with what the
 * reader gives and why. The tests expect exactly these differences: a reader that starts to agree
 * (or differs somewhere else) fails, so the list is kept true.
 */
interface KnownDifference {
  letter_id: string;
  /** `counts.<section>` or `page_break.<section>/<finding_index>`. */
  field: string;
  reader: number | "not whole";
  why: string;
}
const knownFile = join(REPO_ROOT, "data/golden/known-differences.json");
const known: KnownDifference[] = existsSync(knownFile) ? JSON.parse(readFileSync(knownFile, "utf8")) : [];
const knownFor = (id: string, field: string) => known.find((k) => k.letter_id === id && k.field === field);
const entries = new Map(loadDocumentList().documents.map((d) => [d.letter_id, d]));

async function read(letterId: string) {
  const entry = entries.get(letterId);
  if (!entry) throw new Error(`${letterId} is not in data/documents.json`);
  const path = documentPath(entry, reportsDirs);
  if (!path) return null;
  return readDocumentCached(path, letterId);
}

describe("structure read by hand (data/golden/structure.json)", () => {
  test("covers every document of data/documents.json (4 seed letters, the progress report, 40 reports of the 2023 framework)", () => {
    expect(golden.map((g) => g.letter_id).sort()).toEqual([...entries.keys()].sort());
  });

  describe.each(golden.map((g) => [g.letter_id, g] as const))("%s", (id, g) => {
    const external = g.framework === "2023";
    test.skipIf(external && !hasReports)("kind, framework and finding counts per section", async () => {
      const doc = (await read(id))!;
      expect(doc.kind).toBe(g.kind);
      expect(doc.framework).toBe(g.framework);
      const counts: Record<string, number> = {};
      for (const key of Object.keys(g.counts)) counts[key] = 0;
      for (const f of doc.findings) {
        const key = f.subsection ? `${f.section}/${f.subsection}` : f.section;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      const expected = { ...g.counts };
      for (const key of Object.keys(expected)) {
        const k = knownFor(id, `counts.${key}`);
        if (k && typeof k.reader === "number") {
          expect(counts[key], `known difference no longer holds: ${k.why}`).toBe(k.reader);
          expected[key] = k.reader;
        }
      }
      expect(counts).toEqual(expected);
    });

    test.skipIf(external && !hasReports)("findings cut by a page break are whole", async () => {
      const doc = (await read(id))!;
      for (const p of g.page_break_findings) {
        const f = doc.findings.find((x) => x.section === p.section && (x.subsection ?? null) === (p.subsection ?? null) && x.finding_index === p.finding_index);
        expect(f, `${p.section}/${p.subsection}/${p.finding_index}`).toBeDefined();
        const k = knownFor(id, `page_break.${p.section}/${p.finding_index}`);
        if (k) {
          expect(p.text !== undefined ? f!.text.replace(/\s+/g, " ") === p.text : textSha256(f!.text) === p.text_sha256, `known difference no longer holds: ${k.why}`).toBe(false);
          continue;
        }
        if (p.text !== undefined) expect(f!.text.replace(/\s+/g, " ")).toBe(p.text);
        if (p.text_sha256 !== undefined) expect(textSha256(f!.text)).toBe(p.text_sha256);
      }
    });

    test.skipIf(external && !hasReports)("metadata", async () => {
      const doc = (await read(id))!;
      const { missing: _m, ...md } = doc.metadata;
      expect(md).toEqual(g.metadata);
    });
  });
});

test("every known difference names a document and a field of structure.json", () => {
  for (const k of known) {
    const g = golden.find((x) => x.letter_id === k.letter_id);
    expect(g, k.letter_id).toBeDefined();
    const [kind, rest] = k.field.split(".");
    if (kind === "counts") expect(Object.keys(g!.counts)).toContain(rest);
    else expect(g!.page_break_findings.map((p) => `${p.section}/${p.finding_index}`)).toContain(rest);
    expect(k.why.length).toBeGreaterThan(20);
  }
});

describe("golden sentences (data/golden/*.sentences.jsonl)", () => {
  const ids = [...entries.keys()].filter((id) => existsSync(join(REPO_ROOT, "data/golden", `${id}.sentences.jsonl`)));
  test("every document has a golden sentence file", () => {
    expect(ids.sort()).toEqual([...entries.keys()].sort());
  });
  describe.each(ids.map((id) => [id] as const))("%s", (id) => {
    const external = entries.get(id) !== undefined && "report" in entries.get(id)!;
    test.skipIf(external && !hasReports)("the reader reproduces every sentence; offsets are lossless", async () => {
      const doc = (await read(id))!;
      for (const f of doc.findings) assertLosslessSpans(f.text, f.sentences);
      const expected = readFileSync(join(REPO_ROOT, "data/golden", `${id}.sentences.jsonl`), "utf8");
      expect(goldenLines(sentenceRecords(doc), external)).toBe(expected);
    });
  });
});
