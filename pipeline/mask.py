"""PII masking: typed placeholders for phone, ID-card, bank-card, e-mail, account, address and name.

Runs on normalised text (digits are already half-width), before anything is logged,
stored, tracked or used for training. Masks are typed (``<PHONE>``, ``<IDCARD>`` …) so
the model can still see that a number was there; ``<MASKED>`` stands for data an
upstream system had already blanked out (``******``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Placeholders written into masked text; the tokenizer keeps each as one token.
MASK_TOKENS = ("<PHONE>", "<IDCARD>", "<BANKCARD>", "<EMAIL>", "<ACCOUNT>", "<ADDRESS>", "<NAME>", "<MASKED>")

_ND = r"(?<![0-9A-Za-z])"  # not preceded by a digit or letter
_NA = r"(?![0-9A-Za-z])"   # not followed by one

# Order matters: longer, more specific numbers first, so an ID card is never read as a
# phone number followed by digits.
_CN_DIGIT = "零〇一二三四五六七八九幺两"
_SEP = r"[ .\-]?"  # 138-1234-5678, 138 1234 5678, 138.1234.5678

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("<EMAIL>", re.compile(r"[A-Za-z0-9._%+-]+\s?@\s?[A-Za-z0-9-]+(?:\s?\.\s?[A-Za-z0-9-]+)*\s?\.\s?[A-Za-z]{2,}")),
    (
        "<IDCARD>",
        re.compile(
            _ND + r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]" + _NA
            + r"|" + _ND + r"[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}" + _NA  # the old 15 digits
        ),
    ),
    ("<BANKCARD>", re.compile(_ND + r"(?:\d{4}[ .\-]){3}\d{4}(?:[ .\-]?\d{1,3})?" + _NA + r"|" + _ND + r"\d{16,19}"
                              + _NA)),
    (
        "<PHONE>",
        re.compile(
            _ND + r"(?:\+?86[ -]?)?1[3-9]\d(?:" + _SEP + r"\d{4}){2}" + _NA  # mobile
            + r"|" + _ND + r"0\d{2,3}[ -]?\d{7,8}" + _NA  # landline with area code
            + r"|(?:电话|号码|座机|致电|联系)[:：\s]*(?P<v>\d{7,8})" + _NA  # local number after a cue
            + r"|(?<![" + _CN_DIGIT + r"])[一幺][三四五六七八九](?:\s?[" + _CN_DIGIT + r"]){9}(?![" + _CN_DIGIT + r"])"
        ),
    ),
    (
        "<ACCOUNT>",
        re.compile(
            r"(?:宽带账号|宽带帐号|宽带编号|用户账号|客户编号|专线编号|账号|帐号|用户名|服务编码|合同号)"
            r"[:：\s(（]*(?P<v>[A-Za-z0-9][A-Za-z0-9_@.\-]{4,})"
            r"|(?:QQ|qq|扣扣)号?[:：\s]*(?P<q>\d{5,12})" + _NA
            + r"|(?:微信号|微信|VX|vx|WX|wx)[:：\s]*(?P<w>[A-Za-z][A-Za-z0-9_\-]{5,19})" + _NA
        ),
    ),
    (
        "<ADDRESS>",
        # a street address down to the number: 和平路123号, 中山大道88号5栋2单元301室
        re.compile(r"[\u4e00-\u9fff]{1,12}(?:路|街|巷|弄|大道|胡同)\d{1,5}号(?:\d{1,4}(?:栋|幢|楼|单元|室|号))*"),
    ),
    (
        "<NAME>",
        # never a run holding a character no name holds (了, 没, 都, 被, 怎 …): "联系人全没了" tells contacts lost
        re.compile(r"(?:我叫|名叫|姓名(?:是|为)?[:：\s]*|联系人[:：\s]*)"
                   r"(?P<n>(?:(?![了吗呢吧没不都被谁怎么什哪])[\u4e00-\u9fff]){2,4})(?=[，,。；;！!？?\s]|$|的|是|不|，)"
                   r"|(?:我姓|免贵姓)(?P<s>[\u4e00-\u9fff])"),
    ),
    ("<MASKED>", re.compile(r"\*{3,}")),
)
#: groups that hold just the value when a pattern has a context prefix
_VALUE_GROUPS = ("v", "q", "w", "n", "s")


@dataclass(frozen=True, slots=True)
class MaskHit:
    """One masked span: its type and where it stood in the unmasked text."""

    kind: str
    start: int
    end: int


def mask_pii(text: str) -> tuple[str, list[MaskHit]]:
    """Returns ``text`` with personal data replaced by typed masks, and what was masked.

    >>> mask_pii("客户电话13812345678，邮箱a.b@qq.com")[0]
    '客户电话<PHONE>，邮箱<EMAIL>'
    """
    hits: list[MaskHit] = []
    taken = bytearray(len(text))
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            # patterns with a context prefix mask only their value group
            group = next((g for g in _VALUE_GROUPS if m.groupdict().get(g) is not None), None)
            start, end = m.span(group) if group else m.span()
            if start >= end or any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            hits.append(MaskHit(kind, start, end))
    if not hits:
        return text, hits
    hits.sort(key=lambda h: h.start)
    parts: list[str] = []
    pos = 0
    for hit in hits:
        parts.append(text[pos:hit.start])
        parts.append(hit.kind)
        pos = hit.end
    parts.append(text[pos:])
    return "".join(parts), hits


def mask_known(text: str, values: dict[str, str | None]) -> str:
    """Returns ``text`` with the given values (a complainant's own name, phone, account …)
    replaced by their masks wherever they appear, e.g. ``{"<NAME>": "张三"}``."""
    for mask, value in values.items():
        if value and len(value.strip()) >= 2:
            text = text.replace(value.strip(), mask)
    return text


#: full-width digits, letters and the signs of numbers and addresses (１３８, ＠, ．, －, ＋) to
#: ASCII, so the patterns find them; Chinese punctuation (，。) stays as the writer wrote it
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)
              if chr(cp - 0xFEE0).isalnum() or chr(cp - 0xFEE0) in "@.-+"}


def mask_free_text(text: str) -> str:
    """Returns a free text (a note, a reason, a survey comment) masked like a complaint text."""
    return mask_pii(text.translate(_FULLWIDTH))[0]
