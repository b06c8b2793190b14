/**
 * Baselines scored on the same leave-one-document-out folds as the shipped learner: majority class,
 * the section heading (silver label), a lexicon (AFINN through natural's SentimentAnalyzer) and
 * natural's naive Bayes classifier on the same tokens.
 */
import BayesClassifier from "natural/lib/natural/classifiers/bayes_classifier.js";
import SentimentAnalyzer from "natural/lib/natural/sentiment/SentimentAnalyzer.js";
import { SENTIMENTS, type Sentiment } from "../pipeline/schema.ts";
import { tokenize } from "../pipeline/tokens.ts";
import type { TrainingExample } from "../models/train.ts";

/** A baseline: trained on one fold's training examples, it labels the held-out ones. */
export interface Baseline {
  id: string;
  description: string;
  fit: (train: readonly TrainingExample[]) => (e: TrainingExample) => Sentiment | null;
}

function majority(train: readonly TrainingExample[]): Sentiment {
  const counts = new Map<Sentiment, number>();
  for (const e of train) counts.set(e.sentiment, (counts.get(e.sentiment) ?? 0) + 1);
  return [...SENTIMENTS].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0))[0]!;
}

const afinn = new SentimentAnalyzer("English", null, "afinn");

/** AFINN score of a sentence (natural's SentimentAnalyzer: mean word valence). */
export function afinnScore(text: string): number {
  return afinn.getSentiment(tokenize(text).map((t) => t.text.toLowerCase()));
}

export const BASELINES: readonly Baseline[] = [
  {
    id: "majority",
    description: "the most frequent label of the training documents, for every sentence",
    fit: (train) => {
      const m = majority(train);
      return () => m;
    },
  },
  {
    id: "heading",
    description: "the section heading's silver label (strength/weakness); sentences under a heading with no silver label are not scored",
    fit: () => (e) => e.silver ?? null,
  },
  {
    id: "heading+majority",
    description: "the silver label where the heading has one, else the training majority",
    fit: (train) => {
      const m = majority(train);
      return (e) => e.silver ?? m;
    },
  },
  {
    id: "afinn",
    description: "AFINN lexicon via natural's SentimentAnalyzer: score > 0 strength, < 0 weakness, 0 neutral",
    fit: () => (e) => {
      const s = afinnScore(e.text);
      return s > 0 ? "strength" : s < 0 ? "weakness" : "neutral";
    },
  },
  {
    id: "naive_bayes",
    description: "natural's BayesClassifier on the same stems the learner uses",
    fit: (train) => {
      const nb = new BayesClassifier();
      for (const e of train) nb.addDocument(tokenize(e.text).map((t) => t.stem), e.sentiment);
      nb.train();
      return (e) => nb.classify(tokenize(e.text).map((t) => t.stem)) as Sentiment;
    },
  },
];
