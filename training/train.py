"""Trains the linear grader from labelled records and writes a model bundle."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm

from models.bundle import Bundle, save_bundle
from models.linear import OPTIONAL_HEADS, LinearGrader
from pipeline.complaint import Complaint, prepare
from pipeline.cues import CueExtractor, load_lexicon
from pipeline.errors import InvalidTextError
from pipeline.packaged import resource_path
from pipeline.segment import Segmenter
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
              config: TrainConfig, *, progress: bool = False) -> Any:
    """Fits the model on prepared complaints.

    An optional head (emotion, impact …) trains on the records that carry its label, so
    agents' confirmed tickets (category and level only) can join annotated data.
    """
    labels: dict[str, list[Any]] = {
        "category": [r["category"] for r in records],
        "severity": [r["severity"] for r in records],
    }
    for head in OPTIONAL_HEADS:
        if any(r.get(head) is not None for r in records):
            labels[head] = [r.get(head) for r in records]
    return make_estimator(config, progress=progress).fit(complaints, labels)


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
          metrics: dict[str, Any] | None = None, progress: bool = False) -> tuple[Bundle, list[LineProblem]]:
    """Prepares, fits and saves a bundle; returns it with the texts that could not be used."""
    user_dict = user_dict or resource_path("user_dict.txt")
    lexicon_path = lexicon_path or resource_path("cues.yaml")
    complaints, kept, problems = prepare_records(records, config=config, user_dict=user_dict,
                                                 lexicon_path=lexicon_path, progress=progress)
    if len(kept) < 10:
        raise DataError(f"Only {len(kept)} usable training texts; at least 10 are needed.")
    if progress:
        print(f"fitting {len(kept)} complaints …", file=sys.stderr)
    model = fit_model(complaints, kept, config, progress=progress)
    bundle = save_bundle(
        out, model=model, config=config.to_dict(), user_dict=user_dict, lexicon=lexicon_path,
        lexicon_version=load_lexicon(lexicon_path).version, data_sha256=data_sha256,
        n_train=len(kept), metrics=metrics,
    )
    return bundle, problems
