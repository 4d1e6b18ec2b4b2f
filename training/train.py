"""Trains the linear grader from labelled records and writes a model bundle."""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm

from models.bundle import Bundle, save_bundle
from models.linear import OPTIONAL_HEADS, LinearGrader
from models.precedents import PrecedentIndex
from pipeline.complaint import Complaint, prepare
from pipeline.cues import CueExtractor, load_lexicon
from pipeline.errors import InvalidTextError
from pipeline.packaged import resource_path
from pipeline.segment import Segmenter
from training.checks import drop_overlap
from training.config import TrainConfig
from training.data import DataError, LineProblem


def prepare_records(records: Sequence[dict[str, Any]], *, config: TrainConfig, user_dict: Path,
                    lexicon_path: Path, progress: bool = False
                    ) -> tuple[list[Complaint], list[dict[str, Any]], list[LineProblem]]:
    """Prepares record texts; returns complaints, their records, and texts that failed."""
    segmenter = Segmenter(backend=config.segmenter, user_dict=user_dict)
    extractor = CueExtractor(load_lexicon(lexicon_path))
    complaints, kept, problems = [], [], []
    for record in tqdm(records, desc="prepare", unit="text", disable=not progress, file=sys.stderr):
        try:
            complaints.append(prepare(record["text"], segmenter=segmenter, extractor=extractor))
            kept.append(record)
        except InvalidTextError as exc:
            problems.append(LineProblem(record.get("line", 0), exc.code, exc.message))
    return complaints, kept, problems


def fit_model(complaints: Sequence[Complaint], records: Sequence[dict[str, Any]],
              config: TrainConfig, *, progress: bool = False,
              weigh_on: tuple[Sequence[Complaint], Sequence[dict[str, Any]]] | None = None) -> Any:
    """Fits the model on prepared complaints.

    An optional head (emotion, impact …) trains on the records that carry its label, so
    agents' confirmed tickets (category and level only) can join annotated data.

    The model sees the records in :func:`content_order`, so the same records in any order
    (a store export, a shuffled file, the base data first or last) give the same model.

    ``weigh_on``: prepared complaints and their records on which an ensemble or a cascade
    chooses its members' weights (see :meth:`models.ensemble.EnsembleGrader.fit`).
    """
    labels = labels_of(records)
    order = content_order(records, list(labels))
    ordered = {head: [values[i] for i in order] for head, values in labels.items()}
    estimator = make_estimator(config, progress=progress)
    if weigh_on is None:
        return estimator.fit([complaints[i] for i in order], ordered)
    weigh_complaints, weigh_records = weigh_on
    weigh_labels = {head: [r[head] for r in weigh_records] for head in ("category", "severity")}
    return estimator.fit([complaints[i] for i in order], ordered, weigh_on=(list(weigh_complaints), weigh_labels))


def labels_of(records: Sequence[dict[str, Any]]) -> dict[str, list[Any]]:
    """The labels of ``records`` by head: category, severity and the optional heads any of them carries."""
    labels: dict[str, list[Any]] = {"category": [r["category"] for r in records],
                                   "severity": [r["severity"] for r in records]}
    for head in OPTIONAL_HEADS:
        if any(r.get(head) is not None for r in records):
            labels[head] = [r.get(head) for r in records]
    return labels


def content_order(records: Sequence[dict[str, Any]], heads: Sequence[str]) -> list[int]:
    """Indices of ``records`` sorted by a hash of each one's text and labels.

    Fitting depends on the order of its rows (the linear heads' calibration folds and
    solver, the transformer's validation split and batches). Sorting by content makes the
    order a function of the records alone while keeping it as mixed as a shuffle (a sort by
    text would put every "用户来电…" in one calibration fold). Records with the same text
    and labels are interchangeable, so ties need no rule.
    """
    def key(i: int) -> str:
        content = json.dumps([records[i]["text"], [records[i].get(h) for h in heads]], ensure_ascii=False, default=str)
        return hashlib.sha256(content.encode("utf-8")).hexdigest()

    return sorted(range(len(records)), key=key)


def make_estimator(config: TrainConfig, *, progress: bool = False) -> Any:
    """Returns the unfitted estimator the config names (transformer ones need the extra)."""
    if config.model == "linear":
        return LinearGrader(**config.model_params())
    from models.transformer import TransformerGrader

    transformer = TransformerGrader(**config.transformer_params(), progress=progress)
    if config.model == "transformer":
        return transformer
    members = [LinearGrader(**config.model_params()), transformer]
    if config.model == "cascade":
        from models.cascade import CascadeGrader

        return CascadeGrader(members, max_share=config.cascade_share, random_state=config.random_state)
    from models.ensemble import EnsembleGrader

    return EnsembleGrader(members, random_state=config.random_state)


def train(records: Sequence[dict[str, Any]], out: Path, *, config: TrainConfig, data_sha256: str,
          user_dict: Path | None = None, lexicon_path: Path | None = None,
          metrics: dict[str, Any] | None = None, progress: bool = False,
          weigh_records: Sequence[dict[str, Any]] = (),
          precedent_records: Sequence[dict[str, Any]] = ()) -> tuple[Bundle, list[LineProblem]]:
    """Prepares, fits and saves a bundle; returns it with the texts that could not be used.

    ``weigh_records``: labelled records on which an ensemble or a cascade chooses its members'
    weights (``tousu train --weights-data``); a training record with the same text is left out.
    ``precedent_records``: confirmed complaints the bundle looks up when it grades (``tousu train
    --precedents``, the store's tickets in ``tousu retrain``; see :mod:`models.precedents`).
    """
    user_dict = user_dict or resource_path("user_dict.txt")
    lexicon_path = lexicon_path or resource_path("cues.yaml")
    weigh_on = None
    if weigh_records:
        if config.model not in ("ensemble", "cascade"):
            raise DataError("Weights data chooses an ensemble's or a cascade's weights; "
                            f"a {config.model} model has none.")
        records, left_out = drop_overlap(records, weigh_records)
        weigh_complaints, weigh_kept, weigh_problems = prepare_records(weigh_records, config=config,
                                                                       user_dict=user_dict, lexicon_path=lexicon_path)
        if len(weigh_kept) < 10:
            raise DataError(f"Only {len(weigh_kept)} usable texts to choose the weights on; at least 10 are needed.")
        weigh_on = (weigh_complaints, weigh_kept)
        metrics = {**(metrics or {}), "weights_chosen_on": {"n": len(weigh_kept), "left_out_of_training": left_out}}
    complaints, kept, problems = prepare_records(records, config=config, user_dict=user_dict,
                                                 lexicon_path=lexicon_path, progress=progress)
    if weigh_on is not None:
        problems += [LineProblem(p.line, p.code, f"(weights data) {p.message}") for p in weigh_problems]
    if len(kept) < 10:
        raise DataError(f"Only {len(kept)} usable training texts; at least 10 are needed.")
    precedents = None
    if precedent_records:
        precedents, precedent_problems = index_precedents(precedent_records, config=config, user_dict=user_dict,
                                                          lexicon_path=lexicon_path)
        problems += precedent_problems
        metrics = {**(metrics or {}), "precedents": {"n": len(precedents)}}
    if progress:
        print(f"fitting {len(kept)} complaints …", file=sys.stderr)
    model = fit_model(complaints, kept, config, progress=progress, weigh_on=weigh_on)
    bundle = save_bundle(
        out, model=model, config=config.to_dict(), user_dict=user_dict, lexicon=lexicon_path,
        lexicon_version=load_lexicon(lexicon_path).version, data_sha256=data_sha256,
        n_train=len(kept), metrics=metrics, precedents=precedents,
    )
    return bundle, problems


def index_precedents(records: Sequence[dict[str, Any]], *, config: TrainConfig, user_dict: Path, lexicon_path: Path
                     ) -> tuple[PrecedentIndex, list[LineProblem]]:
    """Indexes confirmed complaints by their prepared text, with their levels and ids (a record
    without an id is named by its line); returns the index and the texts that could not be used."""
    complaints, kept, problems = prepare_records(records, config=config, user_dict=user_dict, lexicon_path=lexicon_path)
    problems = [LineProblem(p.line, p.code, f"(precedents) {p.message}") for p in problems]
    if not kept:
        raise DataError("No usable precedent texts.")
    ids = [str(r["id"]) if r.get("id") is not None else f"line {r.get('line', i + 1)}" for i, r in enumerate(kept)]
    index = PrecedentIndex().fit([c.text_features for c in complaints], [int(r["severity"]) for r in kept], ids)
    return index, problems
