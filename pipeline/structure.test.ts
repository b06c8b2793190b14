import { describe, expect, test } from "vitest";
import { cleanLines, stripResidue } from "./lines.ts";
import { dateFromFileName, parseDateRange } from "./metadata.ts";
import { detectStructure } from "./structure.ts";

const LETTER_HEAD = "Ofsted\n\n10 May 2018\n\nDear Ms X\n\nJoint local area SEND inspection in Testshire\n\nBetween 12 March 2018 and 16 March 2018, Ofsted and the Care Quality Commission (CQC) conducted a joint inspection.\n\n";
const texts = (t: string) => detectStructure(LETTER_HEAD + t, "x.txt").findings.map((f) => `${f.section}/${f.subsection ?? "-"}#${f.finding_index}: ${f.text}`);

describe("findings and their repairs", () => {
  test.each([
    // A bullet split by a page break: the rest begins in lower case after blank lines.
    ["page break mid-sentence", "Main findings\n\n- Children wait for up to a\n\n\n\nyear for a diagnosis.\n- Plans are good.\n", ["main_findings/-#0: Children wait for up to a year for a diagnosis.", "main_findings/-#1: Plans are good."]],
    // A page break where the sentence had ended: a paragraph with no bullet mark continues the bullet (Westminster 2020).
    ["unbulleted paragraph after a page break", "Main findings\n\n- SENCos receive effective training.\n\nSchool leaders are increasingly confident.\n\n- Next bullet.\n", ["main_findings/-#0: SENCos receive effective training. School leaders are increasingly confident.", "main_findings/-#1: Next bullet."]],
    // A lower-case "bullet" that is really the rest of the previous one.
    ["lower-case bullet", "Main findings\n\n- Leaders have not implemented the\n- reforms well enough.\n", ["main_findings/-#0: Leaders have not implemented the reforms well enough."]],
    // City of London 2018: the only finding of a subsection lost its bullet mark.
    ["lost bullet mark under a heading", "The effectiveness of the local area in meeting the needs of children and young people who have special educational needs and/or disabilities\n\nAreas for development\n\nAlthough there are examples of co-production, more needs to be done.\n", ["meeting/development#0: Although there are examples of co-production, more needs to be done."]],
    // City of London 2018: sub-bullets under a lead-in, continued as lower-case bullets after a page break.
    ["sub-bullets stay inside their finding", "Main findings\n\n- Case studies showed that:\n - leaders understand needs\n - targets are ambitious\n\n\n- children are supported.\n- Next finding.\n", ["main_findings/-#0: Case studies showed that:\n- leaders understand needs\n- targets are ambitious\n- children are supported.", "main_findings/-#1: Next finding."]],
    ["■ and • bullets", "Main findings\n\n■ First.\n• Second.\n◼ Third.\n", ["main_findings/-#0: First.", "main_findings/-#1: Second.", "main_findings/-#2: Third."]],
    ["Markdown and HTML residue", "#### **Main findings**\n\n- Co-production<sup>1</sup> is **strong** &amp; valued.\n", ["main_findings/-#0: Co-production is strong & valued."]],
    ["word hyphenated across a line break", "Main findings\n\n- Leaders plan neuro-\ndevelopmental support and commis-\nsioning.\n", ["main_findings/-#0: Leaders plan neuro-developmental support and commissioning."]],
    // Medway 2017: the significant-weakness list; each noun phrase is a finding.
    ["significant weaknesses", "Main findings\n\n- A.\n\nThe inspection raises significant concerns about the effectiveness of the local area.\n\nThe local area is required to produce and submit a Written Statement of Action to Ofsted that explains how it will tackle the following areas of significant weakness:\n\n- the quality of EHC plans\n\n- the lack of effective co-production at all levels.\n\nYours sincerely\n", ["main_findings/-#0: A.", "significant_weaknesses/-#0: the quality of EHC plans", "significant_weaknesses/-#1: the lack of effective co-production at all levels."]],
    ["wrapped section heading", "The effectiveness of the local area in identifying children and young people's special educational needs and/or\ndisabilities\n\nStrengths\n\n- Needs are identified early.\n", ["identifying/strengths#0: Needs are identified early."]],
    ["sign-off ends the findings", "Main findings\n\n- A.\n\nYours sincerely\n\nPhilip Garnham\nHer Majesty's Inspector\n", ["main_findings/-#0: A."]],
  ])("%s", (_case, body, expected) => {
    expect(texts(body)).toEqual(expected);
  });
});

describe("2023 framework", () => {
  const report = [
    "Area SEND inspection of Testshire Local Area Partnership",
    "Inspection dates: 27 February to 3 March 2023",
    "Date of previous inspection: 10 to 14 July 2017",
    "Inspection outcome",
    "The local area partnership’s arrangements lead to inconsistent experiences and outcomes for children and young people with special educational needs and/or disabilities (SEND).",
    "The next full area SEND inspection will be within approximately 3 years.",
    "Information about the local area partnership",
    "Testshire County Council is responsible.",
    "What is it like to be a child or young person with special educational needs",
    "and/or disabilities (SEND) in this area?",
    "Children’s voices are heard.",
    "Some wait too long.",
    "What is the local area partnership doing that is effective?",
    "◼ Leaders are ambitious.",
    "What does the area partnership need to do better?",
    "◼ Plans are late.",
    "Areas for improvement",
    "Leaders should improve plans.",
    "Leaders should focus on:",
    "  - waiting times",
    "  - transitions.",
    "Inspection team",
    "Ofsted Care Quality Commission",
    "Jo Bloggs, Ofsted HMI lead inspector Tessa Valpy, CQC lead inspector",
  ].join("\n\n");

  test("sections, paragraphs as findings, sub-bullet recommendation as one finding", () => {
    const s = detectStructure(report, "../shared/reports-2023/testshire__05-may-2023.pdf");
    expect(s.kind).toBe("report_2023");
    expect(s.findings.map((f) => `${f.section}#${f.finding_index}: ${f.text}`)).toEqual([
      "experience#0: Children’s voices are heard.",
      "experience#1: Some wait too long.",
      "effective#0: Leaders are ambitious.",
      "better#0: Plans are late.",
      "improvements#0: Leaders should improve plans.",
      "improvements#1: Leaders should focus on:\n- waiting times\n- transitions.",
    ]);
  });

  test("metadata: outcome, dates, next inspection, lead inspector; the CQC lead is never taken", () => {
    const md = detectStructure(report, "../shared/reports-2023/testshire__05-may-2023.pdf").metadata;
    expect(md).toMatchObject({
      local_area: "Testshire",
      letter_date: "2023-05-05",
      inspection_start: "2023-02-27",
      inspection_end: "2023-03-03",
      previous_inspection_start: "2017-07-10",
      previous_inspection_end: "2017-07-14",
      outcome: "inconsistent",
      next_inspection: "within approximately 3 years",
      lead_inspector: "Jo Bloggs",
      missing: [],
    });
  });

  test("a field the report lacks is reported missing, not guessed", () => {
    const md = detectStructure(report.replace(/Date of previous inspection.*\n/, "").replace(/Inspection team[\s\S]*$/, ""), "report.pdf").metadata;
    expect(md.previous_inspection_start).toBeNull();
    expect(md.lead_inspector).toBeNull();
    expect(md.letter_date).toBeNull();
    expect(md.missing).toEqual(expect.arrayContaining(["previous_inspection_start", "previous_inspection_end", "lead_inspector", "letter_date"]));
  });
});

describe("document kinds", () => {
  test("council report with no letter: no findings", () => {
    const s = detectStructure("Committee:\tDated:\nSafeguarding Sub Committee\n\n#### Summary\n\nThis report provides an update.\n", "p.txt");
    expect(s.kind).toBe("council_report");
    expect(s.findings).toEqual([]);
  });

  test("committee report reproducing a letter: findings from the letter only", () => {
    const committee = `**CHILDREN AND YOUNG PEOPLE\nOVERVIEW AND SCRUTINY COMMITTEE**\n\nReport from: A Person\n\n${"Council prose about the inspection.\n\n".repeat(12)}- The inspection team found many strengths.\n\nAppendix A\n\n`;
    const s = detectStructure(`${committee}${LETTER_HEAD}Main findings\n\n- Leaders are ambitious.\n`, "m.txt");
    expect(s.kind).toBe("committee_report");
    expect(s.findings.map((f) => f.text)).toEqual(["Leaders are ambitious."]);
    expect(s.metadata.local_area).toBe("Testshire");
  });

  test.each([[""], ["hello world"], ["\u0000\u0001binary"], ["Main"]])("anything else is unknown with a warning: %j", (text) => {
    const s = detectStructure(text, "u.txt");
    expect(s.kind).toBe("unknown");
    expect(s.warnings[0]).toMatch(/no inspection sections found/);
  });
});

describe("metadata helpers", () => {
  test.each([
    ["15 to 19 May 2023", ["2023-05-15", "2023-05-19"]],
    ["27 February to 3 March 2023", ["2023-02-27", "2023-03-03"]],
    ["Between 12 March 2018 and 16 March 2018, Ofsted", ["2018-03-12", "2018-03-16"]],
    ["from 4 - 8 December 2017", ["2017-12-04", "2017-12-08"]],
    ["30 November 2023 to 4 December 2023", ["2023-11-30", "2023-12-04"]],
    ["28 December to 2 January 2024", ["2023-12-28", "2024-01-02"]],
    ["no dates here", null],
  ])("parseDateRange(%j)", (text, expected) => {
    expect(parseDateRange(text)).toEqual(expected);
  });

  test("publication date from a report file name", () => {
    expect(dateFromFileName("../shared/reports-2023/medway__02-april-2024.pdf")).toBe("2024-04-02");
    expect(dateFromFileName("letter.txt")).toBeNull();
  });

  test("residue stripping and line classes", () => {
    expect(stripResidue("#### **Main Report**")).toBe("Main Report");
    expect(cleanLines("- a\n  - b\n\nc").map((l) => l.kind)).toEqual(["bullet", "subbullet", "blank", "text"]);
  });
});
