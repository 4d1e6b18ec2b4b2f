"""Parses amounts written with arabic or Chinese numerals (一百二十, 两千五, 3.5万)."""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}

#: One amount: arabic (with optional decimals and 万) or a run of Chinese numerals.
AMOUNT = r"(?:\d+(?:\.\d+)?万?|[零〇一二两三四五六七八九十拾百佰千仟万亿]+)"
_ARABIC = re.compile(r"^(\d+(?:\.\d+)?)(万?)$")
#: A character an amount's number starts with (never 万 or 亿 alone: "万一" is no amount).
DIGIT = r"[\d零〇一二两三四五六七八九十拾百佰千仟]"
#: The units of size an amount may end in.
LARGE_UNITS = frozenset(_BIG)


def parse_amount(token: str) -> float | None:
    """Returns the value of an arabic or Chinese numeral, or None when it is not one.

    >>> parse_amount("一百二十"), parse_amount("两千五"), parse_amount("3.5万"), parse_amount("十")
    (120.0, 2500.0, 35000.0, 10.0)
    """
    m = _ARABIC.match(token)
    if m:
        return float(m.group(1)) * (10_000 if m.group(2) else 1)
    if not token or any(ch not in _DIGITS and ch not in _UNITS and ch not in _BIG for ch in token):
        return None
    total = section = 0
    digit: int | None = None
    last_unit = 1
    for ch in token:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]
            last_unit, digit = _UNITS[ch], None
        else:  # 万 / 亿
            section += digit or 0
            total += section * _BIG[ch]
            section, digit, last_unit = 0, None, _BIG[ch]
    if digit is not None:
        # 两千五 means 2,500: a trailing digit after a unit is one order below that unit
        after_unit = len(token) > 1 and (token[-2] in _UNITS or token[-2] in _BIG)
        section += digit * (last_unit // 10 if after_unit and last_unit >= 100 else 1)
    return float(total + section)
