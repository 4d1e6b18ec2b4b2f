"""Loads the policy file: the shipped one, a path, or ``$TOUSU_POLICY``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from pipeline.errors import PolicyError
from pipeline.policy.schema import Policy


def default_policy_path() -> Path:
    """Returns the path of the policy shipped with the package."""
    return Path(str(resources.files("pipeline.policy") / "policy.yaml"))


def load_policy(path: Path | str | None = None) -> Policy:
    """Returns the validated policy at ``path`` (the shipped one when None).

    Raises PolicyError naming the first bad field; the service calls this at start-up so
    a bad file stops the deploy, not a request.
    """
    path = Path(path) if path else default_policy_path()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PolicyError(f"Cannot read policy file {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise PolicyError(f"Policy file {path} is not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise PolicyError(f"Policy file {path} must hold a mapping at the top level")
    try:
        return Policy.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]) or "(policy)"
            msg = err["msg"].removeprefix("Value error, ")
            problems.append(f"{field}: {msg}")
        raise PolicyError(
            f"Policy file {path} is invalid: " + " | ".join(problems),
            details={"path": str(path), "problems": problems},
        ) from None
