"""A multilingual Unigram vocabulary pruned to the pieces Chinese text can use.

XLM-R's tokenizer (multilingual-e5-small's) holds 250,002 SentencePiece pieces for a hundred
languages; their embedding rows are four fifths of the encoder's 118 M parameters. A Chinese
complaint centre's texts are made of CJK ideographs, CJK and full-width punctuation, digits,
signs (``KEPT_RANGES``) and a few Latin words (APP, WiFi, VIP). Kept are:

1. every piece whose characters all lie in those ranges and that holds no Latin letter
   (20,628 pieces). Any text without a Latin letter tokenises exactly as before: a piece can
   only match a substring of the text, so no piece that could enter the text's Viterbi
   lattice is removed, and the lattice, its scores and its best path stay the same;
2. the Latin pieces the full vocabulary uses on reference texts (the project's starter data,
   and any texts a company adds), and every single-letter piece: those texts tokenise
   exactly as before (their best path is kept, and removing other pieces only removes
   rivals), and an unseen Latin word is spelt with shorter pieces, never as ``<unk>``.
   Keeping every Latin piece instead would cost 80,000 rows (60 M parameters, not 30 M);
3. the special tokens, and the lowest-scoring piece, because the unknown-piece penalty is
   derived from it.

Ids are renumbered in their old order (the special tokens 0-3 keep theirs), and ``kept``
says which old row each new id takes from the embedding matrix.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pipeline.errors import TousuError

METASPACE = "\u2581"  # SentencePiece's word-start mark, part of many pieces

# (first, last, what): code points a kept piece may be made of
KEPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0020, 0x007E, "ASCII"),
    (0x00A0, 0x00BF, "Latin-1 signs (·, °, ±)"),
    (0x00D7, 0x00D7, "multiplication sign"),
    (0x00F7, 0x00F7, "division sign"),
    (0x2000, 0x206F, "general punctuation (—, …, ‘’, “”)"),
    (0x2100, 0x218F, "letterlike symbols and number forms (℃, №, Ⅰ)"),
    (0x2190, 0x21FF, "arrows"),
    (0x2460, 0x24FF, "enclosed alphanumerics (①)"),
    (0x25A0, 0x25FF, "geometric shapes (■, ○, △)"),
    (0x2600, 0x26FF, "miscellaneous symbols (★, ☆)"),
    (0x3000, 0x303F, "CJK symbols and punctuation (、。《》【】)"),
    (0x3200, 0x33FF, "enclosed CJK letters, CJK compatibility (㈠, ㎡)"),
    (0x3400, 0x4DBF, "CJK unified ideographs extension A"),
    (0x4E00, 0x9FFF, "CJK unified ideographs"),
    (0xF900, 0xFAFF, "CJK compatibility ideographs"),
    (0xFE30, 0xFE4F, "CJK compatibility forms"),
    (0xFF00, 0xFFEF, "half-width and full-width forms"),
    (0x20000, 0x2FA1F, "CJK unified ideographs extensions B-F and the compatibility supplement"),
)


class VocabularyError(TousuError):
    """The tokenizer cannot be pruned: not a Unigram model, or a shape this module does not know."""

    code = "encoder_invalid"


def kept_character(char: str) -> bool:
    """True when ``char`` is one a kept piece may contain."""
    if char == METASPACE:
        return True
    point = ord(char)
    return any(first <= point <= last for first, last, _ in KEPT_RANGES)


def latin_letter(char: str) -> bool:
    """True for an ASCII letter: beyond the single letters, pieces holding one are kept only where used."""
    return char.isascii() and char.isalpha()


def covered(text: str) -> bool:
    """True when the pruned vocabulary tokenises ``text`` as the full one, whatever the reference texts.

    That is: every character lies in the kept ranges, and none is a Latin letter.
    """
    return all(kept_character(c) and not latin_letter(c) for c in text if not c.isspace())


@dataclass(frozen=True)
class PrunedVocabulary:
    """The pruned ``tokenizer.json`` and, for each new id, the old id whose embedding row it takes."""

    tokenizer: dict[str, Any]
    kept: list[int]
    size_before: int

    def new_id(self, old: int) -> int:
        """The new id of a kept old id."""
        return self.kept.index(old)

    def old_ids(self, new_ids: Iterable[int]) -> list[int]:
        """Maps ids of the pruned tokenizer back to the full one's."""
        return [self.kept[i] for i in new_ids]


def prune_unigram(tokenizer_json: dict[str, Any], reference_texts: Iterable[str] = ()) -> PrunedVocabulary:
    """Returns a copy of a Unigram ``tokenizer.json`` keeping only the pieces Chinese text can use."""
    from tokenizers import Tokenizer

    model = tokenizer_json.get("model") or {}
    if model.get("type") != "Unigram" or not isinstance(model.get("vocab"), list):
        raise VocabularyError(f"only a Unigram (SentencePiece) tokenizer can be pruned, this one is "
                              f"{model.get('type')!r}")
    vocab = model["vocab"]
    wanted = {int(t["id"]) for t in tokenizer_json.get("added_tokens", [])}
    if model.get("unk_id") is not None:
        wanted.add(int(model["unk_id"]))
    wanted.add(min(range(len(vocab)), key=lambda i: vocab[i][1]))
    full = Tokenizer.from_str(json.dumps(tokenizer_json))
    for text in reference_texts:
        wanted.update(full.encode(text).ids)
    kept = [i for i, (piece, _score) in enumerate(vocab) if i in wanted or _chinese_piece(piece)]
    renumber = {old: new for new, old in enumerate(kept)}

    pruned = copy.deepcopy(tokenizer_json)
    pruned["model"]["vocab"] = [vocab[i] for i in kept]
    if model.get("unk_id") is not None:
        pruned["model"]["unk_id"] = renumber[int(model["unk_id"])]
    for token in pruned.get("added_tokens", []):
        token["id"] = renumber[int(token["id"])]
    if pruned.get("post_processor") is not None:
        _renumber_post_processor(pruned["post_processor"], renumber)
    return PrunedVocabulary(pruned, kept, len(vocab))


def _chinese_piece(piece: str) -> bool:
    """Kept whatever the reference texts: kept characters only, and no Latin letter unless it is the piece."""
    letters = [c for c in piece if latin_letter(c)]
    if not all(kept_character(c) for c in piece):
        return False
    return not letters or len(letters) == 1 and len(piece.replace(METASPACE, "")) == 1


def _renumber_post_processor(processor: dict[str, Any], renumber: dict[int, int]) -> None:
    kind = processor.get("type")
    if kind == "Sequence":
        for inner in processor.get("processors", []):
            _renumber_post_processor(inner, renumber)
    elif kind == "TemplateProcessing":
        for token in processor.get("special_tokens", {}).values():
            token["ids"] = [renumber[int(i)] for i in token["ids"]]
    elif kind in ("RobertaProcessing", "BertProcessing"):
        for key in ("sep", "cls"):
            piece, old = processor[key]
            processor[key] = [piece, renumber[int(old)]]
    elif kind not in ("ByteLevel",):
        raise VocabularyError(f"the tokenizer's post-processor {kind!r} carries ids this module cannot renumber")
