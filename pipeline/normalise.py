"""Normalisation: validate, NFKC, traditional → simplified, whitespace (the spaces of a text typed with one
between every character too) and punctuation.

``normalise`` is the first stage every complaint goes through; it raises a coded
:class:`~pipeline.errors.InvalidTextError` for text that cannot be graded, so bad input
is refused before anything is logged or stored.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from pipeline.errors import EmptyTextError, InvalidEncodingError, NotChineseError, TextTooLongError

#: Longest complaint text accepted, in characters (after normalisation). Real work orders
#: run to about 1,000 characters; 5,000 leaves room for pasted e-mail threads.
MAX_TEXT_CHARS = 5000

_CJK_CHAR = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # the Chinese characters, as a character-class range
_CJK = re.compile(f"[{_CJK_CHAR}]")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_NEWLINES = re.compile(r"\s*[\r\n]+\s*")
# NFKC turns full-width punctuation into ASCII; Chinese prose reads better with the
# full-width comma family, so map the sentence punctuation back to one canonical form.
_PUNCT_CANON = str.maketrans({",": "，", ";": "；", "!": "！", "?": "？"})
_REPEATED_PUNCT = re.compile(r"([，。；！？、])[，。；！？、\s]*(?=\1)")
_RUNS = re.compile(r"([，。；！？、])\1+")
_MASK_RUN = re.compile(r"\*{3,}")
# a text typed with a space between every character ("宽 带 断 了 一 个 星 期 了"): the spaces carry nothing
_SPACED = re.compile(f"(?<=[{_CJK_CHAR}]) (?=[{_CJK_CHAR}])")
_JOINED = re.compile(f"[{_CJK_CHAR}](?=[{_CJK_CHAR}])")
# a note typed word by word ("宽带 断 一周 没人修 做生意"): its Chinese words are this many characters long on
# average, or fewer; a space between longer stretches parts phrases ("俺家网断了四五天了 报了好几回修", seven
# characters and more on average; a letter's "您好！ 营业员当众辱骂我…", 3.9) and stays
_CJK_RUN = re.compile(f"[{_CJK_CHAR}]+")
_NOTE_WORD_CHARS = 3.5
_BROKEN = re.compile("[\ufffd\ud800-\udfff]")
# control and invisible format characters (zero-width spaces, BOM, bidi marks)
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")


@lru_cache(maxsize=1)
def _t2s() -> Any:  # opencc.OpenCC; the package ships no types
    import opencc  # imported lazily: the converter loads its dictionaries once per process

    return opencc.OpenCC("t2s")


def decode_text(raw: bytes) -> str:
    """Returns ``raw`` decoded as UTF-8, or raises ``invalid_utf8`` naming the byte offset."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidEncodingError(
            f"Text is not valid UTF-8: byte {exc.start} ({raw[exc.start:exc.start + 1]!r}) "
            "cannot be decoded. Send the complaint as UTF-8.",
            details={"byte_offset": exc.start},
        ) from None


def normalise(text: str, *, max_chars: int = MAX_TEXT_CHARS) -> str:
    """Returns the canonical form of a complaint text, or raises a coded InvalidTextError.

    >>> normalise("客戶反映：寬帶　無法上網！！")
    '客户反映:宽带 无法上网！'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if _BROKEN.search(text):
        raise InvalidEncodingError(
            "Text contains replacement or surrogate characters: it was not valid UTF-8 "
            "where it came from. Send the original bytes as UTF-8."
        )
    out = unicodedata.normalize("NFKC", text)
    out = _INVISIBLE.sub("", out)
    out = _NEWLINES.sub(" ", out)
    out = _SPACES.sub(" ", out).strip()
    if not out:
        raise EmptyTextError("Complaint text is empty or only whitespace.")
    if len(out) > max_chars:
        raise TextTooLongError(
            f"Complaint text has {len(out)} characters; the maximum is {max_chars}. "
            "Split it or shorten the pasted history.",
            details={"length": len(out), "max_chars": max_chars},
        )
    if not _CJK.search(out):
        raise NotChineseError(
            "Complaint text contains no Chinese characters; tousu grades Chinese complaints.",
            details={"length": len(out)},  # never the text itself: it may hold personal data
        )
    out = _t2s().convert(out)
    out = out.translate(_PUNCT_CANON)
    out = _RUNS.sub(r"\1", _REPEATED_PUNCT.sub("", out))
    return _MASK_RUN.sub("******", _unspaced(out))


def _unspaced(text: str) -> str:
    """Returns ``text`` without the spaces between its Chinese characters where it was typed with a space
    between (nearly) every character: more of its Chinese characters stand before a single space and another
    Chinese character than right before another one ("宽 带 断 了" → "宽带断了"); or word by word, as a note
    is: two such spaces or more, and its Chinese words three and a half characters long or fewer on average
    ("宽带 断 一周 没人修" → "宽带断一周没人修"). A space that separates two phrases ("宽带 无法上网",
    "俺家网断了四五天了 报了好几回修") is the user's pause and stays."""
    if " " not in text:
        return text  # most texts: nothing to count
    spaced = len(_SPACED.findall(text))
    if spaced >= 3 and spaced > len(_JOINED.findall(text)):
        return _SPACED.sub("", text)
    if spaced >= 2:
        words = _CJK_RUN.findall(text)
        if sum(map(len, words)) <= _NOTE_WORD_CHARS * len(words):
            return _SPACED.sub("", text)
    return text
