"""The template a new report starts from (notebooks/template.ipynb, docs/howto/add-a-report.md)
runs under papermill on the small demo: its figures equal the metric functions, its PDF
renders, and it stays under 60 lines of notebook code."""

from __future__ import annotations

import io

import nbformat
import pytest

import kediri_analytics as ka
from kediri_analytics.metrics import performance
from kediri_analytics.present.fmt import number, percent
from kediri_analytics.present.pdf import render

from .papermill_run import NOTEBOOKS, run_notebook

pytestmark = pytest.mark.integration


def test_template_runs_and_matches_the_metrics(demo_small, tmp_path):
    from pypdf import PdfReader

    root, _ = demo_small
    ds = ka.load_folder(root)
    opd = ds.opds()[0]
    items = run_notebook("template", tmp_path, "t", "-p", "data_dir", str(root), "-p", "opd", opd)
    year = int(ds.roster["year"].max())
    c = performance.compliance(ds.roster, ds.skp, ds.skp_documents, year)
    c = c[c["opd"] == opd].iloc[0]
    assert items[0]["scope"] == f"OPD {opd}" and items[0]["period"] == str(year)
    kpi = next(i for i in items if i["kind"] == "kpi")
    assert kpi["value"] == percent(c["rated"] / c["asn"])
    assert kpi["note"] == f"{number(c['rated'])} dari {number(c['asn'])} ASN di roster"
    table = next(i for i in items if i["kind"] == "table")
    assert table["columns"] == ["OPD", "ASN", "punya SKP", "dinilai", "% dinilai"]
    assert table["rows"] == [[opd, number(c["asn"]), number(c["has_skp"]), number(c["rated"])]
                             + [percent(c["share_rated"])]]  # fmt: skip
    assert [i["title"] for i in items if i["kind"] == "section"] == [
        "Ringkasan",
        "Sebaran predikat",
        "Per OPD",
    ]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render(items))).pages)
    assert "Contoh Laporan SKP Tahunan" in text and kpi["value"] in text


def test_template_is_under_60_lines_of_code():
    nb = nbformat.read(NOTEBOOKS / "template.ipynb", as_version=4)
    lines = sum(len(c.source.splitlines()) for c in nb.cells if c.cell_type == "code")
    assert lines < 60, lines
