/** Browser checks shared by the report's page tests. */
import type { Page } from "playwright-core";

/**
 * Every text of every chart on the page that sticks out of its chart's box, in the browser's real
 * font (chart widths are estimated in Node), as `"<chart label>: \"<text>\""`; empty when all fit.
 */
export async function chartTextOverflows(page: Page): Promise<string[]> {
  return page.$$eval("svg", (svgs) =>
    svgs.flatMap((svg) => {
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll("text")]
        .map((t) => ({ text: t.textContent ?? "", r: t.getBoundingClientRect() }))
        .filter(({ r }) => r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        .map(({ text }) => `${svg.getAttribute("aria-label")}: "${text}"`);
    }),
  );
}
