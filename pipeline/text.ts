/**
 * Small text helpers shared by the PDF and structure stages.
 */

/**
 * Prefixes that form real hyphenated compounds in this prose ("neuro-developmental",
 * "self-evaluation", "post-16", "co-production"): a line break after one keeps its hyphen.
 */
const COMPOUND_PREFIX = /\b(?:self|neuro|post|pre|co|non|multi|well|long|short|full|part|cross|early|one|two|three|high|low|under|over|age|sub|inter|face|decision|up|out|follow|sign|year|time|school|child|person|family|evidence|health|short-|life)-$/i;

/**
 * Joins a line to the next one of the same paragraph. A word hyphenated across the line end loses
 * its hyphen ("commis-" + "sioning" → "commissioning") unless the first part is a compound prefix
 * ("neuro-" + "developmental" → "neuro-developmental") or the next part starts with a digit or
 * capital ("post-" + "16", "Covid-" + "19").
 *
 * @example joinWrappedLine("support for neuro-", "developmental needs") // "support for neuro-developmental needs"
 */
export function joinWrappedLine(a: string, b: string): string {
  if (/[A-Za-z]-$/.test(a) && /^[A-Za-z0-9]/.test(b)) {
    if (COMPOUND_PREFIX.test(a) || /^[A-Z0-9]/.test(b)) return a + b;
    return /[a-z]-$/.test(a) && /^[a-z]/.test(b) ? a.slice(0, -1) + b : a + b;
  }
  return `${a} ${b}`;
}

/**
 * A line that opens a recommendation ("Leaders across the partnership should ...", "ICB leaders
 * must ..."). In 2023 reports, recommendation tables with ruled borders leave no gap between rows,
 * so a row's first line is known by this opening after a line that ended a sentence.
 */
export const RECOMMENDATION_START =
  /^(?:(?:The|All|Local|Area|Partnership|Strategic|Senior|Health|Education|Integrated|Children’s|Children's|NHS|ICB|[A-Z][a-z]+)\s+){0,4}(?:[Ll]eaders|[Pp]artnership|[Pp]artners|[Cc]ommissioners|ICB|[Cc]ouncil|[Ll]ocal authority|LAP)\b[^.:]{0,80}?\b(?:should|must|need to)\b/;
