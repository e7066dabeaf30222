"""The data-quality notebook runs top to bottom through papermill on a real kernel."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill as pm
import pytest

from kediri_analytics.cli import KERNEL_NAME

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "data_quality.ipynb"


@pytest.mark.integration
def test_data_quality_runs_on_demo_data(demo_small, tmp_path, monkeypatch):
    root, m = demo_small
    monkeypatch.setenv("KEDIRI_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "dq.ipynb"
    pm.execute_notebook(
        str(NOTEBOOK), str(out), parameters={"data_dir": str(root)}, kernel_name=KERNEL_NAME,
        cwd=str(tmp_path), progress_bar=False,
    )  # fmt: skip
    nb = nbformat.read(out, as_version=4)
    text = "\n".join(
        o.get("text", "") + str(o.get("data", {}).get("text/markdown", ""))
        for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    )  # fmt: skip
    assert f"**{len(m['files'])}** berkas dibaca (0 tidak dapat dipakai)" in text
    rejected = sum(f["rows"]["rejected"] for f in m["files"])
    assert f"**{rejected}** ditolak" in text
    assert any(
        "image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
        for o in c.get("outputs", [])
    )  # fmt: skip
