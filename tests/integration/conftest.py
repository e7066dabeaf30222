"""One JupyterLab for the run: ``kediri-analytics lab`` on loopback, started the first time a
test asks for it and stopped at the end of the run. test_lab.py checks its API and
test_browser.py drives Chromium against it; both files are in the group "jupyterlab" of
tests/conftest.py, so one xdist worker runs them and starts it once."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

import kediri_analytics as ka

from ..conftest import build_once
from .papermill_run import run_notebook

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "kediri-test-token"


@pytest.fixture(scope="session")
def merit_trend_city(demo_small, shared_dir) -> Path:
    """The merit-trend report run city-wide on the small demo (papermill, as
    papermill_run.py runs it), once per test run for the tests that read it: its executed
    notebook. Read only."""

    def build(out: Path) -> None:
        out.mkdir()
        run_notebook("merit_trend", out, "city", "-p", "data_dir", str(demo_small[0]))

    return build_once(shared_dir, "merit-trend-city", build) / "city.ipynb"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_lab(port: int, token: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.time() + 90
    while True:
        try:
            req = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/status", headers={"Authorization": f"token {token}"}
            )
            with urllib.request.urlopen(req, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            if time.time() > deadline or proc.poll() is not None:
                tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
                raise RuntimeError(f"JupyterLab did not start:\n{tail}") from None
            time.sleep(0.5)


@pytest.fixture(scope="session")
def lab(demo_small, tmp_path_factory):
    """JupyterLab (``kediri-analytics lab --token ...``) serving a project-shaped folder:
    notebooks/explore.ipynb and data/demo. Yields (url, token, folder)."""
    root, _ = demo_small
    folder = tmp_path_factory.mktemp("lab")
    (folder / "notebooks").mkdir()
    # the analyst's one edit: an OPD of this (small) demo in the parameters cell
    nb = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    opd = ka.load_folder(root).opds()[0]
    params.source = re.sub(r'^opd = ".*?"', f"opd = {opd!r}", params.source, flags=re.M)
    nbformat.write(nb, folder / "notebooks" / "explore.ipynb")
    (folder / "data").mkdir()
    (folder / "data" / "demo").symlink_to(root, target_is_directory=True)
    port = _free_port()
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(folder / "rt")}
    log_path = folder / "lab.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kediri_analytics",
            "lab",
            "--port",
            str(port),
            "--token",
            TOKEN,
            "--no-browser",
            "--root",
            str(folder),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        _wait_for_lab(port, TOKEN, proc, log_path)
        yield f"http://127.0.0.1:{port}", TOKEN, folder
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
