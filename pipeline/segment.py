"""Tokenisation: jieba's dictionary and algorithm plus the telecom user dictionary.

Two interchangeable backends share jieba's dictionary: ``rjieba`` (the Rust port's
binding, the default: about 26 k work orders/s here against jieba's 1 k/s, measured
when it was chosen) and ``jieba`` itself. Each process loads its segmenter
once; mask placeholders (``<PHONE>`` …) survive as single tokens.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pipeline.errors import ResourceError
from pipeline.mask import MASK_TOKENS
from pipeline.packaged import resource_path

Backend = Literal["rjieba", "jieba"]

_MASK_SPLIT = re.compile("(" + "|".join(re.escape(t) for t in MASK_TOKENS) + ")")
_DROP = re.compile(r"^[\s\W_]+$")


def read_user_dict(path: Path) -> list[tuple[str, int, str]]:
    """Returns (word, frequency, tag) rows of a jieba user dictionary, validated."""
    rows: list[tuple[str, int, str]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ResourceError(f"Cannot read user dictionary {path}: {exc}") from None
    for number, line in enumerate(lines, 1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        try:
            freq = int(parts[1]) if len(parts) > 1 else 2000
        except ValueError:
            raise ResourceError(
                f"{path}:{number}: frequency must be an integer, got {parts[1]!r}"
            ) from None
        rows.append((parts[0], freq, parts[2] if len(parts) > 2 else "n"))
    return rows


@dataclass(frozen=True)
class Segmenter:
    """Splits normalised, masked text into words.

    Parameters
    ----------
    backend : "rjieba" or "jieba"
    user_dict : path of a jieba user dictionary; the shipped telecom one by default.
    hmm : whether unknown words are found with jieba's HMM.
    """

    backend: Backend = "rjieba"
    user_dict: Path = field(default_factory=lambda: resource_path("user_dict.txt"))
    hmm: bool = True

    def __call__(self, text: str) -> list[str]:
        """Returns the tokens of ``text``, punctuation and whitespace dropped."""
        cut = _tokenizer(self.backend, str(self.user_dict))
        tokens: list[str] = []
        for piece in _MASK_SPLIT.split(text):
            if not piece:
                continue
            if piece in MASK_TOKENS:
                tokens.append(piece)
                continue
            tokens.extend(t for t in cut(piece, self.hmm) if not _DROP.match(t))
        return tokens


Cut = Callable[[str, bool], list[str]]


@lru_cache(maxsize=4)
def _tokenizer(backend: Backend, user_dict: str) -> Cut:
    """Builds one private tokenizer per (backend, dictionary) and process."""
    words = read_user_dict(Path(user_dict))
    if backend == "rjieba":
        import rjieba

        rj = rjieba.Jieba()
        for word, freq, tag in words:
            rj.add_word(word, freq, tag)
        return lambda text, hmm: rj.cut(text, hmm)
    if backend == "jieba":
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        for word, freq, tag in words:
            tok.add_word(word, freq, tag)
        return lambda text, hmm: tok.lcut(text, HMM=hmm)
    raise ValueError(f"backend must be 'rjieba' or 'jieba', got {backend!r}")

