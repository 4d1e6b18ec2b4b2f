"""How a pruned vocabulary tokenises texts it was not pruned with.

    .venv/bin/python benchmarks/vocab_coverage.py [--texts FILE]

Prunes the encoder's tokenizer with the default reference texts (the starter data), then
tokenises ``FILE`` (default: the shared COCC work orders) with the full and the pruned
vocabulary: how many texts come out identical, how many hold no Latin letter (identical
by construction), and what share of the full vocabulary's pieces the pruned one spells
differently. Needs ``tousu[encoder]``; seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._shared import cocc_train_or_exit, publish  # noqa: E402
from pipeline.complaint import prepare  # noqa: E402
from pipeline.errors import InvalidTextError  # noqa: E402
from training.data import read_texts  # noqa: E402
from training.encoder import TOKENIZER_FILE, packaged_file, tokenisation_texts  # noqa: E402
from training.vocabulary import covered, prune_unigram  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, help="JSONL/CSV with a text field, or one text a line")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    from tokenizers import Tokenizer

    source = packaged_file(*TOKENIZER_FILE)
    pruned = prune_unigram(json.loads(source.read_text(encoding="utf-8")), tokenisation_texts())
    full, small = Tokenizer.from_file(str(source)), Tokenizer.from_str(json.dumps(pruned.tokenizer))
    texts = []
    for raw in read_texts(args.texts or cocc_train_or_exit()):
        try:
            texts.append(prepare(raw).text_features)
        except InvalidTextError:
            continue
    identical = without_latin = pieces = differing = 0
    for text in texts:
        before = full.encode(text).ids
        after = pruned.old_ids(small.encode(text).ids)
        identical += before == after
        without_latin += covered(text)
        pieces += len(before)
        differing += len(set(before) - set(after))
    publish({"vocab": len(pruned.kept), "vocab_before": pruned.size_before, "texts": len(texts),
             "identical": identical, "without_latin_letters": without_latin,
             "pieces_differing_share": round(differing / max(pieces, 1), 4)}, args.json)


if __name__ == "__main__":
    main()
