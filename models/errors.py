"""Domain errors of models and bundles."""

from __future__ import annotations

from pipeline.errors import TousuError


class BundleError(TousuError):
    """A model bundle is missing, incomplete or incompatible with this installation."""

    code = "bundle_invalid"


class NotFittedError(TousuError, AttributeError):
    """A model was used before ``fit``."""

    code = "model_not_fitted"


class RegistryError(TousuError):
    """A registry operation that cannot be done (no such version, nothing to roll back to)."""

    code = "registry_invalid"
