"""The grading path: prepared text → bundle's model → a :class:`Prediction` per complaint.

``Grader`` owns one bundle and the text stages configured by it (its user dictionary and
cue lexicon). ``grade`` never raises for one bad text in a batch: each item is either a
``Graded`` result or the coded error that text produced.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from models.bundle import Bundle, load_bundle
from pipeline.complaint import Complaint, prepare
from pipeline.cues import CueExtractor, load_lexicon
from pipeline.errors import InvalidTextError, TousuError
from pipeline.normalise import MAX_TEXT_CHARS
from pipeline.policy import Policy, PolicyDecision, decide
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
        self.model = bundle.model
        self.max_chars = max_chars
        self.segmenter = Segmenter(backend=bundle.config.get("segmenter", "rjieba"), user_dict=bundle.user_dict)
        self.extractor = CueExtractor(load_lexicon(bundle.lexicon))
        weights = bundle.config.get("severity_weights", {"1": 1.0, "2": 1.0, "3": 1.0})
        self._severity_classes = [int(c) for c in self.model.classes_["severity"]]
        self._severity_weights = np.asarray([float(weights[str(c)]) for c in self._severity_classes])

    @classmethod
    def from_path(cls, path: Path | str) -> Grader:
        """Returns a grader over the bundle at ``path``."""
        return cls(load_bundle(Path(path)))

    @property
    def bundle_id(self) -> str:
        return self.bundle.bundle_id

    def prepare(self, text: str) -> Complaint:
        """Runs the text stages with this bundle's dictionary and lexicon."""
        return prepare(text, segmenter=self.segmenter, extractor=self.extractor, max_chars=self.max_chars)

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
        sev_best = (proba["severity"] * self._severity_weights).argmax(axis=1).tolist()
        cat_rows = proba["category"].tolist()
        sev_rows = proba["severity"].tolist()
        emotions = ([int(classes["emotion"][j]) for j in proba["emotion"].argmax(axis=1)]
                    if "emotion" in proba else None)
        impacts = ([str(classes["impact"][j]) for j in proba["impact"].argmax(axis=1)]
                   if "impact" in proba else None)
        unlearned = set(self.model.dropped_classes_.get("impact", ()))
        out = []
        for i, complaint in enumerate(complaints):
            cues = complaint.cues
            changes: dict[str, object] = {}
            if emotions is not None:
                changes["emotion"] = emotions[i]
            if impacts is not None and cues.impact not in unlearned:
                # the lexicon's rare classes (data_loss) stand when the model never learned them
                changes["impact"] = impacts[i]
            if changes:
                cues = replace(cues, **changes)
            c, s = cat_best[i], sev_best[i]
            out.append(Prediction(
                category=categories[c],
                category_proba=cat_rows[i][c],
                category_scores=dict(zip(categories, cat_rows[i], strict=True)),
                severity=self._severity_classes[s],
                severity_proba=sev_rows[i][s],
                severity_scores=dict(zip(self._severity_classes, sev_rows[i], strict=True)),
                cues=cues,
                evidence=float(evidence[i]),
                bundle_id=self.bundle_id,
            ))
        return out


@dataclass(frozen=True, slots=True)
class Classified:
    """A graded complaint with the policy's decision: what ``tousu classify`` prints."""

    graded: Graded
    decision: PolicyDecision

    def to_dict(self) -> dict[str, object]:
        """Returns the decision as JSON-ready data (masked text only, never the raw text)."""
        p = self.graded.prediction
        out: dict[str, object] = self.decision.to_dict()
        out.update({
            "category_scores": {k: round(v, 4) for k, v in p.category_scores.items()},
            "severity_scores": {str(k): round(v, 4) for k, v in p.severity_scores.items()},
            "evidence": round(p.evidence, 4),
            "cues": p.cues.to_dict(),
            "text_masked": self.graded.complaint.text_masked,
            "model_version": p.bundle_id,
            "timing_ms": round(self.graded.elapsed_ms, 3),
        })
        return out


def classify(grader: Grader, policy: Policy, texts: Sequence[str],
             received_at: Sequence[dt.datetime] | dt.datetime) -> list[Classified | TousuError]:
    """Grades texts and runs each through the policy; one result or coded error per text."""
    stamps = [received_at] * len(texts) if isinstance(received_at, dt.datetime) else list(received_at)
    out: list[Classified | TousuError] = []
    for item, when in zip(grader.grade(texts), stamps, strict=True):
        if isinstance(item, TousuError):
            out.append(item)
            continue
        try:
            decision = decide(item.prediction, item.prediction.cues, policy, when)
        except TousuError as exc:
            out.append(exc)
            continue
        out.append(Classified(item, decision))
    return out
