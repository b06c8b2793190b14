/**
 * The analysts' site as a list of files: `index.html`, `letters/<page>.html` per document, and
 * `areas/<slug>.html` per area with more than one document. Pure: the caller writes the files.
 */
import { areaPage, indexPage, letterPage, type SkippedFile } from "./pages.ts";
import { type LeftOut, repeatAreas, type SiteDocument } from "./site-document.ts";

export interface SiteFile {
  /** Path inside the site folder, with "/" separators. */
  path: string;
  content: string;
}

export interface SiteInput {
  title: string;
  docs: readonly SiteDocument[];
  leftOut: readonly LeftOut[];
  skipped: readonly SkippedFile[];
  /** The model file, as named to the user. */
  model: string;
  /** The workbook's file name beside index.html, or null when there is none. */
  workbook: string | null;
}

/**
 * Returns every page of the site. Deterministic: the same input gives the same files, in the same
 * order (index first).
 *
 * @example
 * const files = await renderSite({ title: "SEND findings", docs, leftOut: [], skipped: [], model: "models/send-findings.json", workbook: "findings.xlsx" });
 * files.map((f) => f.path) // ["index.html", "letters/medway-2017.html", "letters/medway-2024.html", "areas/medway.html"]
 */
export async function renderSite(input: SiteInput): Promise<SiteFile[]> {
  const areas = repeatAreas(input.docs);
  const areaOf = new Map<string, string>();
  for (const a of areas) for (const d of a.docs) areaOf.set(d.page, a.slug);
  const files: SiteFile[] = [{ path: "index.html", content: await indexPage({ ...input, areas }) }];
  for (const d of input.docs) files.push({ path: `letters/${d.page}.html`, content: await letterPage(d, areaOf.get(d.page) ?? null) });
  for (const a of areas) files.push({ path: `areas/${a.slug}.html`, content: await areaPage(a.area, a.docs) });
  return files;
}
