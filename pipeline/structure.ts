/**
 * Structure stage: normalised document text → document kind, metadata and findings in order.
 * Findings carry their section/subsection as `../shared/codebook.md` defines them for both
 * frameworks. Sentences are filled in by the sentence stage (see `index.ts`).
 *
 * The stage is a chain of small pure steps:
 *   1. `cleanLines`      — strip Markdown/HTML residue, classify each line (blank, bullet, sub-bullet, text); `lines.ts`.
 *   2. `detectKind`      — outcome letter, 2023 report, committee report, council report or unknown.
 *   3. `locateLetter`    — for a committee report, the span of the letter it reproduces.
 *   4. `collectFindings` — walk headings and lines, repairing page breaks into whole findings.
 *   5. `extractMetadata` — dates, area, outcome and so on; a field not found is reported missing; `metadata.ts`.
 */
import type { DocumentKind, Framework, Metadata, MetadataField, SectionId, SubsectionId } from "./schema.ts";
import { cleanLines, type Line } from "./lines.ts";
import { extractMetadata, RE_LETTER_TITLE } from "./metadata.ts";
import { joinWrapped } from "./text.ts";

export interface RawFinding {
  section: SectionId;
  subsection: SubsectionId | null;
  finding_index: number;
  text: string;
}

export interface DocumentStructure {
  kind: DocumentKind;
  framework: Framework | null;
  metadata: Metadata;
  findings: RawFinding[];
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------
// Headings. Matched on a lower-cased, punctuation-light form; headings vary between documents
// ("local area partnership" / "area partnership", "SEND" spelled out, wrapped over two lines).

type HeadingId = SectionId | SubsectionId | "end" | "wsoa_intro" | "outcome_2023";

function headingKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’`]/g, "'")
    .replace(/[^a-z0-9'/ ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const SEND_WORDS = "(?:send|sen and/or disabilities|special educational needs and/or disabilities|special educational needs and disabilities)";

interface HeadingRule {
  id: HeadingId;
  /** Matches the whole heading (after `headingKey`). */
  full: RegExp;
  /** Matches the start of a heading that wrapped onto the next line. */
  start?: RegExp;
  frameworks: readonly Framework[];
}

const HEADINGS: readonly HeadingRule[] = [
  { id: "main_findings", full: /^main findings$/, frameworks: ["2016"] },
  {
    id: "identifying",
    full: /^the effectiveness of the (?:local )?area in identifying children and young people's (?:special educational needs and\/or disabilities|sen and\/or disabilities|send)$/,
    start: /^the effectiveness of the (?:local )?area in identifying\b/,
    frameworks: ["2016"],
  },
  {
    id: "meeting",
    full: /^the effectiveness of the (?:local )?area in (?:assessing and )?meeting the needs of children and young people (?:who have|with) (?:special educational needs and\/or disabilities|sen and\/or disabilities|send)$/,
    start: /^the effectiveness of the (?:local )?area in (?:assessing and )?meeting\b/,
    frameworks: ["2016"],
  },
  {
    id: "outcomes",
    full: /^the effectiveness of the (?:local )?area in improving outcomes for children and young people (?:who have|with) (?:special educational needs and\/or disabilities|sen and\/or disabilities|send)$/,
    start: /^the effectiveness of the (?:local )?area in improving outcomes\b/,
    frameworks: ["2016"],
  },
  { id: "strengths", full: /^strengths$/, frameworks: ["2016"] },
  { id: "development", full: /^areas for (?:development|improvement)$/, frameworks: ["2016"] },
  {
    id: "experience",
    full: new RegExp(`^what is it like to be a child or young person (?:(?:with|who has) )?${SEND_WORDS}(?: send)? in this area$`),
    start: /^what is it like to be a child or young person\b/,
    frameworks: ["2023"],
  },
  {
    id: "effective",
    full: /^what is the (?:local )?(?:area )?partnership doing that is effective$/,
    frameworks: ["2023"],
  },
  {
    id: "better",
    full: /^what does the (?:local )?(?:area )?partnership need to do better$/,
    frameworks: ["2023"],
  },
  { id: "priority_actions", full: /^areas? for priority actions?$/, frameworks: ["2023"] },
  { id: "improvements", full: /^areas? for improvements?$/, frameworks: ["2023"] },
  { id: "outcome_2023", full: /^inspection outcome$/, frameworks: ["2023"] },
  {
    id: "end",
    full: /^(?:yours sincerely|yours faithfully|local area partnership details|information about the local area partnership|information about this inspection|inspection team|the inspection raises significant concerns.*)$/,
    frameworks: ["2016", "2023"],
  },
  {
    id: "wsoa_intro",
    full: /^the local area is required to (?:produce and )?submit a written statement of action.*$/,
    frameworks: ["2016"],
  },
];

interface HeadingMatch {
  id: HeadingId;
  /** How many lines the heading takes (more than 1 when wrapped). */
  lines: number;
}

/** Matches a heading at line `i` (possibly wrapped onto the next non-blank line). */
function matchHeading(lines: readonly Line[], i: number, framework: Framework): HeadingMatch | null {
  const line = lines[i];
  if (!line || line.kind !== "text" || line.text.length > 260) return null;
  const key = headingKey(line.text);
  for (const rule of HEADINGS) {
    if (!rule.frameworks.includes(framework)) continue;
    if (rule.full.test(key)) return { id: rule.id, lines: 1 };
  }
  // A heading wrapped onto the next line, possibly with a blank line between (a PDF extraction
  // that read the wrapped line as a new paragraph).
  let j = i + 1;
  while (j < lines.length && j <= i + 2 && lines[j]?.kind === "blank") j++;
  const next = lines[j];
  if (next && next.kind === "text" && next.text.length < 120) {
    const joined = headingKey(`${line.text} ${next.text}`);
    for (const rule of HEADINGS) {
      if (!rule.frameworks.includes(framework)) continue;
      if (rule.full.test(joined)) return { id: rule.id, lines: j - i + 1 };
    }
  }
  for (const rule of HEADINGS) {
    if (rule.frameworks.includes(framework) && rule.start?.test(key) && line.text.length < 200) return { id: rule.id, lines: 1 };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// 2–3. Kind and letter span

const RE_2023_TITLE = /^(?:area send inspection of\b.*|what is it like to be a child or young person\b.*)$/i;
const RE_COUNCIL = /\b(?:committee|cabinet|scrutiny|report of:|report from:|report author|sub committee|agenda item)\b/i;
const RE_LETTERHEAD = /^(?:ofsted|ofsted agora.*|agora)$/i;

export interface KindDetection {
  kind: DocumentKind;
  framework: Framework | null;
  /** First and one-past-last line index of the inspection letter or report. */
  span: [number, number];
  warnings: string[];
}

/** Decides what a document is and where its letter lies. */
export function detectKind(lines: readonly Line[]): KindDetection {
  const text = (i: number) => lines[i]?.text ?? "";
  const has2023 = lines.some((l) => l.kind === "text" && RE_2023_TITLE.test(l.text));
  if (has2023) return { kind: "report_2023", framework: "2023", span: [0, lines.length], warnings: [] };

  const titleAt = lines.findIndex((l) => l.kind === "text" && RE_LETTER_TITLE.test(l.text));
  const mainAt = lines.findIndex((l) => l.kind === "text" && headingKey(l.text) === "main findings");
  const head = lines
    .slice(0, 40)
    .map((l) => l.text)
    .join(" ");
  const looksCouncil = RE_COUNCIL.test(head);

  if (titleAt >= 0 || mainAt >= 0) {
    const anchor = titleAt >= 0 ? titleAt : mainAt;
    // The letter starts at the nearest letterhead or date above its title ("Medway 2017: the
    // letter begins after the committee report's appendix list").
    let start = anchor;
    for (let i = anchor; i >= Math.max(0, anchor - 40); i--) {
      if (RE_LETTERHEAD.test(text(i))) {
        start = i;
        break;
      }
    }
    const isCommittee = looksCouncil && start > 20;
    return {
      kind: isCommittee ? "committee_report" : "outcome_letter",
      framework: "2016",
      span: [isCommittee ? start : 0, lines.length],
      warnings: [],
    };
  }
  if (looksCouncil) return { kind: "council_report", framework: null, span: [0, 0], warnings: [] };
  return {
    kind: "unknown",
    framework: null,
    span: [0, 0],
    warnings: ["no inspection sections found (tried 2016–22 and 2023 headings); not an inspection letter or report?"],
  };
}

// ---------------------------------------------------------------------------------------------
// 4. Findings

/** Sections whose findings are paragraphs, not bullets (codebook: the paragraphs of `experience`). */
const PARAGRAPH_SECTIONS: ReadonlySet<SectionId> = new Set(["experience"]);

const ENDS_SENTENCE = /[.!?:;’'")\]]$/u;
const STARTS_LOWER = /^[a-z(]/u;

interface OpenFinding {
  section: SectionId;
  subsection: SubsectionId | null;
  parts: string[];
  items: string[];
  /** Whether the previous line was a page break or blank (a paragraph boundary). */
  fromBullet: boolean;
}

/**
 * Walks the letter's lines and returns its findings in order, with page-break repairs: a bullet
 * split by a page break is one finding; a lower-case line or "bullet" continues the previous
 * finding; a sub-bullet list under a lead-in ending in ':' stays inside its finding; a paragraph
 * with no bullet mark directly under a heading is a finding whose bullet mark was lost.
 */
export function collectFindings(lines: readonly Line[], span: [number, number], framework: Framework): RawFinding[] {
  const findings: RawFinding[] = [];
  const counters = new Map<string, number>();
  let section: SectionId | null = null;
  let subsection: SubsectionId | null = null;
  let open: OpenFinding | null = null;
  let blankBefore = false;

  const push = (f: OpenFinding, text: string) => {
    if (text.trim() === "") return;
    const key = `${f.section}/${f.subsection ?? ""}`;
    const index = counters.get(key) ?? 0;
    counters.set(key, index + 1);
    findings.push({ section: f.section, subsection: f.subsection, finding_index: index, text: text.trim() });
  };
  const flush = () => {
    if (!open) return;
    const lead = open.parts.reduce((a, b) => (a === "" ? b : joinWrapped(a, b)), "");
    push(open, open.items.length > 0 ? [lead, ...open.items.map((it) => `- ${it}`)].join("\n") : lead);
    open = null;
  };

  const start = (text: string, fromBullet: boolean) => {
    flush();
    if (section === null) return;
    open = { section, subsection: needsSubsection(section) ? subsection : null, parts: [text], items: [], fromBullet };
  };

  for (let i = span[0]; i < span[1]; i++) {
    const line = lines[i];
    if (!line) continue;
    if (line.kind === "blank" || line.kind === "pagebreak") {
      blankBefore = true;
      continue;
    }
    const heading = matchHeading(lines, i, framework);
    if (heading) {
      flush();
      i += heading.lines - 1;
      blankBefore = false;
      switch (heading.id) {
        case "strengths":
        case "development":
          if (section !== null && needsSubsection(section)) subsection = heading.id;
          break;
        case "end":
        case "outcome_2023":
          section = null;
          subsection = null;
          break;
        case "wsoa_intro":
          section = "significant_weaknesses";
          subsection = null;
          break;
        default:
          section = heading.id;
          subsection = null;
      }
      continue;
    }
    if (section === null || (needsSubsection(section) && subsection === null)) {
      blankBefore = false;
      continue;
    }
    const cur = open as OpenFinding | null;
    if (line.kind === "bullet" || line.kind === "subbullet") {
      const isItemOfLeadIn =
        cur !== null && section !== "significant_weaknesses" && (cur.items.length > 0 || /:$/.test(cur.parts.join(" ")));
      if (isItemOfLeadIn && (line.kind === "subbullet" || STARTS_LOWER.test(line.text))) {
        cur.items.push(line.text);
      } else if (cur !== null && section !== "significant_weaknesses" && STARTS_LOWER.test(line.text) && !isItemOfLeadIn) {
        // A lower-case "bullet" that is really the rest of the previous one.
        cur.parts.push(line.text);
      } else if (line.kind === "subbullet" && cur !== null) {
        cur.items.push(line.text);
      } else {
        start(line.text, true);
      }
    } else if (cur === null) {
      start(line.text, false);
    } else if (!blankBefore) {
      // A wrapped line of the same paragraph or bullet.
      appendText(cur, line.text);
    } else if (STARTS_LOWER.test(line.text) || !ENDS_SENTENCE.test(lastText(cur))) {
      // Page break inside a sentence: the rest of the previous finding.
      appendText(cur, line.text);
    } else if (PARAGRAPH_SECTIONS.has(section) || !cur.fromBullet) {
      start(line.text, false);
    } else {
      // A paragraph after a page break with no bullet mark, in a bulleted list: the rest of the
      // previous bullet (Westminster 2020, Islington 2021).
      appendText(cur, line.text);
    }
    blankBefore = false;
  }
  flush();
  return findings;
}

function appendText(f: OpenFinding, text: string): void {
  if (f.items.length > 0) {
    const last = f.items.length - 1;
    f.items[last] = joinWrapped(f.items[last] ?? "", text);
  } else {
    const last = f.parts.length - 1;
    f.parts[last] = joinWrapped(f.parts[last] ?? "", text);
  }
}

function lastText(f: OpenFinding): string {
  return (f.items.length > 0 ? f.items[f.items.length - 1] : f.parts[f.parts.length - 1]) ?? "";
}

function needsSubsection(section: SectionId): boolean {
  return section === "identifying" || section === "meeting" || section === "outcomes";
}

/**
 * A recommendations table whose header cell is the heading ("Areas for improvement", "Areas for
 * priority action") comes out of the PDF as one paragraph with its first row: "Areas for
 * improvement The local area partnership should ..." (East Sussex 2025, Middlesbrough 2023,
 * Stoke-on-Trent 2024, Kingston upon Hull 2024, Milton Keynes 2024, where no heading line stands
 * above the table). Such a line becomes the heading line and, after a blank, the row's text, so the
 * heading is matched and the recommendation is a finding of its own section.
 */
const GLUED_HEADING = /^(areas? for (?:improvements?|priority actions?))\s+(?=[A-Z])/i;

export function separateGluedHeadings(lines: readonly Line[]): Line[] {
  const out: Line[] = [];
  for (const line of lines) {
    const m = line.kind === "text" ? GLUED_HEADING.exec(line.text) : null;
    if (!m) {
      out.push(line);
      continue;
    }
    const rest = line.text.slice(m[0].length);
    out.push({ ...line, text: m[1]!, raw: m[1]! }, { kind: "blank", text: "", n: line.n, raw: "" }, { ...line, text: rest, raw: rest });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

/** Runs the structure steps over normalised text. Never throws on any string. */
export function detectStructure(text: string, source: string): DocumentStructure {
  const lines = separateGluedHeadings(cleanLines(text));
  const detection = detectKind(lines);
  const warnings = [...detection.warnings];
  const findings =
    detection.framework === null ? [] : collectFindings(lines, detection.span, detection.framework);
  if (detection.framework !== null && findings.length === 0) {
    warnings.push("inspection headings found but no findings under them");
  }
  const metadata = extractMetadata(lines, detection, source);
  return { kind: detection.kind, framework: detection.framework, metadata, findings, warnings };
}
