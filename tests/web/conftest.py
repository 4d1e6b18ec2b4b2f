"""Browser fixtures: Debian's Chromium driven by Playwright (no browser is downloaded)."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("TOUSU_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
REQUIRE_BROWSER = os.environ.get("TOUSU_TEST_REQUIRE_BROWSER") == "1"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def _cjk_font() -> bool:
    """Whether fontconfig knows a font with Chinese glyphs (else Chromium draws boxes)."""
    import subprocess

    try:
        listed = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return False
    return bool(listed.strip())


@pytest.fixture(scope="session")
def browser():
    problem = None
    if not os.path.exists(CHROMIUM):
        problem = f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)"
    elif not _cjk_font():
        problem = "no CJK font: Chinese pages would render as boxes (Debian: apt-get install fonts-noto-cjk)"
    if problem:
        message = problem + "; browser tests skip"
        if REQUIRE_BROWSER:
            pytest.fail(message + ", but TOUSU_TEST_REQUIRE_BROWSER=1 requires them")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()
