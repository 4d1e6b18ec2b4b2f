"""Files shipped inside the package (``pipeline/resources``): lexicon, dictionary, templates.

Training copies them into each bundle; prediction reads the bundle's copies, never these.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: The folder of shipped resources (tests point it elsewhere to prove a bundle ignores it).
RESOURCES = Path(str(resources.files("pipeline") / "resources"))


def resource_path(name: str) -> Path:
    """Returns the path of a file shipped in ``pipeline/resources``."""
    return RESOURCES / name
