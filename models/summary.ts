/**
 * Per-letter and cross-letter summaries of classified sentences: counts by section and by theme,
 * the themes with the most weaknesses, and a comparison across letters.
 */
import { SENTIMENTS, type Sentiment, THEME_IDS, type ThemeId } from "../pipeline/schema.ts";
import type { ClassifiedSentence } from "./classify.ts";

type Counts = Record<Sentiment, number>;

export interface LetterSummary {
  letter_id: string;
  sentences: number;
  findings: number;
  totals: Counts;
  by_section: { section: string; counts: Counts }[];
  by_theme: { theme: ThemeId; counts: Counts }[];
  /** Themes ordered by number of weakness sentences (ties: codebook order), those with at least one. */
  top_weakness_themes: { theme: ThemeId; weaknesses: number }[];
  /** Share of findings rolled up as strength / weakness / mixed / neutral. */
  rollups: Record<string, number>;
}

const zero = (): Counts => ({ strength: 0, weakness: 0, neutral: 0 });

/**
 * Summarises classified sentences letter by letter: the letters named in `letters` (in that order;
 * one without findings gets an all-zero summary rather than vanishing from a comparison), else those
 * the rows hold, in first-seen order.
 */
export function summarise(rows: readonly ClassifiedSentence[], letters: readonly string[] = rows.map((r) => r.letter_id)): LetterSummary[] {
  return [...new Set(letters)].map((letter_id) => {
    const mine = rows.filter((r) => r.letter_id === letter_id);
    const totals = zero();
    const sections = new Map<string, Counts>();
    const themes = new Map<ThemeId, Counts>(THEME_IDS.map((t) => [t, zero()]));
    const findings = new Map<string, string>();
    for (const r of mine) {
      totals[r.sentiment]++;
      const sec = `${r.section ?? "sentences"}${r.subsection ? `/${r.subsection}` : ""}`;
      const c = sections.get(sec) ?? zero();
      c[r.sentiment]++;
      sections.set(sec, c);
      for (const t of r.themes) themes.get(t)![r.sentiment]++;
      if (r.finding_index !== null) findings.set(`${sec}|${r.finding_index}`, r.finding_rollup ?? "neutral");
    }
    const rollups: Record<string, number> = { strength: 0, weakness: 0, mixed: 0, neutral: 0 };
    for (const v of findings.values()) rollups[v] = (rollups[v] ?? 0) + 1;
    const byTheme = THEME_IDS.map((theme) => ({ theme, counts: themes.get(theme)! })).filter((t) => SENTIMENTS.some((s) => t.counts[s] > 0));
    return {
      letter_id,
      sentences: mine.length,
      findings: findings.size,
      totals,
      by_section: [...sections.entries()].map(([section, counts]) => ({ section, counts })),
      by_theme: byTheme,
      top_weakness_themes: byTheme
        .filter((t) => t.counts.weakness > 0)
        .sort((a, b) => b.counts.weakness - a.counts.weakness || THEME_IDS.indexOf(a.theme) - THEME_IDS.indexOf(b.theme))
        .map((t) => ({ theme: t.theme, weaknesses: t.counts.weakness })),
      rollups,
    };
  });
}
