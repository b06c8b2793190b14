import { describe, expect, test } from "vitest";
import { assertIdempotent, assertTokenOffsets } from "./testing/invariants.ts";
import { defaultReportsDirs, documentPath, loadDocumentList, readDocumentCached } from "./labels/corpus.ts";
import { sentenceRecords } from "./schema.ts";
import { normaliseVariants, tokenBuffer, tokenize, tokenizeByRegex, Tokenizer } from "./tokens.ts";

const norms = (s: string) => tokenize(s).map((t) => t.norm);

describe("normaliseVariants: one canonical token per variant", () => {
  test.each([
    // SENCo spellings (Westminster 2020 "SENcos", City of London "SENCOs").
    ["SENCo SENCO SENCos SENCOs SENcos", "senco senco senco senco senco"],
    ["special educational needs coordinators (SENcos)", "senco"],
    ["special educational needs co-ordinator (SENCO)", "senco"],
    // A possessive stays; the variant inside it is folded.
    ["the SENCo's role", "the senco's role"],
    // EHC plan spellings, with and without the bracketed acronym, with and without the comma (Medway 2017).
    ["EHC plan, EHC plans, EHCP, EHCPs", "ehcp, ehcp, ehcp, ehcp"],
    ["education, health and care (EHC) plans", "ehcp"],
    ["Education, Health and Care plan", "ehcp"],
    ["the quality of education health and care plans; and", "the quality of ehcp; and"],
    // The phrase without "plan" is its own token.
    ["Education, Health and Care (EHC) needs assessments", "ehc needs assessments"],
    // "EHC planning" is not "EHC plan".
    ["EHC planning", "EHC planning"],
    // Co-production: nouns and verbs each fold to one spelling.
    ["co-production, coproduction, Co-production", "coproduction, coproduction, coproduction"],
    ["co-produce, co-produced, coproduce, co-producing", "coproduce, coproduce, coproduce, coproduce"],
    // SENDIASS and the phrases for it (City of London 2018, Islington 2021, Medway 2017, Westminster 2020).
    ["SENDIASS SENDIAS IASS", "sendiass sendiass sendiass"],
    ["The independent information advice and support service (SENDIASS) is effective.", "The sendiass is effective."],
    ["the special educational needs and/or disabilities information, advisory and support service (SENDIASS)", "the sendiass"],
    ["the Special Educational Needs and Disability Information, Advice and Support Service (SENDIASS)", "the sendiass"],
    ["the special educational needs and disability information and advice service", "the sendiass"],
    // "information, advice and guidance" is not the service.
    ["information, advice and guidance", "information, advice and guidance"],
    // CAMHS (City of London 2018 "children and adolescent mental health (CAMHS)").
    ["child and adolescent mental health services (CAMHS)", "camhs"],
    ["children and adolescent mental health (CAMHS) assessment", "camhs assessment"],
    ["CAMHS", "camhs"],
    // Autism.
    ["autism spectrum disorder (ASD), ASD, autism spectrum condition, ASC, autistic spectrum disorder", "autism, autism, autism, autism, autism"],
    // SEND; the verb "send" and "SEN support" stay as they are.
    ["special educational needs and/or disabilities (SEND)", "send"],
    ["SEN and/or disabilities and SEND", "send and send"],
    ["Leaders send letters about SEN support.", "Leaders send letters about SEN support."],
    // "local offer" stays two words.
    ["the local offer", "the local offer"],
    ["well-being and wellbeing", "wellbeing and wellbeing"],
    // Parent carer forum (Westminster 2020 "parent and carer forum", Medway 2017 "(MPCF)").
    ["the parent carer forum (PCF), the parent and carer forum, Medway Parent Carer Forum (MPCF)", "the pcf, the pcf, Medway pcf"],
    ["Written Statement of Action (WSOA), written statement of action, WSOA", "wsoa, wsoa, wsoa"],
    // Others found in the letters.
    ["The designated medical officer (DMO) and the DCO", "The dmo and the dco"],
    ["Clinical Commissioning Group (CCG), CCGs, integrated care board (ICB)", "ccg, ccg, icb"],
    ["general practitioners (GPs) and attention deficit hyperactivity disorder (ADHD)", "gp and adhd"],
    // Phrases wrapped across a line.
    ["education, health and\ncare plans", "ehcp"],
    // No variant inside a longer word.
    ["SENDING ASDA GPSX", "SENDING ASDA GPSX"],
  ])("%j → %j", (input, expected) => {
    expect(normaliseVariants(input)).toBe(expected);
    assertIdempotent(normaliseVariants, input);
  });

  // A single pass would leave "autism spectrum disorder" here; the fixpoint folds it.
  test("contrived input needing a second pass", () => {
    expect(normaliseVariants("ASD spectrum disorder")).toBe("autism");
  });
});

describe("tokenize: tokens, norms and offsets", () => {
  test.each([
    ["Leaders are ambitious.", ["leaders", "are", "ambitious"]],
    // Hyphenated words and numbers stay whole (documented choice: "post-16", not "post" + "16").
    ["post-16 and post-18 options within the 20-week timescale", ["post-16", "and", "post-18", "options", "within", "the", "20-week", "timescale"]],
    // Decimals, times and percentages.
    ["12.5% close at 4.00pm, 10:30 or 1,000", ["12.5", "close", "at", "4.00pm", "10:30", "or", "1,000"]],
    // A full stop after a number is not part of it.
    ["in 2017. Leaders", ["in", "2017", "leaders"]],
    // Possessives drop from the norm; curly apostrophes count.
    ["children’s and parents' views", ["children", "and", "parents", "views"]],
    // Contractions give a separate `not`.
    ["They don't, can't, won't and cannot", ["they", "do", "not", "can", "not", "will", "not", "and", "can", "not"]],
    // The co- hyphen of co-ordinate and co-operate is dropped; co-chair keeps it.
    ["co-ordinated co-operation co-located co-chair", ["coordinated", "cooperation", "colocated", "co-chair"]],
    // Variant phrases are one token.
    ["Education, health and care (EHC) plans and SENCos", ["ehcp", "and", "senco"]],
    ["the local offer", ["the", "local", "offer"]],
    // Accented letters are word characters.
    ["café naïve", ["café", "naïve"]],
    ["", []],
    ["... — ; 'quoted'", ["quoted"]],
  ])("%j", (input, expected) => {
    expect(norms(input)).toEqual(expected);
    assertTokenOffsets(input, tokenize(input));
  });

  test("a variant token spans the whole phrase", () => {
    const s = "The education, health and care (EHC) plans are late.";
    const t = tokenize(s)[1]!;
    expect(t).toMatchObject({ norm: "ehcp", stem: "ehcp", start: 4, end: 42, text: "education, health and care (EHC) plans" });
  });

  test("a possessive variant keeps the 's in its text", () => {
    expect(tokenize("SENCo's role")[0]).toMatchObject({ text: "SENCo's", norm: "senco", start: 0, end: 7 });
  });

  test("contraction offsets", () => {
    expect(tokenize("don't").map((t) => [t.text, t.start, t.end])).toEqual([
      ["do", 0, 2],
      ["n't", 2, 5],
    ]);
  });
});

describe("tokenize: stems", () => {
  test.each([
    ["waiting", "wait"],
    ["identification", "identif"],
    ["leaders", "leader"],
    ["services", "servic"],
    // Canonical tokens keep their norm as stem (Porter would give "camh", "wellb").
    ["CAMHS", "camhs"],
    ["well-being", "wellbeing"],
    ["ASD", "autism"],
    // All forms of co-production share one stem.
    ["co-production", "coproduc"],
    ["coproduced", "coproduc"],
    ["co-producing", "coproduc"],
    // Short words and numbers pass through.
    ["16", "16"],
    ["post-16", "post-16"],
  ])("%s → %s", (word, stem) => {
    expect(tokenize(word).map((t) => t.stem)).toEqual([stem]);
  });

  test("a 40+ letter run is not stemmed", () => {
    const long = "a".repeat(50) + "ing";
    expect(tokenize(long)[0]!.stem).toBe(long);
  });
});

/** The sentence with negated tokens in [brackets]. */
function negationView(s: string): string {
  return tokenize(s)
    .map((t) => (t.negated ? `[${t.norm}]` : t.norm))
    .join(" ");
}

describe("tokenize: negation scope", () => {
  test.each([
    ["Plans are not reviewed regularly.", "plans are not [reviewed] [regularly]"],
    // Scope ends at a comma.
    ["Plans are not reviewed, and parents are unhappy.", "plans are not [reviewed] and parents are unhappy"],
    // Scope ends at "but"; the conjunction itself is not negated.
    ["Leaders do not review plans but families are positive.", "leaders do not [review] [plans] but families are positive"],
    ["Staff cannot access records however leaders know.", "staff can not [access] [records] however leaders know"],
    ["Health professionals are not challenging how their reports are being interpreted.", "health professionals are not [challenging] [how] [their] [reports] [are] [being] [interpreted]"],
    // "n't".
    ["Parents don't know about the local offer.", "parents do not [know] [about] [the] [local] [offer]"],
    // Multi-word cues: the cue words are not negated.
    ["There is a lack of joint working; leaders know.", "there is a lack of [joint] [working] leaders know"],
    ["Leaders failed to act, so waits grew.", "leaders failed to [act] so waits grew"],
    ["Families are unable to focus on outcomes.", "families are unable to [focus] [on] [outcomes]"],
    ["Too few staff are trained.", "too few [staff] [are] [trained]"],
    ["There is too little support.", "there is too little [support]"],
    // "too long" is a shortfall cue, not a negation.
    ["Children wait too long for assessments.", "children wait too long for assessments"],
    ["Children are seen without delay.", "children are seen without [delay]"],
    ["No plans have been reviewed.", "no [plans] [have] [been] [reviewed]"],
    ["None of the plans is timely.", "none [of] [the] [plans] [is] [timely]"],
    ["They never meet nor consult.", "they never [meet] nor [consult]"],
    // Variants inside a scope are negated like any word.
    ["Not all EHC plans are reviewed.", "not [all] [ehcp] [are] [reviewed]"],
    // "not only … but" does not negate.
    ["Leaders not only plan well but act quickly.", "leaders not only plan well but act quickly"],
    // "Although" opens a new clause.
    ["Plans are not timely although they are thorough.", "plans are not [timely] although they are thorough"],
    ["Leaders are ambitious.", "leaders are ambitious"],
  ])("%j", (input, expected) => {
    expect(negationView(input)).toBe(expected);
  });
});

describe("tokenize: the scanner is its regex specification", () => {
  test("same tokens as tokenizeByRegex for every sentence of every document in data/documents.json", async () => {
    const reportsDirs = defaultReportsDirs();
    let sentences = 0;
    for (const entry of loadDocumentList().documents) {
      const path = documentPath(entry, reportsDirs);
      if (path === null) continue;
      const doc = await readDocumentCached(path, entry.letter_id);
      for (const s of sentenceRecords(doc)) {
        expect(tokenize(s.text), `${entry.letter_id}: ${s.text}`).toEqual(tokenizeByRegex(s.text));
        sentences++;
      }
    }
    expect(sentences).toBeGreaterThan(700);
  });

  test.each([
    ["children's services", ["children", "servic"]],
    ["the children and adolescent mental health service's team", ["the", "camhs", "team"]],
    ["co-production", ["coproduc"]],
    ["well-being", ["wellbeing"]],
    ["x\u0301SEND", ["x\u0301send"]],
    ["4.00pm", ["4.00pm"]],
  ])("%s", (text, stems) => {
    expect(tokenize(text).map((t) => t.stem)).toEqual(stems);
    expect(tokenize(text)).toEqual(tokenizeByRegex(text));
  });
});

describe("tokenizeInto: one buffer reused across sentences", () => {
  const long = Array.from({ length: 30 }, (_, i) => `Leaders do not review plan ${i}, but children can't wait.`).join(" ");
  const sentences = ["Leaders lack of oversight.", long, "Children do not wait", "Not only are plans timely, but they are good.", long.slice(0, 200), "x"];

  test("gives each sentence the tokens, ids and negation of a fresh tokenize, through growth and shrinking", () => {
    const b = tokenBuffer(4);
    const tokenizer = new Tokenizer();
    for (const text of sentences) {
      tokenizer.tokenizeInto(text, b);
      const expected = tokenizeByRegex(text);
      expect(b.n, text).toBe(expected.length);
      expected.forEach((t, i) => {
        expect([b.norms[i], b.stems[i], b.negated[i] === 1, b.starts[i], b.ends[i]], `${text} #${i}`).toEqual([t.norm, t.stem, t.negated, t.start, t.end]);
        expect(b.stemIds[i]).toBe(tokenizer.stemIdOf(t.stem));
        expect(b.normIds[i]).toBe(tokenizer.normIdOf(t.norm));
      });
    }
    expect(b.stemIds.length).toBeGreaterThan(4 * 32);
  });
});

describe("Tokenizer: tables belong to the instance", () => {
  test("two tokenizers give the same tokens but hand out their own ids", () => {
    const a = new Tokenizer();
    const b = new Tokenizer();
    a.tokenize("Autism waits are long.");
    const text = "Leaders review EHC plans promptly.";
    expect(b.tokenize(text)).toEqual(a.tokenize(text));
    // b saw this sentence first, a only after four other words: ids are per instance.
    expect(b.stemIdOf("leader")).toBe(0);
    expect(a.stemIdOf("leader")).toBeGreaterThan(0);
    expect(a.stemIdCount).toBeGreaterThan(b.stemIdCount);
  });

  test("the word table grows past its first size and still finds every word", () => {
    const tk = new Tokenizer();
    const words = Array.from({ length: 2000 }, (_, i) => `word${i}x`);
    const text = words.join(" ");
    expect(tk.tokenize(text).map((t) => t.norm)).toEqual(words);
    expect(tk.tokenize(text)).toEqual(tokenizeByRegex(text));
  });
});
