"""Debian's headless Chromium for the browser tests: where it is, the marks that skip a test
without it, and a driver (selenium + chromedriver, never a downloaded browser build)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

#: a browser test's marks: `make test-browser` selects them; skipped, saying why, without
#: Chromium and its chromedriver
MARKS = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.skipif(
        not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
        reason="no Chromium/chromedriver: install Debian's with `make browser-deps`",
    ),
]


def driver(profile: Path):
    """A headless Chromium with its own profile folder ``profile``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1400,1800",
        f"--user-data-dir={profile}",
    ):
        opts.add_argument(a)
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
