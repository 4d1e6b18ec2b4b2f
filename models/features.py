"""Featurisation: word and character n-gram TF-IDF plus the lexicon cue vector.

``ComplaintFeaturizer`` turns prepared complaints into one sparse matrix, computed once
and shared by every head. Its vectorisers use module-level callables (no lambdas) so the
fitted object pickles.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from pipeline.complaint import Complaint
from pipeline.cues import CUE_FEATURE_NAMES, cue_features


def _word_ngrams(tokens: Sequence[str]) -> list[str]:
    """Returns word unigrams and bigrams of a token sequence."""
    grams = list(tokens)
    grams.extend(a + " " + b for a, b in zip(tokens, tokens[1:], strict=False))
    return grams


def _minus_ones(n: int) -> list[int]:
    return [-1] * n


_WHITE_SPACES = re.compile(r"\s\s+")


def _char_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """Returns character n-grams exactly as TfidfVectorizer(analyzer="char") makes them."""
    text = _WHITE_SPACES.sub(" ", text.lower())
    n = len(text)
    return [text[i:i + k] for k in range(lo, hi + 1) for i in range(n - k + 1)]


class ComplaintFeaturizer:
    """Word 1–2-grams, character 1–3-grams and cue features of complaints.

    ``fit`` learns vocabularies and IDF weights with scikit-learn's ``TfidfVectorizer``
    (sublinear tf, L2 norm per block) and keeps only plain dicts and arrays, so a fitted
    featuriser unpickles and transforms without importing scikit-learn (which costs
    about 1.6 s of a cold start here).

    Parameters
    ----------
    min_df : minimum document frequency of an n-gram.
    max_features : cap of each vocabulary.
    char_ngram_range : character n-gram range.
    cue_weight : scale of the cue block relative to the unit-norm TF-IDF blocks.

    Attributes
    ----------
    word_index_, char_index_ : n-gram → column within its block.
    word_idf_, char_idf_ : IDF weight of each column.
    """

    def __init__(self, *, min_df: int = 2, max_features: int = 60_000,
                 char_ngram_range: tuple[int, int] = (1, 3), cue_weight: float = 1.0) -> None:
        self.min_df = min_df
        self.max_features = max_features
        self.char_ngram_range = char_ngram_range
        self.cue_weight = cue_weight

    def vectorizers(self):  # type: ignore[no-untyped-def]
        """Returns unfitted scikit-learn vectorisers with this featuriser's settings."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        word = TfidfVectorizer(analyzer=_word_ngrams, min_df=self.min_df, max_features=self.max_features,
                               sublinear_tf=True, dtype=np.float32)
        char = TfidfVectorizer(analyzer="char", ngram_range=self.char_ngram_range, min_df=self.min_df,
                               max_features=self.max_features, sublinear_tf=True, dtype=np.float32)
        return word, char

    def fit(self, complaints: Sequence[Complaint]) -> ComplaintFeaturizer:
        """Learns both vocabularies and IDF weights; returns self."""
        word, char = self.vectorizers()
        word.fit([c.tokens for c in complaints])
        char.fit([c.text_features for c in complaints])
        self.word_index_ = {str(k): int(v) for k, v in word.vocabulary_.items()}
        self.char_index_ = {str(k): int(v) for k, v in char.vocabulary_.items()}
        self.word_idf_ = word.idf_.astype(np.float64)
        self.char_idf_ = char.idf_.astype(np.float64)
        return self

    def transform(self, complaints: Sequence[Complaint]) -> sp.csr_matrix:
        """Returns the feature matrix: [word | char | cues].

        Equal to stacking the fitted ``TfidfVectorizer`` transforms and the cue block
        (tested), computed in one pass: scikit-learn's per-call validation costs about
        3 ms a call, more than the arithmetic for one complaint.
        """
        char_lo, char_hi = self.char_ngram_range
        n_word = len(self.word_index_)
        n_text = n_word + len(self.char_index_)
        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        for c in complaints:
            for index, grams, offset, idf in (
                (self.word_index_, _word_ngrams(c.tokens), 0, self.word_idf_),
                (self.char_index_, _char_ngrams(c.text_features, char_lo, char_hi), n_word, self.char_idf_),
            ):
                # Counter counts in C and map(dict.get) looks each distinct gram up in C;
                # unknown grams map to -1 and are dropped
                counted = Counter(grams)
                cols = np.fromiter(map(index.get, counted, _minus_ones(len(counted))), dtype=np.int64,
                                   count=len(counted))
                known = cols >= 0
                if not known.any():
                    continue
                tf = np.fromiter(counted.values(), dtype=np.float64, count=len(counted))[known]
                cols = cols[known]
                weights = (1.0 + np.log(tf)) * idf[cols]
                weights /= np.sqrt(weights @ weights)
                indices.extend((cols + offset).tolist())
                data.extend(weights.tolist())
            for k, value in enumerate(cue_features(c.cues)):
                if value:
                    indices.append(n_text + k)
                    data.append(value * self.cue_weight)
            indptr.append(len(indices))
        return sp.csr_matrix(
            (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32),
             np.asarray(indptr, dtype=np.int64)),
            shape=(len(complaints), n_text + self.n_cue_features),
        )

    @property
    def n_cue_features(self) -> int:
        """Number of trailing cue columns in :meth:`transform`."""
        return len(CUE_FEATURE_NAMES)

    @property
    def feature_names_(self) -> list[str]:
        """Names of every column of :meth:`transform`."""
        words = sorted(self.word_index_, key=self.word_index_.__getitem__)
        chars = sorted(self.char_index_, key=self.char_index_.__getitem__)
        return [*(f"w:{t}" for t in words), *(f"c:{t}" for t in chars), *(f"cue:{n}" for n in CUE_FEATURE_NAMES)]
