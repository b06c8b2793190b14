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
const entries = new Map(loadDocumentList().documents.map((d) => [d.letter_id, d]));

async function read(letterId: string) {
  const entry = entries.get(letterId);
  if (!entry) throw new Error(`${letterId} is not in data/documents.json`);
  const path = documentPath(entry, reportsDirs);
  if (!path) return null;
  return readDocumentCached(path, letterId);
}

describe("structure read by hand (data/golden/structure.json)", () => {
  test("covers the four seed letters, the progress report and the twelve 2023 reports", () => {
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
      expect(counts).toEqual(g.counts);
    });

    test.skipIf(external && !hasReports)("findings cut by a page break are whole", async () => {
      const doc = (await read(id))!;
      for (const p of g.page_break_findings) {
        const f = doc.findings.find((x) => x.section === p.section && (x.subsection ?? null) === (p.subsection ?? null) && x.finding_index === p.finding_index);
        expect(f, `${p.section}/${p.subsection}/${p.finding_index}`).toBeDefined();
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
