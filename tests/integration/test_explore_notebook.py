"""The analyst tour (notebooks/explore.ipynb) runs top to bottom under papermill on the demo:
the Dataset summary, styled metric tables, charts, the Excel export and the Brief preview all
appear; without data it says how to get some; a misspelt OPD lists the valid names."""

from __future__ import annotations

import nbformat
import openpyxl
import pytest

import kediri_analytics as ka

from .papermill_run import NotebookFailed, run_notebook

pytestmark = pytest.mark.integration


def _outputs(path):
    nb = nbformat.read(path, as_version=4)
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def test_explore_runs_and_shows_its_outputs(demo_small, tmp_path):
    root, _ = demo_small
    opd = ka.load_folder(root).opds()[0]
    out = tmp_path / "excel"
    run_notebook(
        "explore",
        tmp_path,
        "explore",
        "-p",
        "data_dir",
        str(root),
        "-p",
        "opd",
        opd,
        "-p",
        "out_dir",
        str(out),
    )
    outs = _outputs(tmp_path / "explore.ipynb")
    assert not [o for o in outs if o.output_type == "error"]
    html = " ".join(o.get("data", {}).get("text/html", "") for o in outs)
    assert "kediri-analytics Dataset" in html and "jenis berkas" in html  # ds displayed
    assert "metrik distribution" in html and "%" in html  # a metric output, styled
    assert "rules/predikat_matrix.yaml" in html  # a rule table, styled
    images = [o for o in outs if "image/png" in o.get("data", {})]
    assert len(images) >= 3  # two charts and the Brief's page preview
    wb = openpyxl.load_workbook(out / f"{opd}.xlsx")
    assert wb.sheetnames == ["Predikat per tahun", "Belum lengkap"]


def test_explore_without_data_says_how_to_get_it(tmp_path):
    with pytest.raises(NotebookFailed) as e:
        run_notebook("explore", tmp_path, "nodata", "-p", "data_dir", str(tmp_path / "none"))
    assert "make demo-data" in e.value.stderr and "set data_dir" in e.value.stderr


def test_explore_with_a_misspelt_opd_lists_the_valid_names(demo_small, tmp_path):
    root, _ = demo_small
    known = ka.load_folder(root).opds()
    with pytest.raises(NotebookFailed) as e:
        run_notebook(
            "explore", tmp_path, "badopd", "-p", "data_dir", str(root), "-p", "opd", known[0][:-2]
        )
    assert "tidak ada di data" in e.value.stderr and known[-1] in e.value.stderr
