"""Run a notebook with the bare papermill CLI on the project kernel; return its Brief pieces."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat

from kediri_analytics.cli import KERNEL_NAME
from kediri_analytics.present.pdf import items_of

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def run_notebook(name: str, tmp_path: Path, out: str, *params: str) -> list[dict]:
    """``papermill notebooks/<name>.ipynb <tmp_path>/<out>.ipynb -k ... <params>``; the executed
    notebook's Brief pieces. The kernel reads the run's warm loader cache (KEDIRI_CACHE_DIR,
    tests/conftest.py), as an analyst's kernel reads theirs."""
    target = tmp_path / f"{out}.ipynb"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "papermill",
            str(NOTEBOOKS / f"{name}.ipynb"),
            str(target),
            "-k",
            KERNEL_NAME,
            "--no-progress-bar",
            *params,
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    )
    return items_of(nbformat.read(target, as_version=4))
