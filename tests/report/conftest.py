"""Small notebooks and manifests for the runner tests."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parents[2]
KERNELSPEC = {"display_name": "kediri-analytics", "language": "python", "name": "kediri-analytics"}


def notebook(path: Path, params: str, *body: str) -> Path:
    """Write a notebook with a parameters cell and code cells."""
    cells = [new_code_cell(params, metadata={"tags": ["parameters"]})]
    cells += [new_code_cell(b) for b in body]
    nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC}), path)
    return path
