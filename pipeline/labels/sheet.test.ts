import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { describe, expect, test } from "vitest";
import { importSheet, SHEET_COLUMNS, sheetCsv } from "./sheet.ts";
import { type LabelRow, parseLabelsCsv, sentenceKey, textSha256 } from "./files.ts";
import { parseLetter } from "../index.ts";
import { sentenceRecords } from "../schema.ts";

const doc = parseLetter(readFileSync("data/letters/westminster-2020.txt", "utf8"), { letter_id: "westminster-2020" });
const gold = parseLabelsCsv(readFileSync("data/labels/westminster-2020.csv", "utf8"), "westminster-2020.csv");
const goldByKey = new Map(gold.map((r) => [sentenceKey(r), r]));

const pick = ({ letter_id, section, subsection, finding_index, sentence_index, text, silver, sentiment, themes, note }: LabelRow) => ({ letter_id, section, subsection, finding_index, sentence_index, text, silver, sentiment, themes, note });

type SheetRow = Record<(typeof SHEET_COLUMNS)[number], string>;
const blank = (): SheetRow[] => Papa.parse<SheetRow>(sheetCsv(doc), { header: true, skipEmptyLines: "greedy" }).data;
/** The sheet filled in with the committed hand labels, as an annotator would. */
function filled(): SheetRow[] {
  const records = sentenceRecords(doc);
  return blank().map((r) => {
    const g = goldByKey.get(sentenceKey(records[Number(r.sid)]!))!;
    return { ...r, sentiment: g.sentiment, themes: g.themes.join(";"), note: g.note };
  });
}
const csv = (rows: readonly Record<string, string>[], columns: readonly string[] = SHEET_COLUMNS) => `${Papa.unparse(rows as Record<string, string>[], { columns: [...columns], newline: "\n" })}\n`;

describe("sheetCsv", () => {
  test("one row per sentence in reading order, the whole finding for context, answer columns empty", () => {
    const rows = blank();
    const records = sentenceRecords(doc);
    expect(rows.length).toBe(records.length);
    expect(rows.map((r) => r.sentence)).toEqual(records.map((s) => s.text));
    expect(rows.map((r) => r.sid)).toEqual(records.map((_, i) => String(i)));
    for (const r of rows) {
      expect(r.finding).toContain(r.sentence);
      expect([r.sentiment, r.themes, r.note]).toEqual(["", "", ""]);
    }
  });

  test("no heading and no silver label: annotators label what the sentence says (codebook rule 5)", () => {
    const header = sheetCsv(doc).split("\n")[0]!;
    expect(header).toBe(SHEET_COLUMNS.join(","));
    expect(header).not.toMatch(/section|silver|heading/);
  });
});

describe("importSheet", () => {
  test("the committed labels, filled into a sheet, come back as the committed label rows", () => {
    const { rows } = importSheet(doc, csv(filled()), "s.csv", { annotator: "annotator-x", keepText: true });
    expect(rows.length).toBe(gold.length);
    for (const r of rows) {
      const g = goldByKey.get(sentenceKey(r))!;
      expect(g, sentenceKey(r)).toBeDefined();
      // Keys, text, hash and silver are filled by code from the reader; the rest from the sheet.
      expect(pick(r)).toEqual(pick(g));
      expect(r.text_sha256).toBe(textSha256(g.text));
      expect(r.annotator).toBe("annotator-x");
    }
  });

  test("a report's labels keep only the hash of each sentence", () => {
    const { rows } = importSheet(doc, csv(filled()), "s.csv", { annotator: "a", keepText: false });
    expect(rows.every((r) => r.text === "" && /^[0-9a-f]{64}$/.test(r.text_sha256))).toBe(true);
    expect(rows[0]!.text_sha256).toBe(textSha256(sentenceRecords(doc)[0]!.text));
  });

  test("a sheet saved by a spreadsheet (BOM, CRLF) and one with only sid and sentiment are accepted", () => {
    const crlf = `\ufeff${csv(filled()).replace(/\n/g, "\r\n")}`;
    expect(importSheet(doc, crlf, "s.csv", { annotator: "a", keepText: true }).rows.length).toBe(gold.length);
    const minimal = csv(filled().map((r) => ({ sid: r.sid, sentiment: r.sentiment })), ["sid", "sentiment"]);
    const { rows } = importSheet(doc, minimal, "s.csv", { annotator: "a", keepText: true });
    expect(rows.every((r) => r.themes.length === 0 && r.note === "")).toBe(true);
  });

  test("answers in any order land on their sentence", () => {
    const { rows } = importSheet(doc, csv(filled().reverse()), "s.csv", { annotator: "a", keepText: true });
    expect(rows.map((r) => r.text)).toEqual(sentenceRecords(doc).map((s) => s.text));
  });

  // [what is wrong, how the filled sheet is edited, the line and message expected]
  const bad: [string, (rows: SheetRow[]) => SheetRow[], RegExp][] = [
    ["a sentiment outside the codebook", (r) => ((r[0]!.sentiment = "positive"), r), /line 2: sid 0: column "sentiment": "positive" is not one of strength, weakness, neutral/],
    ["a theme outside the codebook", (r) => ((r[1]!.themes = "leadership;send"), r), /line 3: sid 1: column "themes": "send" is not a codebook theme id/],
    ["four themes", (r) => ((r[2]!.themes = "leadership;schools;autism;attainment"), r), /line 4: sid 2: column "themes": 4 themes; at most 3 allowed/],
    ["a repeated sid", (r) => ((r[4]!.sid = "3"), r), /line 6: sid 3 answered twice \(first on line 5\)/],
    ["a sid past the end", (r) => ((r[4]!.sid = "9999"), r), /line 6: column "sid": 9999 is past the last sentence/],
    ["a sid that is not a number", (r) => ((r[0]!.sid = "first"), r), /line 2: column "sid": "first" is not a sentence number/],
    ["a sentence the reader no longer gives", (r) => ((r[7]!.sentence = "Something else entirely."), r), /line 9: sid 7: the sheet's sentence is not the one the reader gives now/],
    ["a missing answer", (r) => r.filter((x) => x.sid !== "11"), /1 of 132 sentences of westminster-2020 have no sentiment yet \(sid 11\); finish them, or pass --partial to import the 131 answered/],
    ["a blank sentiment", (r) => ((r[3]!.sentiment = ""), r), /1 of 132 sentences .* \(sid 3\)/],
  ];
  test.each(bad)("%s is refused with the line", (_what, edit, expected) => {
    let message = "";
    try {
      importSheet(doc, csv(edit(filled())), "s.csv", { annotator: "a", keepText: true });
    } catch (e) {
      message = `${(e as { line?: number }).line === undefined ? "" : `line ${(e as { line: number }).line}: `}${(e as Error).message}`;
    }
    expect(message).toMatch(expected);
  });

  test("a sheet without a sid or sentiment column, or an empty one, is refused", () => {
    expect(() => importSheet(doc, "sentence,themes\nx,\n", "s.csv", { annotator: "a", keepText: true })).toThrow(/missing columns "sid", "sentiment"/);
    expect(() => importSheet(doc, "  \n", "s.csv", { annotator: "a", keepText: true })).toThrow(/sheet is empty/);
  });

  test("every problem is listed in the one message (the first with its line), not only the first", () => {
    const rows = filled();
    rows[0]!.sentiment = "positive";
    rows[5]!.themes = "send";
    rows[9]!.sid = "first";
    let e: { line?: number; message: string } = { message: "" };
    try {
      importSheet(doc, csv(rows), "s.csv", { annotator: "a", keepText: true });
    } catch (err) {
      e = err as typeof e;
    }
    expect(e.line).toBe(2);
    expect(e.message).not.toMatch(/\n/);
    expect(e.message).toMatch(/^sid 0: column "sentiment": "positive".*\(3 problems in all; also line 7: sid 5: column "themes": "send".*; line 11: column "sid": "first"/);
  });

  test("labels and theme ids in any letter case are read as the codebook's", () => {
    const rows = filled().map((r) => ({ ...r, sentiment: r.sentiment.toUpperCase(), themes: r.themes.split(";").map((t) => ` ${t.toUpperCase()} `).join(";") }));
    const { rows: got } = importSheet(doc, csv(rows), "s.csv", { annotator: "a", keepText: true });
    expect(got.map(pick)).toEqual(importSheet(doc, csv(filled()), "s.csv", { annotator: "a", keepText: true }).rows.map(pick));
  });

  test("a partly filled sheet: refused with the count left, or with partial its answered rows and the count", () => {
    const rows = filled().map((r, i) => (i >= 100 ? { ...r, sentiment: "", themes: "" } : r));
    expect(() => importSheet(doc, csv(rows), "s.csv", { annotator: "a", keepText: true })).toThrow(/32 of 132 sentences of westminster-2020 have no sentiment yet \(sid 100–131\)/);
    const result = importSheet(doc, csv(rows), "s.csv", { annotator: "a", keepText: true, partial: true });
    expect(result.rows).toHaveLength(100);
    expect(result.unanswered).toEqual(Array.from({ length: 32 }, (_, i) => 100 + i));
    expect(result.total).toBe(132);
  });

  test("white space differences in the sheet's sentence are not a change of sentence", () => {
    const rows = filled();
    rows[0]!.sentence = `  ${rows[0]!.sentence.replace(/ /g, "  ")}\n`;
    expect(importSheet(doc, csv(rows), "s.csv", { annotator: "a", keepText: true }).rows.length).toBe(gold.length);
  });
});
