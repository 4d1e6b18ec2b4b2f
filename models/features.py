"""Featurisation: word and character n-gram TF-IDF plus the lexicon cue vector.

``ComplaintFeaturizer`` turns prepared complaints into one sparse matrix, computed once
and shared by every head. Its vectorisers use module-level callables (no lambdas) so the
fitted object pickles.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline.complaint import Complaint
from pipeline.cues import CUE_FEATURE_NAMES, cue_features


def _word_ngrams(tokens: Sequence[str]) -> list[str]:
    """Returns word unigrams and bigrams of a token sequence."""
    grams = list(tokens)
    grams.extend(a + " " + b for a, b in zip(tokens, tokens[1:], strict=False))
    return grams


class ComplaintFeaturizer:
    """Word 1–2-grams, character 1–3-grams and cue features of complaints.

    Parameters
    ----------
    min_df : minimum document frequency of an n-gram.
    max_features : cap of each vocabulary.
    char_ngram_range : character n-gram range.
    cue_weight : scale of the cue block relative to the unit-norm TF-IDF blocks.

    Attributes
    ----------
    word_ : fitted word vectoriser.
    char_ : fitted character vectoriser.
    """

    def __init__(self, *, min_df: int = 2, max_features: int = 60_000,
                 char_ngram_range: tuple[int, int] = (1, 3), cue_weight: float = 1.0) -> None:
        self.min_df = min_df
        self.max_features = max_features
        self.char_ngram_range = char_ngram_range
        self.cue_weight = cue_weight

    def fit(self, complaints: Sequence[Complaint]) -> ComplaintFeaturizer:
        """Learns both vocabularies and IDF weights; returns self."""
        self.word_ = TfidfVectorizer(analyzer=_word_ngrams, min_df=self.min_df,
                                     max_features=self.max_features, sublinear_tf=True,
                                     dtype=np.float32)
        self.char_ = TfidfVectorizer(analyzer="char", ngram_range=self.char_ngram_range,
                                     min_df=self.min_df, max_features=self.max_features,
                                     sublinear_tf=True, dtype=np.float32)
        self.word_.fit([c.tokens for c in complaints])
        self.char_.fit([c.text_features for c in complaints])
        return self

    def transform(self, complaints: Sequence[Complaint]) -> sp.csr_matrix:
        """Returns the feature matrix: [word | char | cues]."""
        words = self.word_.transform([c.tokens for c in complaints])
        chars = self.char_.transform([c.text_features for c in complaints])
        cues = sp.csr_matrix(
            np.asarray([cue_features(c.cues) for c in complaints], dtype=np.float32) * self.cue_weight
        )
        return sp.hstack([words, chars, cues], format="csr")

    @property
    def n_cue_features(self) -> int:
        """Number of trailing cue columns in :meth:`transform`."""
        return len(CUE_FEATURE_NAMES)

    @property
    def feature_names_(self) -> list[str]:
        """Names of every column of :meth:`transform`."""
        return [*(f"w:{t}" for t in self.word_.get_feature_names_out()),
                *(f"c:{t}" for t in self.char_.get_feature_names_out()),
                *(f"cue:{n}" for n in CUE_FEATURE_NAMES)]
