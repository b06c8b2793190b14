/**
 * Document metadata (codebook: the report's judgement, dates and the previous and next inspection
 * belong in the document's metadata, not in any finding): area, letter and inspection dates, the
 * 2023 framework's outcome, lead inspector. Reads the lines `structure.ts` cleaned and the kind it
 * detected; never throws on any text (a field it cannot find is null and listed in `missing`).
 */
import type { Metadata, MetadataField } from "./schema.ts";
import { METADATA_FIELDS } from "./schema.ts";
import type { Line } from "./lines.ts";
import type { Framework } from "./schema.ts";

/** The title line of a 2016–22 outcome letter ("Joint local area SEND inspection in <area>"). */
export const RE_LETTER_TITLE = /^joint (?:local )?area send inspection in\b/i;

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH_RE = "(January|February|March|April|May|June|July|August|September|October|November|December)";
/** What separates the two dates of a range: "to", "and", a dash, "until". */
const RANGE_SEP = "\\s*(?:to|and|-|–|until)\\s*";
// Built once: "12 March 2018 to 16 March 2018", "27 February to 3 March 2023", "15 to 19 May 2023".
const RE_RANGE_FULL = new RegExp(`(\\d{1,2})\\s+${MONTH_RE}\\s+(\\d{4})${RANGE_SEP}(\\d{1,2})\\s+${MONTH_RE}\\s+(\\d{4})`, "i");
const RE_RANGE_TWO_MONTHS = new RegExp(`(\\d{1,2})\\s+${MONTH_RE}${RANGE_SEP}(\\d{1,2})\\s+${MONTH_RE}\\s+(\\d{4})`, "i");
const RE_RANGE_ONE_MONTH = new RegExp(`(\\d{1,2})${RANGE_SEP}(\\d{1,2})\\s+${MONTH_RE}\\s+(\\d{4})`, "i");
const RE_FIRST_DATE = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_RE}\\s+(\\d{4})\\b`, "i");
const RE_DATE_LINE = new RegExp(`^\\d{1,2}\\s+${MONTH_RE}\\s+\\d{4}$`, "i");

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
  const full = RE_RANGE_FULL.exec(text);
  if (full) {
    const a = iso(full[1]!, full[2]!, full[3]!);
    const b = iso(full[4]!, full[5]!, full[6]!);
    return a && b ? [a, b] : null;
  }
  const twoMonths = RE_RANGE_TWO_MONTHS.exec(text);
  if (twoMonths) {
    const y = Number(twoMonths[5]);
    const m1 = MONTHS.indexOf(twoMonths[2]!.toLowerCase());
    const m2 = MONTHS.indexOf(twoMonths[4]!.toLowerCase());
    const a = iso(twoMonths[1]!, twoMonths[2]!, m1 > m2 ? y - 1 : y);
    const b = iso(twoMonths[3]!, twoMonths[4]!, y);
    return a && b ? [a, b] : null;
  }
  const oneMonth = RE_RANGE_ONE_MONTH.exec(text);
  if (oneMonth) {
    const a = iso(oneMonth[1]!, oneMonth[3]!, oneMonth[4]!);
    const b = iso(oneMonth[2]!, oneMonth[3]!, oneMonth[4]!);
    return a && b ? [a, b] : null;
  }
  return null;
}

function firstDate(text: string): string | null {
  const m = RE_FIRST_DATE.exec(text);
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
export function extractMetadata(lines: readonly Line[], detection: { framework: Framework | null; span: [number, number] }, source: string): Metadata {
  const md = emptyMetadata();
  const [from, to] = detection.span;
  const body = lines.slice(from, to);
  const paragraphs = body.filter((l) => l.kind !== "blank").map((l) => l.text);
  const joined = paragraphs.join("\n");

  if (detection.framework === "2016") {
    const title = paragraphs.find((t) => RE_LETTER_TITLE.test(t));
    if (title) md.local_area = title.replace(RE_LETTER_TITLE, "").trim() || null;
    const dateLine = paragraphs.slice(0, 30).find((t) => RE_DATE_LINE.test(t));
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
    // "Date(s) of previous inspection:", "Dates of previous inspections:" (Durham 2024).
    const prev = paragraphs.find((t) => /^dates? of previous inspections?:/i.test(t));
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
/**
 * The Ofsted lead inspector(s) of a 2023 report's inspection team, name only (no honorific, no
 * "HMI": "Jo Petch HMI, Ofsted Lead inspector" → "Jo Petch"). A team led by two Ofsted inspectors
 * (Rotherham 2024, Telford and Wrekin 2023) gives both, in the order listed, joined by "; ". CQC
 * leads are not Ofsted's and are never taken.
 */
function leadInspector2023(paragraphs: readonly string[]): string | null {
  const re = /((?:[A-Z][A-Za-z'’-]+ ){1,3}[A-Z][A-Za-z'’-]+),?\s+(?:HMI,?\s+)?(?:Ofsted,?\s+)?(?:HMI,?\s+)?[Ll]ead\b/g;
  const leads: string[] = [];
  for (const p of paragraphs) {
    for (const m of p.matchAll(re)) {
      if (!/\b(?:HMI|Ofsted)\b/.test(m[0].slice((m[1] ?? "").length))) continue;
      const words = (m[1] ?? "").split(" ");
      while (words.length > 0 && NOT_NAME.has(words[0]!)) words.shift();
      while (words.length > 0 && words[words.length - 1] === "HMI") words.pop();
      const name = words.join(" ");
      if (words.length >= 2 && !leads.includes(name)) leads.push(name);
    }
  }
  return leads.length > 0 ? leads.join("; ") : null;
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

