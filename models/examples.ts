import type { LabelledSentence } from "../pipeline/labels/corpus.ts";
import type { TrainingExample } from "./train.ts";

/** Labelled sentences → training examples (text from the reader, labels from the hand-label files). */
export function toExamples(sentences: readonly LabelledSentence[]): TrainingExample[] {
  return sentences.map((s) => ({
    letter_id: s.letter_id,
    text: s.text,
    section: s.section,
    subsection: s.subsection,
    silver: s.silver,
    sentence_index: s.sentence_index,
    finding_sentences: s.finding_sentences,
    framework: s.framework,
    sentiment: s.sentiment,
    themes: s.themes,
  }));
}
