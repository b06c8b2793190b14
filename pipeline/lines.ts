/**
 * Lines stage: normalised document text → classified lines (blank, bullet, sub-bullet, text, page
 * break), with Markdown and HTML residue removed. The first step of `structure.ts`.
 */

export type LineKind = "blank" | "bullet" | "subbullet" | "text" | "pagebreak";

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

