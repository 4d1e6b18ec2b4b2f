"""The evaluation notebook runs top to bottom (executed, not just parsed) on the shared data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import COCC_DIR, ROOT

pytestmark = [pytest.mark.slow, pytest.mark.shared_data]
NOTEBOOK = ROOT / "notebooks" / "evaluation.ipynb"


def test_notebook_is_committed_without_outputs():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), \
        "clear the notebook's outputs before committing: they would hold licensed texts"


def test_evaluation_notebook_runs_top_to_bottom(tmp_path, monkeypatch):
    if not (COCC_DIR / "train.jsonl").is_file():
        pytest.skip(f"{COCC_DIR} is absent: the COCC corpus is research-only and never copied here")
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    monkeypatch.setenv("TOUSU_COCC_DIR", str(COCC_DIR))
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                     for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "category_macro_f1" in text and "expected calibration error" in text
    assert "ESC-REGULATOR" in text or "IMPACT-INTERRUPTED" in text
    assert not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))
    executed = Path(os.environ["TOUSU_DATA_DIR"]).parent / "evaluation.executed.ipynb"
    nbformat.write(nb, executed)  # kept under the test's tmp dir only, never in the repository
