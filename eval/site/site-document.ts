/**
 * What the analysts' site shows about one document: the parsed letter, its classified sentences in
 * reading order, its summary, and the figures the pages and the workbook share (weakness share per
 * theme, display name, page name). Built once per document; every page reads from it.
 */
import type { ClassifiedSentence } from "../../models/classify.ts";
import { type LetterSummary, summarise } from "../../models/summary.ts";
import { type DocumentFields, documentFields } from "../../pipeline/document-fields.ts";
import { type LetterDocument, SENTIMENTS, type Sentiment, THEME_IDS, type ThemeId } from "../../pipeline/schema.ts";

export type SentimentCounts = Record<Sentiment, number>;

export interface SiteDocument {
  /** File stem of the document's page, unique within the site (`letter_id`, or `letter_id-2` for a second file with the same id). */
  page: string;
  /** Short readable name, unique within the site: "Medway 2024". */
  name: string;
  doc: LetterDocument;
  fields: DocumentFields;
  /** The classify rows of this document, in reading order. */
  rows: ClassifiedSentence[];
  summary: LetterSummary;
  /** Sentences per theme and sentiment, every theme in codebook order (zeros included). */
  themes: Record<ThemeId, SentimentCounts>;
  /** Weakness sentences / all sentences; null for a document without sentences. */
  weaknessShare: number | null;
  /** Link to the source file from a page one folder below the site root (letters/, areas/); null for standard input. */
  sourceHref: string | null;
}

/** A file read but not shown: not a letter, or a letter with no findings. */
export interface LeftOut {
  source: string;
  letter_id: string;
  reason: string;
}

const zero = (): SentimentCounts => ({ strength: 0, weakness: 0, neutral: 0 });

/** Sentences per theme and sentiment, every theme in codebook order. */
export function themeCounts(rows: readonly ClassifiedSentence[]): Record<ThemeId, SentimentCounts> {
  const out = Object.fromEntries(THEME_IDS.map((t) => [t, zero()])) as Record<ThemeId, SentimentCounts>;
  for (const r of rows) for (const t of r.themes) out[t][r.sentiment]++;
  return out;
}

/** Total sentences in a count record. */
export function total(c: SentimentCounts): number {
  return SENTIMENTS.reduce((n, s) => n + c[s], 0);
}

/**
 * Why a parsed document is left out of the site, or null when it is shown: a document with no
 * findings is not a letter we can show (a recipe, an invoice, a council report without the letter).
 */
export function leftOutReason(doc: LetterDocument): string | null {
  if (doc.findings.length > 0) return null;
  if (doc.kind === "council_report") return "a council report without an inspection letter in it: no findings";
  if (doc.kind === "unknown") return doc.warnings[0] ?? "not an inspection letter or report: no inspection headings found";
  return `no findings found (kind ${doc.kind})${doc.warnings[0] ? `: ${doc.warnings[0]}` : ""}`;
}

function year(doc: LetterDocument): string | null {
  const d = doc.metadata.inspection_start ?? doc.metadata.letter_date;
  return d === null ? null : d.slice(0, 4);
}

/**
 * Builds the site's documents from parsed letters and their classify rows (in the order given),
 * giving each a unique page name and display name.
 */
export function siteDocuments(items: readonly { doc: LetterDocument; rows: ClassifiedSentence[]; sourceHref: string | null }[]): SiteDocument[] {
  const pages = new Set<string>();
  const names = new Set<string>();
  const unique = (base: string, taken: Set<string>, join: (b: string, n: number) => string) => {
    let v = base;
    for (let n = 2; taken.has(v); n++) v = join(base, n);
    taken.add(v);
    return v;
  };
  return items.map(({ doc, rows, sourceHref }) => {
    const y = year(doc);
    const summary = summarise(rows, [doc.letter_id])[0]!;
    return {
      page: unique(doc.letter_id, pages, (b, n) => `${b}-${n}`),
      name: unique(doc.metadata.local_area && y ? `${doc.metadata.local_area} ${y}` : doc.letter_id, names, (b, n) => `${b} (${n})`),
      doc,
      fields: documentFields(doc),
      rows,
      summary,
      themes: themeCounts(rows),
      weaknessShare: rows.length === 0 ? null : summary.totals.weakness / rows.length,
      sourceHref,
    };
  });
}

/** A file-name-safe slug of an area name: "Barking and Dagenham" → "barking-and-dagenham". */
export function areaSlug(area: string): string {
  return area
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "") || "area";
}

/**
 * Areas with more than one document, each with its documents oldest first (by inspection start,
 * else letter date). Areas are matched on the name the documents give, ignoring case, "&"/"and"
 * and punctuation ("Telford & Wrekin" = "Telford and Wrekin").
 */
export function repeatAreas(docs: readonly SiteDocument[]): { slug: string; area: string; docs: SiteDocument[] }[] {
  const groups = new Map<string, SiteDocument[]>();
  for (const d of docs) {
    const area = d.doc.metadata.local_area;
    if (area === null) continue;
    const slug = areaSlug(area);
    groups.set(slug, [...(groups.get(slug) ?? []), d]);
  }
  const when = (d: SiteDocument) => d.doc.metadata.inspection_start ?? d.doc.metadata.letter_date ?? "";
  return [...groups.entries()]
    .filter(([, ds]) => ds.length > 1)
    .map(([slug, ds]) => ({ slug, area: ds[0]!.doc.metadata.local_area!, docs: [...ds].sort((a, b) => when(a).localeCompare(when(b)) || a.page.localeCompare(b.page)) }))
    .sort((a, b) => a.slug.localeCompare(b.slug));
}
