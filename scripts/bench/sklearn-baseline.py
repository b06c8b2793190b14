#!/usr/bin/env python3
"""The scikit-learn comparison of `npm run bench` (issue 17): TF-IDF + logistic regression, fitted on
the hand-labelled sentences of the seed letters, then predicting a file of sentences, one per line,
written as CSV to standard output (text, sentiment, three probabilities; with --themes also the
themes from one-vs-rest logistic regressions). The whole process is what is timed, as a user would
run it. Benchmark only: send-findings never imports or runs this.

    python3 scripts/bench/sklearn-baseline.py SENTENCES_FILE [--themes] > out.csv
"""
import csv
import sys
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer

ROOT = Path(__file__).resolve().parents[2]
SEED = ["city-of-london-2018", "medway-2017", "westminster-2020", "islington-2021"]


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    themes_too = "--themes" in sys.argv
    texts, sentiments, themes = [], [], []
    for letter in SEED:
        with open(ROOT / "data" / "labels" / f"{letter}.csv", newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                texts.append(row["text"])
                sentiments.append(row["sentiment"])
                themes.append([t for t in row["themes"].split(";") if t])
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    x = vec.fit_transform(texts)
    sent = LogisticRegression(max_iter=1000).fit(x, sentiments)
    if themes_too:
        mlb = MultiLabelBinarizer()
        y = mlb.fit_transform(themes)
        keep = y.sum(axis=0) > 0
        theme_model = OneVsRestClassifier(LogisticRegression(max_iter=1000)).fit(x, y[:, keep])
        theme_names = [n for n, k in zip(mlb.classes_, keep) if k]
    with open(args[0], encoding="utf-8") as f:
        lines = [l.strip() for l in f]
    lines = [l for l in lines if l]
    xs = vec.transform(lines)
    probs = sent.predict_proba(xs)
    classes = list(sent.classes_)
    labels = [classes[i] for i in probs.argmax(axis=1)]
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["text", "sentiment", *(f"p_{c}" for c in classes), *(["themes"] if themes_too else [])])
    theme_rows = theme_model.predict(xs) if themes_too else None
    for i, text in enumerate(lines):
        row = [text, labels[i], *(f"{p:.4f}" for p in probs[i])]
        if themes_too:
            row.append(";".join(n for n, on in zip(theme_names, theme_rows[i]) if on))
        out.writerow(row)


if __name__ == "__main__":
    main()
