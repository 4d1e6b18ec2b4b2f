"""How far n-gram models go on the shared data: the evidence behind "Targets not met".

    .venv/bin/python benchmarks/ceiling_cocc.py [--folds 5]

The same 5-fold split as ``cv_cocc.py``. For each text representation and classifier it
prints the out-of-fold category macro-F1 and the best severity macro-F1 that any bias on
the level-1 and level-3 scores reaches (an optimistic figure: the biases are chosen on the
test folds themselves, so a real model gets less). Then two ways of predicting severity
from more than the text: stacking the cross-fitted head probabilities (severity, impact,
emotion, category) with the lexicon cues, and an ordinal pair of classifiers (level >= 2,
level = 3). Models see the masked, template-free text the grading path reads.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

from benchmarks._shared import cocc_train_or_exit  # noqa: E402
from models.features import _word_ngrams  # noqa: E402
from pipeline.complaint import prepare  # noqa: E402
from pipeline.cues import cue_features  # noqa: E402
from training.data import load_labelled  # noqa: E402

REPRESENTATIONS = {  # name: (char n-gram range or None, word 1-2-grams)
    "char1-3+word": ((1, 3), True),
    "char1-5+word": ((1, 5), True),
    "char2-4+word": ((2, 4), True),
    "char1-3": ((1, 3), False),
}
CLASSIFIERS = {
    "svm C=0.3": lambda balanced: LinearSVC(C=0.3, class_weight="balanced" if balanced else None),
    "svm C=1": lambda balanced: LinearSVC(C=1.0, class_weight="balanced" if balanced else None),
    "lr C=10": lambda balanced: LogisticRegression(C=10, max_iter=3000, class_weight="balanced" if balanced else None),
}


def scores(model, X) -> np.ndarray:  # type: ignore[no-untyped-def]
    if hasattr(model, "predict_proba"):
        return np.log(np.clip(model.predict_proba(X), 1e-9, 1.0))
    return model.decision_function(X)


def out_of_fold(X, y: np.ndarray, folds, make) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    out = None
    for train, test in folds:
        model = make().fit(X[train], y[train])
        s = scores(model, X[test])
        out = np.zeros((len(y), s.shape[1])) if out is None else out
        out[test] = s
    return out, model.classes_  # type: ignore[union-attr]


def best_severity(s: np.ndarray, classes: np.ndarray, y: np.ndarray) -> float:
    """The best macro-F1 over biases added to the level-1 and level-3 scores (optimistic)."""
    grid = np.linspace(-1.0, 1.5, 11)
    return max(f1_score(y, classes[(s + np.array([b1, 0.0, b3])).argmax(1)], average="macro")
               for b1 in grid for b3 in grid)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    t0 = time.perf_counter()
    records = load_labelled(cocc_train_or_exit()).records
    complaints = [prepare(r["text"]) for r in records]
    y = {h: np.array([r[h] for r in records]) for h in ("category", "severity", "impact", "emotion")}
    strata = [f"{r['category']}|{r['severity']}" for r in records]
    folds = list(StratifiedKFold(args.folds, shuffle=True, random_state=0).split(records, strata))
    texts = [c.text_features for c in complaints]
    cues = sp.csr_matrix(np.array([cue_features(c.cues) for c in complaints], dtype=float))
    results: dict[str, dict[str, float]] = {}
    for rep, (char_range, words) in REPRESENTATIONS.items():
        # TF-IDF fitted on all texts (no labels): unsupervised, and the same for every model
        blocks = [TfidfVectorizer(analyzer="char", ngram_range=char_range, min_df=2, sublinear_tf=True)
                  .fit_transform(texts)]
        if words:
            blocks.append(TfidfVectorizer(analyzer=_word_ngrams, min_df=2, sublinear_tf=True)
                          .fit_transform([c.tokens for c in complaints]))
        X = sp.hstack(blocks).tocsr()
        Xc = sp.hstack([X, cues * 2.0]).tocsr()
        for name, make in CLASSIFIERS.items():
            s, classes = out_of_fold(X, y["category"], folds, lambda make=make: make(False))
            category = f1_score(y["category"], classes[s.argmax(1)], average="macro")
            s, classes = out_of_fold(Xc, y["severity"], folds, lambda make=make: make(True))
            results[f"{rep} | {name}"] = {"category_macro_f1": round(float(category), 4),
                                          "severity_macro_f1_best_bias": round(best_severity(s, classes,
                                                                                             y["severity"]), 4)}
            print(json.dumps({f"{rep} | {name}": results[f"{rep} | {name}"]}, ensure_ascii=False), flush=True)

    # stacking: cross-fitted probabilities of every head plus the lexicon cues -> severity
    X = sp.hstack([TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True)
                   .fit_transform(texts),
                   TfidfVectorizer(analyzer=_word_ngrams, min_df=2, sublinear_tf=True)
                   .fit_transform([c.tokens for c in complaints]), cues * 2.0]).tocsr()
    Z = np.zeros((len(records), 0))
    for head in ("severity", "impact", "emotion", "category"):
        proba = np.zeros((len(records), len(set(y[head].tolist()))))
        for train, test in folds:
            inner = LogisticRegression(C=10, max_iter=3000, class_weight="balanced").fit(X[train], y[head][train])
            cols = np.searchsorted(np.unique(y[head]), inner.classes_)
            proba[np.ix_(test, cols)] = inner.predict_proba(X[test])
        Z = np.hstack([Z, np.log(np.clip(proba, 1e-4, 1.0))])
    Z = np.hstack([Z, cues.toarray()])
    s, classes = out_of_fold(Z, y["severity"], folds, lambda: LogisticRegression(C=1.0, max_iter=3000))
    results["stacked heads + cues | lr"] = {"severity_macro_f1_best_bias": round(best_severity(s, classes,
                                                                                             y["severity"]), 4)}
    print(json.dumps({"stacked heads + cues | lr": results["stacked heads + cues | lr"]}), flush=True)

    # ordinal: P(level >= 2) and P(level = 3), thresholds searched on the pooled folds
    p2, p3 = np.zeros(len(records)), np.zeros(len(records))
    for train, test in folds:
        for target, out in ((2, p2), (3, p3)):
            m = LogisticRegression(C=10, max_iter=3000, class_weight="balanced").fit(X[train],
                                                                                   y["severity"][train] >= target)
            out[test] = m.predict_proba(X[test])[:, 1]
    grid = np.linspace(0.1, 0.9, 17)
    ordinal = max(f1_score(y["severity"], np.where(p3 >= b, 3, np.where(p2 >= a, 2, 1)), average="macro")
                  for a in grid for b in grid)
    results["ordinal pair | lr"] = {"severity_macro_f1_best_bias": round(float(ordinal), 4)}
    print(json.dumps({"ordinal pair | lr": results["ordinal pair | lr"]}), flush=True)
    best = {k: max(v.get(k, 0.0) for v in results.values()) for k in ("category_macro_f1",
                                                                      "severity_macro_f1_best_bias")}
    print(json.dumps({"best": best, "seconds": round(time.perf_counter() - t0, 1)}), flush=True)


if __name__ == "__main__":
    main()
