"""The data-quality notebook runs top to bottom with the bare papermill CLI on a real kernel
(city-wide; for one OPD on a warm kernel, as the other notebook tests), and its Brief holds
the figures from the data."""

from __future__ import annotations

import pytest

from kediri_analytics.present.fmt import number

from .papermill_run import run_notebook


@pytest.mark.integration
def test_data_quality_runs_with_the_papermill_cli(demo_small, tmp_path):
    root, m = demo_small
    items = run_notebook("data_quality", tmp_path, "dq", "-p", "data_dir", str(root), cli=True)
    kpi = {i["label"]: i for i in items if i["kind"] == "kpi"}
    assert items[0]["kind"] == "cover" and items[0]["scope"] == "Seluruh Kota Kediri"
    assert kpi["Berkas dibaca"]["value"] == number(len(m["files"]))
    rejected = sum(f["rows"]["rejected"] for f in m["files"])
    assert kpi["Baris dimuat"]["note"] == f"{number(rejected)} ditolak"
    assert any(i["kind"] == "figure" and i["svg"].startswith("<?xml") for i in items)

    opd = m["opds"][0] if "opds" in m else None
    if opd is None:  # the OPD names as the generator wrote them
        import kediri_analytics as ka

        opd = ka.load_folder(root).opds()[0]
    items = run_notebook(
        "data_quality", tmp_path, "dq_opd", "-p", "data_dir", str(root), "-p", "opd", opd
    )
    assert items[0]["scope"] == f"OPD {opd}"
    table = next(i for i in items if i["kind"] == "table" and i["columns"][0] == "OPD")
    assert [r[0] for r in table["rows"]] == [opd]
