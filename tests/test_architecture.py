"""The import rules of docs/architecture.md, checked on the source: data and imports flow one way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

# a package may import tousu's packages listed here, and no other
ALLOWED = {
    "pipeline": set(),
    "models": {"pipeline"},
    "training": {"pipeline", "models", "tousu.grading", "tousu"},  # tousu: its __version__ only
    "serving": {"pipeline", "models", "tousu.grading", "tousu.settings"},
}
OURS = ("pipeline", "models", "training", "serving", "tousu")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.split(".")[0] in OURS}


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_architecture_imports_flow_one_way(package):
    allowed = ALLOWED[package]
    wrong = sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / package).rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] != package and not any(name == a or (a != "tousu" and name.startswith(a + "."))
                                                     for a in allowed)
    )
    assert wrong == [], f"{package} may import only {sorted(allowed)}"
