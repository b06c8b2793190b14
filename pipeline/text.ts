/**
 * Text helpers shared by the PDF and structure stages.
 */

/**
 * Prefixes that make real compounds in this prose ("self-evaluation", "neuro-developmental",
 * "co-production", "post-16"). Short on purpose: "re", "de", "pre", "inter" also start ordinary
 * words that a typesetter might break ("pre-vious"), so they are left to the other rules.
 */
export const COMPOUND_PREFIX = /^(?:self|neuro|co|post|non|multi|cross|well|long|short|full|part|high|low|one|two|three|age|year)$/;
/** Endings that cannot stand as words: what follows a soft hyphen in a broken word ("commis-sioning"). */
export const SUFFIX_FRAGMENT = /^(?:(?:tion|sion|ment|ness|ship|ance|ence)\w*|(?:ation|ity|ities|ency|ancy|able|ible|ous|ive|ful|less|ally|ing|ings|ed|er|ers|ly|ise|ize|ised|ized|ising|izing|ist|ists|ism)$)/;

/**
 * Joins two wrapped lines of one paragraph. A hyphen at the end of the first line is kept when the
 * pieces form a real compound and dropped when it splits one word. The rule, first match wins:
 *   1. the second piece starts with a digit or capital → keep ("post-" + "16", "Covid-" + "19");
 *   2. the first piece already holds a hyphen, slash, dot or @ → keep ("up-to-" + "date", URLs);
 *   3. the document spells the pair with a hyphen elsewhere → keep;
 *   4. the first piece is a compound prefix → keep ("neuro-" + "developmental", "self-" + "evaluation");
 *   5. the second piece is an ending that is no word on its own → drop ("commis-" + "sioning");
 *   6. the document spells the pair as one word elsewhere and never uses the second piece as a
 *      word of its own → drop ("chil-" + "dren" where "children" occurs and "dren" does not);
 *   7. otherwise keep. The 2023 reports are typeset without automatic hyphenation, so every hyphen
 *      at a line end in them is one the inspectors typed ("system-" + "wide", "long-" + "term").
 *
 * @example joinWrapped("support for neuro-", "developmental needs") // "support for neuro-developmental needs"
 * @example joinWrapped("joint commis-", "sioning of services") // "joint commissioning of services"
 * @example joinWrapped("a system-", "wide approach") // "a system-wide approach"
 */
export function joinWrapped(a: string, b: string, words: ReadonlySet<string> = new Set()): string {
  if (a.endsWith("\u00ad")) return a.slice(0, -1) + b; // a soft hyphen says so itself
  if (!a.endsWith("-")) return `${a} ${b}`;
  // Only the last token matters; matching on all of `a` would rescan the paragraph at every line.
  const head = /^(\S*?)(\p{L}+)-$/u.exec(a.slice(a.lastIndexOf(" ") + 1));
  const tail = /^[\p{L}\d]+/u.exec(b)?.[0];
  if (!head || tail === undefined) return `${a} ${b}`;
  const before = head[1] ?? "";
  const left = (head[2] ?? "").toLowerCase();
  const right = tail.toLowerCase();
  const keep = (): boolean => {
    if (/^[\p{Lu}\d]/u.test(tail)) return true;
    if (/[-/.@]/.test(before)) return true;
    if (words.has(`${left}-${right}`)) return true;
    if (COMPOUND_PREFIX.test(left)) return true;
    if (SUFFIX_FRAGMENT.test(right)) return false;
    return !(words.has(left + right) && !words.has(right));
  };
  return keep() ? a + b : a.slice(0, -1) + b;
}
