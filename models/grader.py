"""The model's half of grading: prepared text → bundle's model → a :class:`Prediction`.

``Grader`` owns one bundle and the text stages configured by it (its user dictionary,
cue lexicon and work-order template fields, all read from the bundle). It predicts and
nothing else: the policy's decision is composed on top of it in ``tousu.grading``.
``grade`` never raises for one bad text in a batch: each item is either a ``Graded``
result or the coded error that text produced.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from models.bundle import Bundle, load_bundle
from models.estimator import Estimator
from pipeline.complaint import Complaint, TemplateStripper, prepare
from pipeline.cues import CueExtractor, load_lexicon
from pipeline.errors import InvalidTextError
from pipeline.normalise import MAX_TEXT_CHARS
from pipeline.prediction import Prediction
from pipeline.segment import Segmenter


@dataclass(frozen=True, slots=True)
class Graded:
    """One graded complaint: the prepared text, the prediction and the time it took."""

    complaint: Complaint
    prediction: Prediction
    elapsed_ms: float


class Grader:
    """Grades complaint texts with one model bundle."""

    def __init__(self, bundle: Bundle, *, max_chars: int = MAX_TEXT_CHARS) -> None:
        self.bundle = bundle
        self.model: Estimator = bundle.model
        self.max_chars = max_chars
        settings = bundle.prediction_config
        self.segmenter = Segmenter(backend=settings.segmenter, user_dict=bundle.user_dict)
        self.extractor = CueExtractor(load_lexicon(bundle.lexicon))
        self.template = TemplateStripper.from_file(bundle.template_fields)
        self._levels = [int(c) for c in self.model.classes_["severity"]]
        self._level_weights = np.asarray([settings.level_weights[c] for c in self._levels])

    @classmethod
    def from_path(cls, path: Path | str) -> Grader:
        """Returns a grader over the bundle at ``path``."""
        return cls(load_bundle(Path(path)))

    @property
    def bundle_id(self) -> str:
        return self.bundle.bundle_id

    def prepare(self, text: str) -> Complaint:
        """Runs the text stages with this bundle's dictionary and lexicon."""
        return prepare(text, segmenter=self.segmenter, extractor=self.extractor, template=self.template,
                       max_chars=self.max_chars)

    def grade(self, texts: Sequence[str]) -> list[Graded | InvalidTextError]:
        """Returns one result per text: ``Graded``, or the coded error of a bad text."""
        started = time.perf_counter()
        prepared: list[Complaint | InvalidTextError] = []
        for text in texts:
            try:
                prepared.append(self.prepare(text))
            except InvalidTextError as exc:
                prepared.append(exc)
        good = [c for c in prepared if isinstance(c, Complaint)]
        predictions = iter(self.predict(good)) if good else iter(())
        elapsed = (time.perf_counter() - started) * 1000 / max(len(texts), 1)
        return [
            Graded(item, next(predictions), elapsed) if isinstance(item, Complaint) else item
            for item in prepared
        ]

    def predict(self, complaints: Sequence[Complaint]) -> list[Prediction]:
        """Returns the model's prediction for prepared complaints."""
        proba, evidence = self.model.predict_scores(complaints)
        classes = self.model.classes_
        categories = [str(c) for c in classes["category"]]
        # arg-maxes for the whole batch at once; rows become plain lists once
        cat_best = proba["category"].argmax(axis=1).tolist()
        sev_best = (proba["severity"] * self._level_weights).argmax(axis=1).tolist()
        cat_rows = proba["category"].tolist()
        sev_rows = proba["severity"].tolist()
        emotions = ([int(classes["emotion"][j]) for j in proba["emotion"].argmax(axis=1)]
                    if "emotion" in proba else None)
        impacts = ([str(classes["impact"][j]) for j in proba["impact"].argmax(axis=1)]
                   if "impact" in proba else None)
        index = self.bundle.precedents
        precedents = index.nearest([c.text_features for c in complaints]) if index is not None else None
        out = []
        for i, complaint in enumerate(complaints):
            cues = complaint.cues
            # the heads' reading goes beside the lexicon's, never over it: the policy's rules
            # fire on words in the text, the model's judgement reaches the grade through its level
            changes: dict[str, object] = {}
            if emotions is not None:
                changes["model_emotion"] = emotions[i]
            if impacts is not None:
                changes["model_impact"] = impacts[i]
            if changes:
                cues = cues.model_copy(update=changes)
            c, s = cat_best[i], sev_best[i]
            out.append(Prediction(
                category=categories[c],
                category_proba=cat_rows[i][c],
                category_scores=dict(zip(categories, cat_rows[i], strict=True)),
                level=self._levels[s],
                level_proba=sev_rows[i][s],
                level_scores=dict(zip(self._levels, sev_rows[i], strict=True)),
                cues=cues,
                evidence=float(evidence[i]),
                bundle_id=self.bundle_id,
                precedents=precedents[i] if precedents is not None else (),
            ))
        return out
