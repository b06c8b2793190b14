/**
 * Hard sentence-splitting cases from this prose, as `[quirk, input, expected sentences]`. Shared by
 * `pipeline/sentences.test.ts` and `scripts/bench/compare-splitters.ts`, so the comparison of splitters is
 * scored on exactly the cases the unit test pins. Real text is cited by letter; the rest is written
 * in the letters' style for quirks the seed letters happen not to contain.
 */
export type SentenceCase = readonly [quirk: string, input: string, expected: readonly string[]];

export const SENTENCE_CASES: readonly SentenceCase[] = [
  // City of London 2018: a time with a full stop inside ("4.00pm") ends the finding.
  [
    "time 4.00pm",
    "Parents and carers have requested a review of the availability of library provision, which currently closes at 4.00pm on weekdays.",
    ["Parents and carers have requested a review of the availability of library provision, which currently closes at 4.00pm on weekdays."],
  ],
  // A spaced time: "am." followed by a capital does end the sentence.
  ["time 10.30 am at a sentence end", "The clinic opens at 10.30 am. Parents value the early start.", ["The clinic opens at 10.30 am.", "Parents value the early start."]],
  // Dotted "a.m." before a lower-case word is mid-sentence.
  ["time a.m. mid-sentence", "Drop-in sessions run from 9.30 a.m. on Mondays. Parents value them.", ["Drop-in sessions run from 9.30 a.m. on Mondays.", "Parents value them."]],
  // Islington 2021: a hyphenated number and a percentage in consecutive sentences.
  [
    "percentage and COVID-19",
    "The COVID-19 pandemic affected this. Although the rate of completion is improving again, only 80% of EHC assessments are completed within the 20-week timescale.",
    ["The COVID-19 pandemic affected this.", "Although the rate of completion is improving again, only 80% of EHC assessments are completed within the 20-week timescale."],
  ],
  // A decimal percentage: the dot has no space after it.
  ["decimal 12.5%", "Only 12.5% of plans were completed on time. Leaders know this.", ["Only 12.5% of plans were completed on time.", "Leaders know this."]],
  // "e.g." mid-sentence before a lower-case word.
  [
    "e.g. before lower case",
    "Some practitioners, e.g. speech and language therapists, receive the draft plans. Others do not.",
    ["Some practitioners, e.g. speech and language therapists, receive the draft plans.", "Others do not."],
  ],
  // "e.g." before a capitalised acronym, which then ends the sentence.
  ["e.g. before an acronym", "Some services do not comment on plans, e.g. CAMHS. Leaders are aware.", ["Some services do not comment on plans, e.g. CAMHS.", "Leaders are aware."]],
  // "i.e." mid-sentence.
  ["i.e. mid-sentence", "The local offer, i.e. the published information, is hard to find. Parents said so.", ["The local offer, i.e. the published information, is hard to find.", "Parents said so."]],
  // "etc." before a lower-case word continues; before a capital it ends the sentence.
  ["etc. mid-sentence", "Therapies, equipment, etc. are commissioned jointly.", ["Therapies, equipment, etc. are commissioned jointly."]],
  ["etc. at a sentence end", "Plans cover therapies, equipment, transport etc. Leaders review them yearly.", ["Plans cover therapies, equipment, transport etc.", "Leaders review them yearly."]],
  // Titles with and without a full stop (City of London 2018 "Mr Andrew Carter").
  [
    "titles Dr. Mrs. Prof.",
    "Dr. Patel, the designated medical officer, leads the work. Mrs. Jones and Prof. Brown agreed with Mr Carter.",
    ["Dr. Patel, the designated medical officer, leads the work.", "Mrs. Jones and Prof. Brown agreed with Mr Carter."],
  ],
  // "No." before a number is not a sentence end.
  ["No. 170041", "The provider, registered as No. 170041, was visited. It is effective.", ["The provider, registered as No. 170041, was visited.", "It is effective."]],
  // "St." before a name.
  ["St. Mary's", "Pupils at St. Mary's Primary School are well supported. Staff are trained.", ["Pupils at St. Mary's Primary School are well supported.", "Staff are trained."]],
  // "approx." before a number.
  ["approx.", "There are approx. 400 children with an EHC plan. Most attend local schools.", ["There are approx. 400 children with an EHC plan.", "Most attend local schools."]],
  // An initial before a surname, then an upper-case abbreviation that does end the sentence.
  ["initial and HMI.", "The inspection was led by J. Smith HMI. Leaders welcomed the findings.", ["The inspection was led by J. Smith HMI.", "Leaders welcomed the findings."]],
  // Upper-case acronyms of the field end sentences like any other word.
  [
    "acronyms at sentence ends",
    "Leaders work closely with the CCG. Children with SEND are supported. Waits for CAMHS are long. The DMO works across both Hackney and the City of London. The NHS trust agrees.",
    ["Leaders work closely with the CCG.", "Children with SEND are supported.", "Waits for CAMHS are long.", "The DMO works across both Hackney and the City of London.", "The NHS trust agrees."],
  ],
  // Westminster 2020: an acronym in brackets ends the sentence.
  [
    "bracketed acronym at a sentence end",
    "Teams of specialists work closely with GP services and child and adolescent mental health services (CAMHS). They also focus on sharing skills.",
    ["Teams of specialists work closely with GP services and child and adolescent mental health services (CAMHS).", "They also focus on sharing skills."],
  ],
  // Westminster 2020: a quotation that ends a sentence, straight quotes.
  [
    "quotation ends a sentence",
    "One commented, 'My life has changed, and my behaviour transformed.' This sums up the positive responses from many of the children and young people.",
    ["One commented, 'My life has changed, and my behaviour transformed.'", "This sums up the positive responses from many of the children and young people."],
  ],
  // The same with curly quotes, as PDFs give them.
  ["curly quotation ends a sentence", "One commented, ‘My life has changed.’ This sums up the responses.", ["One commented, ‘My life has changed.’", "This sums up the responses."]],
  // City of London 2018: the finding ends with a quotation.
  [
    "finding ends in a quotation",
    "It was reviewed in the autumn term 2017. In the words of one parent: 'It is refreshing that the local area wants to improve the local offer.'",
    ["It was reviewed in the autumn term 2017.", "In the words of one parent: 'It is refreshing that the local area wants to improve the local offer.'"],
  ],
  // City of London 2018: full stop after the closing quote.
  [
    "full stop after a closing quote",
    "A leader commented that 'no rule is set in stone'. This sums up the local area's approach.",
    ["A leader commented that 'no rule is set in stone'.", "This sums up the local area's approach."],
  ],
  // A curly double quotation that holds two sentences stays one.
  ["curly double quotes hold two sentences", "A parent said, “Staff listen. They care.” This is typical.", ["A parent said, “Staff listen. They care.”", "This is typical."]],
  // A question inside a quotation, mid-sentence.
  ["question inside a quotation", "Parents asked 'what happens next?' and were not told. Leaders agreed.", ["Parents asked 'what happens next?' and were not told.", "Leaders agreed."]],
  // Westminster 2020: a parenthetical definition, full stop after the bracket.
  [
    "parenthetical definition",
    "It provides a focal point for them to work with professionals to co-produce services in the local area (a way of working where children and young people, families and those that provide the services work together to create a decision or a service that works for them all). Parents value it.",
    [
      "It provides a focal point for them to work with professionals to co-produce services in the local area (a way of working where children and young people, families and those that provide the services work together to create a decision or a service that works for them all).",
      "Parents value it.",
    ],
  ],
  // The same definition with the full stop inside the bracket.
  [
    "full stop inside parentheses",
    "Leaders engage families in co-production (a way of working where families and services work together. It creates a service that works for them all.) This is at an early stage.",
    ["Leaders engage families in co-production (a way of working where families and services work together. It creates a service that works for them all.)", "This is at an early stage."],
  ],
  // City of London 2018: a lead-in and seven sub-bullets, the last one ending the finding.
  [
    "sub-bullet list",
    "A review of case studies showed that:\n- leaders and professionals have a thorough and detailed understanding of the needs of children and young people who have EHC plans\n- there was clear evidence of the inclusion of appropriate social care targets\n- children and young people are being effectively supported for their next steps into education, training or employment.",
    [
      "A review of case studies showed that:",
      "leaders and professionals have a thorough and detailed understanding of the needs of children and young people who have EHC plans",
      "there was clear evidence of the inclusion of appropriate social care targets",
      "children and young people are being effectively supported for their next steps into education, training or employment.",
    ],
  ],
  // A 2023 recommendation with its sub-bullets.
  [
    "recommendation lead-in",
    "Leaders should focus on:\n- the quality of EHC plans\n- waiting times for assessments.",
    ["Leaders should focus on:", "the quality of EHC plans", "waiting times for assessments."],
  ],
  // Other bullet marks, indented.
  ["• sub-bullets", "Leaders should focus on:\n  • waiting times\n  • transitions.", ["Leaders should focus on:", "waiting times", "transitions."]],
  // A sub-bullet with two sentences.
  ["sub-bullet with two sentences", "Inspectors found that:\n- plans are late. Some take a year\n- reviews are thorough.", ["Inspectors found that:", "plans are late.", "Some take a year", "reviews are thorough."]],
  // Medway 2017: significant weaknesses ending in ';' and '; and'.
  ["semicolon item", "the quality of EHC plans;", ["the quality of EHC plans;"]],
  [
    "semicolon list",
    "tackle the following areas of significant weakness:\n- the sufficiency of information to inform accurate evaluation;\n- the quality of education health and care plans; and\n- the lack of effective co-production at all levels.",
    [
      "tackle the following areas of significant weakness:",
      "the sufficiency of information to inform accurate evaluation;",
      "the quality of education health and care plans; and",
      "the lack of effective co-production at all levels.",
    ],
  ],
  // Numbered items on one line: the number stays with its sentence.
  ["numbered items inline", "1. Leaders should improve plans. 2. They should reduce waits.", ["1. Leaders should improve plans.", "2. They should reduce waits."]],
  // Numbered items on their own lines after a lead-in.
  ["numbered lines", "Leaders should:\n1. improve plans\n2. reduce waits", ["Leaders should:", "1. improve plans", "2. reduce waits"]],
  // Medway 2017 committee report: a paragraph number with a decimal point.
  [
    "paragraph number 2.4",
    "2.4 Of the 46 Local Areas that have been inspected to date, 18 (40%) have been required to provide a written statement of action. It should be noted that 50% of the local areas inspected since March 2017 have been required to provide one.",
    [
      "2.4 Of the 46 Local Areas that have been inspected to date, 18 (40%) have been required to provide a written statement of action.",
      "It should be noted that 50% of the local areas inspected since March 2017 have been required to provide one.",
    ],
  ],
  // A sentence that starts with a number.
  ["sentence starts with a number", "In 2017, 20 children waited. 15 of them had ASD.", ["In 2017, 20 children waited.", "15 of them had ASD."]],
  // Question and exclamation marks.
  ["? and !", "Is the local offer used? Parents say it is not! Leaders are reviewing it.", ["Is the local offer used?", "Parents say it is not!", "Leaders are reviewing it."]],
  // Westminster 2020: the final sentence has no full stop (text lost to a page break, say).
  [
    "no final full stop",
    "Most pupils with SEND attend well. Leaders and providers should continue to reduce fixed-term exclusions for young people with SEND",
    ["Most pupils with SEND attend well.", "Leaders and providers should continue to reduce fixed-term exclusions for young people with SEND"],
  ],
  // An ellipsis before a capital ends the sentence.
  ["ellipsis", "Waits are long... Families wait for a year.", ["Waits are long...", "Families wait for a year."]],
  // A URL's dots are not sentence ends; the full stop after it is.
  ["URL", "The local offer is at www.medway.gov.uk/localoffer. Parents find it hard to use.", ["The local offer is at www.medway.gov.uk/localoffer.", "Parents find it hard to use."]],
  // A wrapped line is white space, not a boundary.
  ["wrapped line", "Leaders are\nambitious for children. Plans are late.", ["Leaders are\nambitious for children.", "Plans are late."]],
  // Extra spaces after a full stop (PDF extraction).
  ["extra spaces", "Leaders are ambitious.   Plans are late.  ", ["Leaders are ambitious.", "Plans are late."]],
  // Nothing to split.
  ["white space only", " \n\t ", []],
];
