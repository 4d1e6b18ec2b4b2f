"""Precedents: the confirmed complaints most like a new one, by their words.

A bundle may carry an index of complaints whose level a person gave (a centre's confirmed
tickets, ``tousu train --precedents FILE``; ``tousu retrain`` uses the store's). Grading
looks up the nearest of them, by the cosine of character 1–3-gram TF-IDF vectors of the
prepared text, and hands them to the policy with the prediction; the policy decides what
they mean (``thresholds.precedent_level3_share``, ``precedent_alert_share``). A complaint
said in other words than the lexicon lists is often said in the words of an earlier one: on
the user-written groups the shares were tuned on, graded in the order they were written, the
nearest earlier complaints flagged 10 of the 13 level-3 complaints that had gone through lower
without review; on the six groups written after, they held one false alert and one real one and
flagged one silent miss (README,
"Precedents": ``benchmarks/precedents_user_wording.py``).

The index keeps the n-gram vocabulary (1 to 3 characters of the masked texts), the vectors,
ids and levels; not the texts.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from pipeline.prediction import Precedent

_SPACES = re.compile(r"\s\s+")
NGRAMS = (1, 3)


def _grams(text: str) -> Counter[str]:
    """Character 1–3-grams of a text, lower-cased, runs of white space as one (as scikit-learn's
    ``TfidfVectorizer(analyzer="char")`` reads it; grading never imports scikit-learn)."""
    text = _SPACES.sub(" ", text.lower())
    return Counter(text[i:i + n] for n in range(NGRAMS[0], NGRAMS[1] + 1) for i in range(len(text) - n + 1))


class PrecedentIndex:
    """Nearest confirmed complaints by character n-grams; fitted once, then read-only."""

    #: the layout of a fitted index; a bundle whose index has another is refused on loading
    FORMAT = 1

    def __init__(self, *, k: int = 5) -> None:
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        self.k = k

    def fit(self, texts: Sequence[str], levels: Sequence[int], ids: Sequence[str]) -> PrecedentIndex:
        """Indexes prepared texts with the levels people gave them and their ids."""
        if not (len(texts) == len(levels) == len(ids)):
            raise ValueError("texts, levels and ids must have the same length")
        if not texts:
            raise ValueError("no precedents to index")
        counts = [_grams(t) for t in texts]
        document_frequency: Counter[str] = Counter(g for c in counts for g in c)
        grams = sorted(document_frequency)
        self.vocabulary_ = {g: j for j, g in enumerate(grams)}
        n = len(texts)  # smoothed idf, as scikit-learn's default
        self.idf_ = np.asarray([math.log((1 + n) / (1 + document_frequency[g])) + 1 for g in grams], dtype=np.float32)
        # n-gram × precedent: a lookup reads only the rows of its own n-grams (a precedent × n-gram
        # matrix transposed at each lookup cost 40 ms a text at 20,000 precedents; this, 1.6 ms)
        self.postings_ = sparse.csr_matrix(self._vectors(counts).T)
        self.levels_ = np.asarray(levels, dtype=np.int8)
        self.ids_ = [str(i) for i in ids]
        self.format_ = self.FORMAT
        return self

    def __len__(self) -> int:
        return len(self.ids_)

    def _vectors(self, counts: Sequence[Counter[str]]) -> sparse.csr_matrix:
        """Sublinear tf × idf rows, each of unit length; n-grams outside the vocabulary drop out."""
        rows, cols, values = [], [], []
        for i, c in enumerate(counts):
            for gram, tf in c.items():
                j = self.vocabulary_.get(gram)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
                    values.append((1.0 + math.log(tf)) * float(self.idf_[j]))
        m = sparse.csr_matrix((np.asarray(values, dtype=np.float32), (rows, cols)),
                              shape=(len(counts), len(self.vocabulary_)))
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)

    def nearest(self, texts: Sequence[str]) -> list[tuple[Precedent, ...]]:
        """Returns, for each text, its ``k`` most alike precedents (most alike first; none
        that shares no character n-gram with it)."""
        if not texts:
            return []
        sims = (self._vectors([_grams(t) for t in texts]) @ self.postings_).toarray()
        k = min(self.k, sims.shape[1])
        out = []
        for row in sims:
            top = np.argpartition(-row, k - 1)[:k]
            top = top[np.lexsort((top, -row[top]))]  # most alike first, ties by index: deterministic
            out.append(tuple(Precedent(id=self.ids_[j], similarity=round(float(row[j]), 4), level=int(self.levels_[j]))
                             for j in top if row[j] > 0))
        return out
