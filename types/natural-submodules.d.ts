// Types for the natural submodules we import directly (natural's own .d.ts covers only its
// top-level entry, which loads database clients and prints banners, so we never import it).
declare module "natural/lib/natural/sentiment/SentimentAnalyzer.js" {
  export default class SentimentAnalyzer {
    constructor(language: string, stemmer: unknown, vocabulary: "afinn" | "senticon" | "pattern");
    getSentiment(words: string[]): number;
  }
}
declare module "natural/lib/natural/classifiers/bayes_classifier.js" {
  export default class BayesClassifier {
    constructor();
    addDocument(tokens: string[] | string, label: string): void;
    train(): void;
    classify(tokens: string[] | string): string;
    getClassifications(tokens: string[] | string): { label: string; value: number }[];
  }
}
