"""Run a notebook with the bare papermill CLI on the project kernel; return its Brief pieces."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat

from kediri_analytics.cli import KERNEL_NAME
from kediri_analytics.present.pdf import items_of

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def run_notebook(name: str, tmp_path: Path, out: str, *params: str) -> list[dict]:
    """``papermill notebooks/<name>.ipynb <tmp_path>/<out>.ipynb -k ... <params>`` with its own
    cache folder under ``tmp_path``; the executed notebook's Brief pieces."""
    env = {**os.environ, "KEDIRI_CACHE_DIR": str(tmp_path / "cache")}
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
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return items_of(nbformat.read(target, as_version=4))
