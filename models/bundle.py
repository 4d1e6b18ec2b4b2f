"""Model bundles: a directory with the fitted model and everything needed to trust it.

Layout::

    bundle/
      model.joblib        the fitted estimator (pickle: load only bundles you built)
      meta.json           bundle id, format, label order, library versions, data hash, metrics
      train_config.json   the TrainConfig the model was trained with
      user_dict.txt       the segmenter's user dictionary
      cues.yaml           the cue lexicon
      template_fields.txt the work-order form labels stripped before the model reads a text
      precedents.joblib   optional: the confirmed complaints grading looks up (models.precedents)

A bundle carries every resource a prediction reads, so a later change to the shipped
resources cannot silently change what an old model sees. Loading refuses a bundle of
another format or built with another scikit-learn minor version. A format-2 bundle
(before the template fields travelled with it) still loads, with the shipped fields.
"""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from models.errors import BundleError
from models.estimator import Estimator
from models.precedents import PrecedentIndex
from pipeline.packaged import resource_path
from pipeline.segment import Backend

BUNDLE_FORMAT = 3  # 3: carries template_fields.txt; 2: featuriser holds plain vocabularies
READABLE_FORMATS = (2, 3)
MODEL_FILE = "model.joblib"
META_FILE = "meta.json"
CONFIG_FILE = "train_config.json"
USER_DICT_FILE = "user_dict.txt"
LEXICON_FILE = "cues.yaml"
TEMPLATE_FILE = "template_fields.txt"
PRECEDENTS_FILE = "precedents.joblib"
_REQUIRED = (MODEL_FILE, META_FILE, CONFIG_FILE, USER_DICT_FILE, LEXICON_FILE)
#: files whose hash meta.json records, and the key it records it under
_HASHED = ((USER_DICT_FILE, "user_dict_sha256"), (LEXICON_FILE, "lexicon_sha256"),
           (TEMPLATE_FILE, "template_fields_sha256"))
#: Libraries whose versions a bundle records; the first must match on major.minor.
_TRACKED = ("scikit-learn", "numpy", "scipy", "joblib", "rjieba", "jieba", "opencc", "torch", "transformers")


def library_versions() -> dict[str, str]:
    """Returns the installed versions of the libraries a bundle depends on."""
    out = {"python": platform.python_version()}
    for name in _TRACKED:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


class PredictionConfig(BaseModel):
    """What prediction reads from a bundle's training config, validated on load."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    segmenter: Backend = "rjieba"
    # bundles trained before the policy took over selective grading (tousu < 0.2) recorded
    # severity_weights in their training config; they keep grading as they were trained
    level_weights: dict[int, float] = Field(default={1: 1.0, 2: 1.0, 3: 1.0}, alias="severity_weights",
                                            description="multiply the level probabilities before the arg-max")

    @field_validator("level_weights")
    @classmethod
    def _every_level(cls, value: dict[int, float]) -> dict[int, float]:
        if sorted(value) != [1, 2, 3] or any(w <= 0 for w in value.values()):
            raise ValueError(f"must give a positive weight to levels 1, 2 and 3, got {value}")
        return value


@dataclass(frozen=True)
class Bundle:
    """A loaded bundle: the estimator, its metadata and the paths of its resources."""

    path: Path
    model: Estimator
    meta: dict[str, Any]
    config: dict[str, Any]
    precedents: PrecedentIndex | None = None

    @property
    def bundle_id(self) -> str:
        return str(self.meta["bundle_id"])

    @property
    def user_dict(self) -> Path:
        return self.path / USER_DICT_FILE

    @property
    def lexicon(self) -> Path:
        return self.path / LEXICON_FILE

    @property
    def template_fields(self) -> Path:
        own = self.path / TEMPLATE_FILE
        return own if own.is_file() else resource_path(TEMPLATE_FILE)  # format 2 carried none

    @cached_property
    def prediction_config(self) -> PredictionConfig:
        return PredictionConfig.model_validate(self.config)


def save_bundle(out: Path, *, model: Any, config: dict[str, Any], user_dict: Path, lexicon: Path,
                lexicon_version: str, data_sha256: str, n_train: int, template_fields: Path | None = None,
                metrics: dict[str, Any] | None = None, extra: dict[str, Any] | None = None,
                precedents: PrecedentIndex | None = None) -> Bundle:
    """Writes a bundle directory (replacing ``out`` atomically) and returns it loaded."""
    import joblib

    tmp = out.with_name(out.name + f".tmp-{uuid.uuid4().hex[:8]}")
    tmp.mkdir(parents=True)
    try:
        joblib.dump(model, tmp / MODEL_FILE, compress=3)
        shutil.copyfile(user_dict, tmp / USER_DICT_FILE)
        shutil.copyfile(lexicon, tmp / LEXICON_FILE)
        shutil.copyfile(template_fields or resource_path(TEMPLATE_FILE), tmp / TEMPLATE_FILE)
        if precedents is not None:
            joblib.dump(precedents, tmp / PRECEDENTS_FILE, compress=3)
        created = datetime.now(UTC)
        meta = {
            "bundle_id": f"{model.name}-{created:%Y%m%dT%H%M%SZ}-{data_sha256[:8]}",
            "format": BUNDLE_FORMAT,
            "model": model.name,
            "created_at": created.isoformat(),
            "classes": model.classes_,
            "dropped_classes": getattr(model, "dropped_classes_", {}),
            "libraries": library_versions(),
            "lexicon_version": lexicon_version,
            **{key: _sha256(tmp / name) for name, key in _HASHED},
            "data_sha256": data_sha256,
            "n_train": n_train,
            "metrics": metrics or {},
            **({"precedents": {"n": len(precedents), "k": precedents.k},
                "precedents_sha256": _sha256(tmp / PRECEDENTS_FILE)} if precedents is not None else {}),
            **(extra or {}),
        }
        (tmp / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
        (tmp / CONFIG_FILE).write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")
        if out.exists():
            old = out.with_name(out.name + f".old-{uuid.uuid4().hex[:8]}")
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old)
        else:
            tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return load_bundle(out)


def read_meta(path: Path) -> dict[str, Any]:
    """Returns a bundle's ``meta.json`` after checking the directory is complete."""
    if not path.is_dir():
        raise BundleError(
            f"No model bundle at {path}. Train one with `tousu train --data FILE --out {path}` "
            "(or `make model` for the bundled default).",
            details={"path": str(path)},
        )
    missing = [name for name in _REQUIRED if not (path / name).is_file()]
    if missing:
        raise BundleError(f"Model bundle {path} is incomplete: missing {missing}.", details={"missing": missing})
    try:
        return json.loads((path / META_FILE).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise BundleError(f"Model bundle {path}: cannot read {META_FILE}: {exc}") from None


def check_compatible(meta: dict[str, Any], path: Path) -> None:
    """Raises BundleError when this installation cannot load the bundle faithfully."""
    if meta.get("format") not in READABLE_FORMATS:
        raise BundleError(
            f"Model bundle {path} has format {meta.get('format')!r}; this tousu reads formats "
            f"{list(READABLE_FORMATS)}. Retrain it with this version of tousu.",
        )
    built = meta.get("libraries", {}).get("scikit-learn", "?")
    here = library_versions()["scikit-learn"]
    if _minor(built) != _minor(here):
        raise BundleError(
            f"Model bundle {path} was built with scikit-learn {built}; this installation has "
            f"{here}. Pickled estimators are not portable across minor versions: retrain the "
            "bundle here or install the matching scikit-learn.",
            details={"built_with": built, "installed": here},
        )
    for name, recorded_key in _HASHED:
        if recorded_key not in meta and meta.get("format") == 2 and name == TEMPLATE_FILE:
            continue
        if not (path / name).is_file() or _sha256(path / name) != meta.get(recorded_key):
            raise BundleError(f"Model bundle {path}: {name} does not match the hash in {META_FILE}; "
                              "the bundle was modified after it was built.")


def load_bundle(path: Path) -> Bundle:
    """Loads a trusted bundle, refusing an incompatible or tampered one with a clear message."""
    import joblib

    path = Path(path)
    meta = read_meta(path)
    check_compatible(meta, path)
    try:
        model = joblib.load(path / MODEL_FILE)
    except Exception as exc:  # a corrupt pickle raises many kinds of errors
        raise BundleError(f"Model bundle {path}: cannot load {MODEL_FILE}: {exc}") from None
    config = json.loads((path / CONFIG_FILE).read_text(encoding="utf-8"))
    bundle = Bundle(path=path, model=model, meta=meta, config=config, precedents=_load_precedents(path, meta))
    try:
        bundle.prediction_config  # noqa: B018  (validated once, here: a bad config stops loading)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise BundleError(f"Model bundle {path}: {CONFIG_FILE} field '{'.'.join(map(str, first['loc']))}': "
                          f"{first['msg']}") from None
    return bundle


def _load_precedents(path: Path, meta: dict[str, Any]) -> PrecedentIndex | None:
    """Loads a bundle's precedents, if it carries any, after checking their hash."""
    import joblib

    recorded = meta.get("precedents_sha256")
    if recorded is None:
        return None
    file = path / PRECEDENTS_FILE
    if not file.is_file() or _sha256(file) != recorded:
        raise BundleError(f"Model bundle {path}: {PRECEDENTS_FILE} is missing or does not match the hash in "
                          f"{META_FILE}; the bundle was modified after it was built.")
    try:
        index = joblib.load(file)
    except Exception as exc:  # a corrupt pickle raises many kinds of errors
        raise BundleError(f"Model bundle {path}: cannot load {PRECEDENTS_FILE}: {exc}") from None
    if not isinstance(index, PrecedentIndex):
        raise BundleError(f"Model bundle {path}: {PRECEDENTS_FILE} holds no precedent index.")
    if getattr(index, "format_", None) != PrecedentIndex.FORMAT:
        raise BundleError(f"Model bundle {path}: its precedents were built by another version of tousu "
                          f"(index format {getattr(index, 'format_', None)!r}, this one reads "
                          f"{PrecedentIndex.FORMAT}). Retrain the bundle with this version.")
    return index
