/**
 * Structure stage: normalised document text → document kind, metadata and findings in order.
 * Findings carry their section/subsection as `../shared/codebook.md` defines them for both
 * frameworks. Sentences are filled in by the sentence stage (see `read.ts`).
 *
 * The stage is a chain of small pure steps:
 *   1. `cleanLines`      — strip Markdown/HTML residue, classify each line (blank, bullet, sub-bullet, text).
 *   2. `detectKind`      — outcome letter, 2023 report, committee report, council report or unknown.
 *   3. `locateLetter`    — for a committee report, the span of the letter it reproduces.
 *   4. `collectFindings` — walk headings and lines, repairing page breaks into whole findings.
 *   5. `extractMetadata` — dates, area, outcome and so on; a field not found is reported missing.
 */
import type { DocumentKind, Framework, Metadata, MetadataField, SectionId, SubsectionId } from "./schema.ts";
import { METADATA_FIELDS } from "./schema.ts";
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
// 1. Lines

type LineKind = "blank" | "bullet" | "subbullet" | "text" | "pagebreak";

export interface Line {
  kind: LineKind;
  /** The line's text with its bullet mark and residue removed, white space collapsed. */
  text: string;
  /** 0-based line number in the input. */
  n: number;
  /** The line with residue removed but its tabs and spacing kept (sign-off tables are tab-separated). */
  raw: string;
}

/** Bullet marks seen in the extractions: `-`, `■`, `◼`, `•`, `▪`, `●`, `*`, `–`. */
const BULLET = /^(\s*)([-■◼•▪●*–·]|\uf0b7|\uf0a7)\s+/u;

/**
 * Removes Markdown and HTML residue from one line: `**bold**`, `#### heading`, `<sup>1</sup>`
 * footnote markers, other tags and common entities (Medway 2017 and the 2019 progress report carry
 * these).
 */
export function stripResidue(line: string): string {
  // Removing one piece can join two others into new residue ("_**_" → "__"), so repeat until stable.
  let prev = line;
  for (let i = 0; i < 8; i++) {
    const next = stripResidueOnce(prev);
    if (next === prev) return next;
    prev = next;
  }
  return prev;
}

function stripResidueOnce(line: string): string {
  return line
    .replace(/<sup>[^<]*<\/sup>/gi, "")
    .replace(/<[^>\n]{1,40}>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/^\s*#{1,6}\s+/, "")
    .replace(/\*\*|__/g, "")
    .replace(/[\u00ad\u200b\ufeff]/g, "");
}

/** Splits text into classified lines. Page breaks (form feeds) become their own line kind. */
export function cleanLines(text: string): Line[] {
  const out: Line[] = [];
  const raw = text.split("\n");
  for (let n = 0; n < raw.length; n++) {
    const original = raw[n] ?? "";
    if (original.includes("\f") && original.replace(/\f/g, "").trim() === "") {
      out.push({ kind: "pagebreak", text: "", n, raw: "" });
      continue;
    }
    const line = stripResidue(original.replace(/\f/g, ""));
    const m = BULLET.exec(line);
    if (m) {
      const indent = (m[1] ?? "").replace(/\t/g, "    ").length;
      const body = collapse(line.slice(m[0].length));
      if (body === "") {
        out.push({ kind: "blank", text: "", n, raw: line });
        continue;
      }
      out.push({ kind: indent > 0 ? "subbullet" : "bullet", text: body, n, raw: line });
      continue;
    }
    const body = collapse(line);
    out.push({ kind: body === "" ? "blank" : "text", text: body, n, raw: line });
  }
  return out;
}

function collapse(s: string): string {
  return s.replace(/\s+/g, " ").trim();
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
const RE_LETTER_TITLE = /^joint (?:local )?area send inspection in\b/i;
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

// ---------------------------------------------------------------------------------------------
// 5. Metadata

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH_RE = "(January|February|March|April|May|June|July|August|September|October|November|December)";

function iso(day: string | number, month: string, year: string | number): string | null {
  const m = MONTHS.indexOf(month.toLowerCase());
  const d = Number(day);
  if (m < 0 || !(d >= 1 && d <= 31)) return null;
  return `${String(year)}-${String(m + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/**
 * Parses a date range as the letters write it: "15 to 19 May 2023", "27 February to 3 March
 * 2023", "12 March 2018 and 16 March 2018", "4 - 8 December 2017", "30 November 2023 to 4
 * December 2023". Returns null when the text holds no such range.
 */
export function parseDateRange(text: string): [string, string] | null {
  const sep = "\\s*(?:to|and|-|–|until)\\s*";
  const full = new RegExp(`(\\d{1,2})\\s+${MONTH_RE}\\s+(\\d{4})${sep}(\\d{1,2})\\s+${MONTH_RE}\\s+(\\d{4})`, "i").exec(text);
  if (full) {
    const a = iso(full[1]!, full[2]!, full[3]!);
    const b = iso(full[4]!, full[5]!, full[6]!);
    return a && b ? [a, b] : null;
  }
  const twoMonths = new RegExp(`(\\d{1,2})\\s+${MONTH_RE}${sep}(\\d{1,2})\\s+${MONTH_RE}\\s+(\\d{4})`, "i").exec(text);
  if (twoMonths) {
    const y = Number(twoMonths[5]);
    const m1 = MONTHS.indexOf(twoMonths[2]!.toLowerCase());
    const m2 = MONTHS.indexOf(twoMonths[4]!.toLowerCase());
    const a = iso(twoMonths[1]!, twoMonths[2]!, m1 > m2 ? y - 1 : y);
    const b = iso(twoMonths[3]!, twoMonths[4]!, y);
    return a && b ? [a, b] : null;
  }
  const oneMonth = new RegExp(`(\\d{1,2})${sep}(\\d{1,2})\\s+${MONTH_RE}\\s+(\\d{4})`, "i").exec(text);
  if (oneMonth) {
    const a = iso(oneMonth[1]!, oneMonth[3]!, oneMonth[4]!);
    const b = iso(oneMonth[2]!, oneMonth[3]!, oneMonth[4]!);
    return a && b ? [a, b] : null;
  }
  return null;
}

function firstDate(text: string): string | null {
  const m = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_RE}\\s+(\\d{4})\\b`, "i").exec(text);
  return m ? iso(m[1]!, m[2]!, m[3]!) : null;
}

/** Publication date from a 2023 report's file name, `<area>__<dd-month-yyyy>.pdf`. */
export function dateFromFileName(source: string): string | null {
  const m = /__(\d{1,2})-([a-z]+)-(\d{4})(?:\.[a-z]+)?$/i.exec(source);
  return m ? iso(m[1]!, m[2]!, m[3]!) : null;
}

function emptyMetadata(): Omit<Metadata, "missing"> {
  return {
    local_area: null,
    letter_date: null,
    inspection_start: null,
    inspection_end: null,
    wsoa_required: null,
    lead_inspector: null,
    outcome: null,
    previous_inspection_start: null,
    previous_inspection_end: null,
    next_inspection: null,
  };
}

const FIELDS_2016: readonly MetadataField[] = ["local_area", "letter_date", "inspection_start", "inspection_end", "wsoa_required", "lead_inspector"];
const FIELDS_2023: readonly MetadataField[] = [
  "local_area",
  "letter_date",
  "inspection_start",
  "inspection_end",
  "lead_inspector",
  "outcome",
  "previous_inspection_start",
  "previous_inspection_end",
  "next_inspection",
];

/** Extracts metadata from the letter's lines; fields the framework has but the text lacks are `missing`. */
export function extractMetadata(lines: readonly Line[], detection: KindDetection, source: string): Metadata {
  const md = emptyMetadata();
  const [from, to] = detection.span;
  const body = lines.slice(from, to);
  const paragraphs = body.filter((l) => l.kind !== "blank").map((l) => l.text);
  const joined = paragraphs.join("\n");

  if (detection.framework === "2016") {
    const title = paragraphs.find((t) => RE_LETTER_TITLE.test(t));
    if (title) md.local_area = title.replace(RE_LETTER_TITLE, "").trim() || null;
    const dateLine = paragraphs.slice(0, 30).find((t) => new RegExp(`^\\d{1,2}\\s+${MONTH_RE}\\s+\\d{4}$`, "i").test(t));
    md.letter_date = dateLine ? firstDate(dateLine) : null;
    const between = paragraphs.find((t) => /\b(?:between|from)\b.*\bofsted and the care quality commission\b/i.test(t));
    const range = between ? parseDateRange(between) : null;
    if (range) [md.inspection_start, md.inspection_end] = range;
    const signedOff = paragraphs.some((t) => /^yours sincerely/i.test(t));
    md.wsoa_required = /required to (?:produce and )?submit a written statement of action/i.test(joined) ? true : signedOff ? false : null;
    md.lead_inspector = leadInspector2016(body.map((l) => l.raw));
  } else if (detection.framework === "2023") {
    const title = /area send inspection of (?:the )?(.+?) local area partnership/i.exec(joined.replace(/\n/g, " "));
    md.local_area = title?.[1]?.trim() ?? null;
    md.letter_date = dateFromFileName(source);
    const dates = paragraphs.find((t) => /^inspection dates?:/i.test(t));
    const range = dates ? parseDateRange(dates) : null;
    if (range) [md.inspection_start, md.inspection_end] = range;
    const prev = paragraphs.find((t) => /^dates? of previous inspection:/i.test(t));
    const prevRange = prev ? parseDateRange(prev) : null;
    if (prevRange) [md.previous_inspection_start, md.previous_inspection_end] = prevRange;
    // Bedford 2025 gives one date ("The previous full inspection was on 19 March 2018."): the start
    // is known, the end is not, and stays missing.
    else if (prev) md.previous_inspection_start = firstDate(prev);
    md.outcome = outcome2023(joined.replace(/\n/g, " "));
    md.next_inspection = nextInspection(joined.replace(/\n/g, " "));
    md.lead_inspector = leadInspector2023(paragraphs);
  }

  const expected = detection.framework === "2016" ? FIELDS_2016 : detection.framework === "2023" ? FIELDS_2023 : [];
  const missing = METADATA_FIELDS.filter((f) => expected.includes(f) && md[f] === null);
  return { ...md, missing };
}

/**
 * When the next inspection is due, in the report's words: the full (re)inspection and, after
 * systemic failings, the monitoring inspection ("A monitoring inspection will be carried out within
 * approximately 18 months. The next full reinspection will be within approximately three years.").
 */
function nextInspection(text: string): string | null {
  const parts: string[] = [];
  const monitoring = /monitoring inspection will be carried out (within [^.]+)\./i.exec(text);
  if (monitoring?.[1]) parts.push(`monitoring inspection ${monitoring[1].trim()}`);
  // "The next full reinspection will be within …", "The next full area SEND inspection will take place within …"
  const full = /next full ((?:area send )?(?:re)?inspection) will (?:be|take place) (within [^.]+)\./i.exec(text);
  if (full?.[2]) parts.push(monitoring ? `full ${full[1]!.replace(/^area send/i, "area SEND")} ${full[2].trim()}` : full[2].trim());
  return parts.length > 0 ? parts.join("; ") : null;
}

const NOT_NAME = new Set(["Ofsted", "Care", "Quality", "Commission", "Mr", "Mrs", "Ms", "Miss", "Dr", "Inspection", "Team"]);

/**
 * The Ofsted lead inspector of a 2023 report, from the inspection team list, which words it in
 * several ways: "Dave Gilkerson, Ofsted HMI lead inspector", "Charlie Fordham, HMI, Lead
 * inspector", "Sam Hainey, Ofsted Lead Inspector", "Leanne Thirlby HMI, Ofsted lead inspector".
 * The CQC lead is never taken.
 */
function leadInspector2023(paragraphs: readonly string[]): string | null {
  const re = /((?:[A-Z][A-Za-z'’-]+ ){1,3}[A-Z][A-Za-z'’-]+),?\s+(?:HMI,?\s+)?(?:Ofsted,?\s+)?(?:HMI,?\s+)?[Ll]ead\b/g;
  for (const p of paragraphs) {
    for (const m of p.matchAll(re)) {
      if (!/\b(?:HMI|Ofsted)\b/.test(m[0].slice((m[1] ?? "").length))) continue;
      const words = (m[1] ?? "").split(" ");
      while (words.length > 0 && NOT_NAME.has(words[0]!)) words.shift();
      if (words.length >= 2) return words.join(" ");
    }
  }
  return null;
}

function outcome2023(text: string): Metadata["outcome"] {
  if (/widespread and\/or systemic failings/i.test(text)) return "systemic_failings";
  if (/arrangements lead to inconsistent experiences and outcomes/i.test(text)) return "inconsistent";
  if (/arrangements typically lead to positive experiences and outcomes/i.test(text)) return "positive";
  return null;
}

/**
 * The lead inspector of a 2016–22 letter. The sign-off table names them either on the same line
 * ("Philip Garnham HMI Lead Inspector") or above their title ("Sam Hainey\tTahir Hussain" over
 * "HMI Lead Inspector\tCQC Inspector").
 */
function leadInspector2016(lines: readonly string[]): string | null {
  const raw = lines;
  for (let i = 0; i < raw.length; i++) {
    const cell = (raw[i] ?? "").split(/\t| {3,}/)[0]?.trim() ?? "";
    const same = /^(.+?),?\s+HMI,?\s+lead inspector$/i.exec(cell);
    if (same?.[1]) return same[1].trim();
    if (/^HMI,?\s+lead inspector$/i.test(cell) && i > 0) {
      const above = (raw[i - 1] ?? "").split(/\t| {3,}/)[0]?.trim();
      if (above) return above;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------

/** Runs the structure steps over normalised text. Never throws on any string. */
export function detectStructure(text: string, source: string): DocumentStructure {
  const lines = cleanLines(text);
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
