import { describe, expect, test } from "vitest";
import { SendFindingsError } from "../errors.ts";
import { findDrift, formatLabelsCsv, parseLabelsCsv, textSha256, throwOnDrift } from "./files.ts";
import type { SentenceRecord } from "../schema.ts";

const HEADER = "letter_id,section,subsection,finding_index,sentence_index,text,text_sha256,silver,sentiment,themes,annotator,note";
const ROW = 'w-2020,main_findings,,0,0,"Leaders are ambitious.",,,strength,leadership,ann-1,';
const ROW2 = 'w-2020,identifying,development,1,0,"Waits are too long.",,weakness,weakness,waiting_times;autism,ann-1,"rule 8"';

function fails(content: string): SendFindingsError {
  try {
    parseLabelsCsv(content, "data/labels/w-2020.csv");
  } catch (e) {
    if (e instanceof SendFindingsError) return e;
    throw e;
  }
  throw new Error("expected parseLabelsCsv to throw");
}

describe("parseLabelsCsv", () => {
  test("reads rows with themes as arrays and empty cells as null", () => {
    const rows = parseLabelsCsv(`${HEADER}\n${ROW}\n${ROW2}\n`, "f.csv");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ section: "main_findings", subsection: null, silver: null, themes: ["leadership"], line: 2 });
    expect(rows[1]).toMatchObject({ subsection: "development", finding_index: 1, themes: ["waiting_times", "autism"], note: "rule 8", line: 3 });
  });

  test("accepts a BOM and CRLF line endings", () => {
    const rows = parseLabelsCsv(`\ufeff${HEADER}\r\n${ROW}\r\n${ROW2}\r\n`, "f.csv");
    expect(rows.map((r) => r.sentiment)).toEqual(["strength", "weakness"]);
  });

  test.each([
    // [case, content, expected line, message fragment]
    ["unknown label", `${HEADER}\n${ROW}\n${ROW2.replace(",weakness,waiting", ",postive,waiting")}`, 3, /"postive" is not one of strength, weakness, neutral/],
    ["theme id not in the codebook", `${HEADER}\n${ROW.replace("leadership", "leaders")}`, 2, /"leaders" is not a codebook theme id/],
    ["more than three themes", `${HEADER}\n${ROW.replace("leadership", "leadership;autism;schools;workforce")}`, 2, /4 themes; at most 3/],
    ["duplicate key", `${HEADER}\n${ROW}\n${ROW}`, 3, /duplicate key .*first on line 2/],
    ["empty text and no hash", `${HEADER}\n${ROW.replace('"Leaders are ambitious."', "")}`, 2, /empty text and no text_sha256/],
    ["extra cell", `${HEADER}\n${ROW},extra`, 2, /extra cell/],
    ["missing cell", `${HEADER}\nw-2020,main_findings,,0,0`, 2, /missing cell/],
    ["a subsection where the section has none", `${HEADER}\n${ROW.replace("main_findings,,", "main_findings,strengths,")}`, 2, /has no subsection/],
  ])("%s: one error naming the line", (_case, content, line, message) => {
    const e = fails(content);
    expect(e.code).toBe("E_LABELS");
    expect(e.file).toBe("data/labels/w-2020.csv");
    expect(e.line).toBe(line);
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain("\n");
  });

  test("missing column is reported on the header line", () => {
    const e = fails(`${HEADER.replace(",annotator", "")}\n${ROW.replace(",ann-1", "")}`);
    expect(e.line).toBe(1);
    expect(e.message).toMatch(/missing column "annotator"/);
  });

  test("extra column is reported on the header line", () => {
    const e = fails(`${HEADER},confidence\n${ROW},0.9`);
    expect(e.line).toBe(1);
    expect(e.message).toMatch(/unknown column "confidence"/);
  });

  test("an empty file is an error", () => {
    expect(fails("").message).toMatch(/empty/);
  });

  test("line numbers count quoted newlines as the editor shows them", () => {
    const e = fails(`${HEADER}\nw-2020,main_findings,,0,0,"two\nlines",,,strength,,a,\nw-2020,main_findings,,0,1,"x",,,nope,,a,`);
    expect(e.line).toBe(4);
  });

  test("many bad rows: first reported, the rest counted", () => {
    const bad = ROW.replace(",strength,", ",good,");
    const e = fails(`${HEADER}\n${bad}\n${bad.replace(",0,0,", ",0,1,")}\n${bad.replace(",0,0,", ",0,2,")}`);
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/and 2 more bad rows/);
  });

  test("format → parse round trip keeps every field", () => {
    const rows = parseLabelsCsv(`${HEADER}\n${ROW}\n${ROW2}\n`, "f.csv");
    const again = parseLabelsCsv(formatLabelsCsv(rows), "f.csv");
    expect(again.map(({ line: _l, ...r }) => r)).toEqual(rows.map(({ line: _l, ...r }) => r));
  });
});

describe("textSha256", () => {
  test("NFC and white space are normalised before hashing", () => {
    expect(textSha256("  Café  plans\n are late ")).toBe(textSha256("Cafe\u0301 plans are late"));
    expect(textSha256("a b")).not.toBe(textSha256("a  c"));
  });
});

describe("drift guard", () => {
  const sentences: SentenceRecord[] = [
    { letter_id: "w-2020", section: "main_findings", subsection: null, finding_index: 0, sentence_index: 0, silver: null, text: "Leaders are ambitious." },
    { letter_id: "w-2020", section: "identifying", subsection: "development", finding_index: 1, sentence_index: 0, silver: "weakness", text: "Waits are too long." },
  ];

  test("rows that match the reader pass", () => {
    const rows = parseLabelsCsv(`${HEADER}\n${ROW}\n${ROW2}\n`, "f.csv");
    expect(findDrift(rows, sentences)).toEqual([]);
  });

  test("hash-only rows match by text_sha256", () => {
    const row = `w-2020,main_findings,,0,0,,${textSha256("Leaders are ambitious.")},,strength,,a,`;
    expect(findDrift(parseLabelsCsv(`${HEADER}\n${row}\n`, "f.csv"), sentences)).toEqual([]);
    const wrong = `w-2020,main_findings,,0,0,,${textSha256("Leaders are not ambitious.")},,strength,,a,`;
    expect(findDrift(parseLabelsCsv(`${HEADER}\n${wrong}\n`, "f.csv"), sentences)).toHaveLength(1);
  });

  test("a changed sentence fails loading with file, row and both texts", () => {
    const rows = parseLabelsCsv(`${HEADER}\n${ROW.replace("ambitious", "very ambitious")}\n`, "data/labels/w-2020.csv");
    const problems = findDrift(rows, sentences);
    expect(problems).toHaveLength(1);
    try {
      throwOnDrift(problems);
      expect.unreachable();
    } catch (e) {
      const err = e as SendFindingsError;
      expect(err.code).toBe("E_LABEL_DRIFT");
      expect(err.file).toBe("data/labels/w-2020.csv");
      expect(err.line).toBe(2);
      expect(err.message).toContain('"Leaders are very ambitious."');
      expect(err.message).toContain('"Leaders are ambitious."');
    }
  });

  test("a key the reader no longer produces is drift too", () => {
    const rows = parseLabelsCsv(`${HEADER}\n${ROW.replace(",0,0,", ",7,0,")}\n`, "f.csv");
    expect(findDrift(rows, sentences)[0]?.reason).toBe("missing_sentence");
  });
});
