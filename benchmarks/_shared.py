"""Locates the licensed shared data (never copied into this repository)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COCC = Path(os.environ.get("TOUSU_COCC_DIR", ROOT.parent / "shared" / "data" / "cocc"))


def cocc_train_or_exit() -> Path:
    """Returns the shared COCC training file, or exits 0 with a clear message when absent."""
    path = COCC / "train.jsonl"
    if not path.is_file():
        print(f"SKIP: {path} is absent. The COCC corpus is licensed for research use only and is "
              "never copied into this repository; put it at ../shared/data/cocc/ (or set "
              "TOUSU_COCC_DIR) to run this benchmark.")
        sys.exit(0)
    return path
