"""Featurisation: word and character n-gram TF-IDF plus the lexicon cue vector.

``ComplaintFeaturizer`` turns prepared complaints into one sparse matrix, computed once
and shared by every head. Its vectorisers use module-level callables (no lambdas) so the
fitted object pickles.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np
import scipy.sparse as sp

from pipeline.complaint import Complaint
from pipeline.cues import CUE_FEATURE_NAMES, cue_features


def _word_ngrams(tokens: Sequence[str]) -> list[str]:
    """Returns word unigrams and bigrams of a token sequence."""
    grams = list(tokens)
    grams.extend(a + " " + b for a, b in zip(tokens, tokens[1:], strict=False))
    return grams


def _zeros(n: int) -> list[int]:
    return [0] * n


_WHITE_SPACES = re.compile(r"\s\s+")


def _char_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """Returns character n-grams exactly as TfidfVectorizer(analyzer="char") makes them."""
    text = _WHITE_SPACES.sub(" ", text.lower())
    n = len(text)
    return [text[i:i + k] for k in range(lo, hi + 1) for i in range(n - k + 1)]


def _count_strings(index: dict[str, int], grams_per_row: Sequence[Sequence[str]]
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Returns (row, column, count) of known n-grams, one Python string per n-gram (the slow path)."""
    rows: list[int] = []
    cols: list[int] = []
    counts: list[int] = []
    for i, grams in enumerate(grams_per_row):
        for gram, count in Counter(grams).items():
            col = index.get(gram)
            if col is not None:
                rows.append(i)
                cols.append(col)
                counts.append(count)
    return (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64),
            np.asarray(counts, dtype=np.int64))


def _tfidf(rows: np.ndarray, counts: np.ndarray, idf: np.ndarray, n: int) -> np.ndarray:
    """Sublinear tf times idf, each row scaled to unit L2 norm (``TfidfVectorizer``'s weights)."""
    weights = (1.0 + np.log(counts.astype(np.float64))) * idf
    norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=n))
    return weights / norms[rows] if len(rows) else weights


class PackedGrams:
    """An n-gram vocabulary as packed integer keys, for counting n-grams with numpy.

    Each symbol (a character, a word) that occurs in the vocabulary gets an id 1..A, and 0
    stands for any other symbol; a k-gram's key is a marker bit above its k ids packed
    ``bits`` bits each, so grams of different lengths never share a key and a gram holding
    an unknown symbol never equals a vocabulary key. A batch's symbol ids are joined with
    id-0 separators, every n-gram of the batch becomes a key in a few array operations, and
    keys are looked up by binary search: no Python string is made per n-gram (a complaint
    has about 420 character and 140 word n-grams).

    Only ``usable`` when ``hi * bits <= 62`` (the character alphabet of Chinese complaints
    needs about 12 bits, so up to 5-grams); otherwise the caller counts strings.
    """

    def __init__(self, grams: Sequence[Sequence[int]], cols: Sequence[int], n_symbols: int, lo: int,
                 hi: int) -> None:
        self.lo, self.hi = lo, hi
        self.bits = max(1, n_symbols.bit_length())
        self.usable = hi * self.bits <= 62
        if not self.usable:  # nothing to pack: the caller counts strings
            self.keys = self.cols = np.zeros(0, dtype=np.int64)
            return
        keys = np.fromiter((self._key(g) for g in grams), dtype=np.int64, count=len(grams))
        order = np.argsort(keys)
        self.keys = keys[order]
        self.cols = np.asarray(cols, dtype=np.int64)[order]

    def _key(self, ids: Sequence[int]) -> int:
        key = 1  # the marker
        for i in ids:
            key = (key << self.bits) | i
        return key

    def count_ids(self, ids: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Returns (row, column, count) of the known n-grams, sorted by row.

        ``ids`` holds every row's symbol ids, each row followed by one 0; ``lengths`` the
        number of symbols of each row.
        """
        starts, keys = [], []
        for k in range(self.lo, self.hi + 1):
            m = len(ids) - k + 1
            if m <= 0:
                continue
            key = np.full(m, 1, dtype=np.int64)
            for j in range(k):
                key = (key << self.bits) | ids[j:j + m]
            keys.append(key)
            starts.append(np.arange(m, dtype=np.int64))
        empty = np.zeros(0, dtype=np.int64)
        if not keys or not len(self.keys):
            return empty, empty, empty
        key = np.concatenate(keys)
        found = np.searchsorted(self.keys, key)
        found[found == len(self.keys)] = 0
        hit = self.keys[found] == key
        # a start position's row: how many row ends (separators) come before it
        rows = np.searchsorted(np.cumsum(lengths + 1), np.concatenate(starts)[hit], side="right")
        width = len(self.cols) + 1
        pairs, counts = np.unique(rows * width + self.cols[found[hit]], return_counts=True)
        return pairs // width, pairs % width, counts


IndexT = TypeVar("IndexT", bound="PackedGrams")


class CharGramIndex(PackedGrams):
    """Character n-grams of a ``TfidfVectorizer(analyzer="char")`` vocabulary, packed."""

    def __init__(self, index: dict[str, int], lo: int, hi: int) -> None:
        # \x00 separates texts (normalisation removes it from complaints, so no gram has it)
        alphabet = sorted({ch for gram in index for ch in gram} - {"\x00"})
        # code point -> id: one array lookup per character; the last entry (0) stands for
        # every code point above the alphabet's highest
        self.table = np.zeros(max(map(ord, alphabet), default=0) + 2, dtype=np.int64)
        self.table[[ord(ch) for ch in alphabet]] = np.arange(1, len(alphabet) + 1, dtype=np.int64)
        top = len(self.table) - 1
        super().__init__([[int(self.table[min(ord(ch), top)]) for ch in gram] for gram in index],
                         list(index.values()), len(alphabet), lo, hi)

    def count(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Returns (row, column, count) of every known character n-gram of ``texts``."""
        cleaned = [_WHITE_SPACES.sub(" ", t.lower()) for t in texts]
        codes = np.frombuffer("\x00".join(cleaned).encode("utf-32-le"), dtype=np.uint32)
        ids = self.table[np.minimum(codes, len(self.table) - 1)]
        return self.count_ids(ids, np.fromiter(map(len, cleaned), dtype=np.int64, count=len(cleaned)))


class WordGramIndex(PackedGrams):
    """Word unigrams and bigrams (``"a b"``) of the word vocabulary, packed."""

    def __init__(self, index: dict[str, int]) -> None:
        parts = {gram: gram.split(" ") for gram in index}
        words = sorted({w for ws in parts.values() for w in ws})
        self.ids = {w: i for i, w in enumerate(words, start=1)}
        super().__init__([[self.ids[w] for w in parts[gram]] for gram in index], list(index.values()),
                         len(words), 1, 2)
        # a vocabulary of other shapes (a word with a space in it) is counted as strings
        self.usable = self.usable and all(len(ws) in (1, 2) and all(ws) for ws in parts.values())

    def count(self, token_lists: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Returns (row, column, count) of every known word n-gram of the token lists."""
        flat: list[str] = []
        for tokens in token_lists:
            flat.extend(tokens)
            flat.append("")  # the separator: never a word, so id 0
        ids = np.fromiter(map(self.ids.get, flat, _zeros(len(flat))), dtype=np.int64, count=len(flat))
        return self.count_ids(ids, np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists)))


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

    def vectorizers(self) -> tuple[Any, Any]:
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
        (tested), computed without scikit-learn, whose per-call validation costs about
        3 ms a call, more than the arithmetic for one complaint. Word and character
        n-grams are counted for the whole batch at once (:class:`PackedGrams`).
        """
        n = len(complaints)
        n_word = len(self.word_index_)
        n_text = n_word + len(self.char_index_)
        word = self._count_words(complaints)
        char = self._count_chars(complaints)
        blocks = [(rows, cols + offset, _tfidf(rows, counts, idf[cols], n))
                  for (rows, cols, counts), offset, idf in ((word, 0, self.word_idf_),
                                                            (char, n_word, self.char_idf_))]
        cues = np.asarray([cue_features(c.cues) for c in complaints], dtype=np.float64).reshape(n, self.n_cue_features)
        cue_rows, cue_cols = np.nonzero(cues)
        blocks.append((cue_rows, cue_cols + n_text, cues[cue_rows, cue_cols] * self.cue_weight))
        rows = np.concatenate([b[0] for b in blocks])
        order = np.argsort(rows, kind="stable")
        indptr = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=n))))
        return sp.csr_matrix(
            (np.concatenate([b[2] for b in blocks])[order].astype(np.float32),
             np.concatenate([b[1] for b in blocks])[order].astype(np.int32), indptr.astype(np.int64)),
            shape=(n, n_text + self.n_cue_features),
        )

    def _count_words(self, complaints: Sequence[Complaint]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Returns (row, column, count) of the known word n-grams."""
        index = self._packed("_word_grams", lambda: WordGramIndex(self.word_index_))
        if index.usable:
            return index.count([c.tokens for c in complaints])
        return _count_strings(self.word_index_, [_word_ngrams(c.tokens) for c in complaints])

    def _count_chars(self, complaints: Sequence[Complaint]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Returns (row, column, count) of the known character n-grams."""
        index = self._packed("_char_grams", lambda: CharGramIndex(self.char_index_, *self.char_ngram_range))
        if index.usable:
            return index.count([c.text_features for c in complaints])
        lo, hi = self.char_ngram_range
        return _count_strings(self.char_index_, [_char_ngrams(c.text_features, lo, hi) for c in complaints])

    def _packed(self, name: str, build: Callable[[], IndexT]) -> IndexT:
        # built on first use and never pickled: bundles stay as they were, older ones load
        index = self.__dict__.get(name)
        if index is None:
            index = build()
            setattr(self, name, index)
        return index

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k not in ("_char_grams", "_word_grams")}

    @property
    def n_cue_features(self) -> int:
        """Number of trailing cue columns in :meth:`transform`."""
        return len(CUE_FEATURE_NAMES)
