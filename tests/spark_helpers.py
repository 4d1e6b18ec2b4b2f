"""What a Spark test needs: Java and the `spark` extra; skipped where they are absent,
failed instead under TOUSU_TEST_REQUIRE_SPARK=1 (CI)."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

REQUIRE_SPARK = os.environ.get("TOUSU_TEST_REQUIRE_SPARK") == "1"


def need_spark(monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("java") is None:
        message = "no Java here (Debian: apt-get install openjdk-17-jre-headless); the Spark test skips"
        if REQUIRE_SPARK:
            pytest.fail(message + ", but TOUSU_TEST_REQUIRE_SPARK=1 requires it")
        pytest.skip(message)
    pytest.importorskip("pyspark", reason="the spark extra is not installed (pip install 'tousu[spark]')")
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)  # the executors run the project's interpreter
