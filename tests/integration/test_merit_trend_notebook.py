"""The merit-trend report on the demo data: its summary figures equal the metric functions,
its PDF carries them in Indonesian format with the published results and band names, and it
runs for one OPD and on bad input (papermill on the project kernel, see papermill_run.py)."""

from __future__ import annotations

import io
from pathlib import Path

import nbformat
import pytest

import kediri_analytics as ka
from kediri_analytics.metrics import merit
from kediri_analytics.present.fmt import number
from kediri_analytics.present.pdf import items_of, render

from .papermill_run import run_notebook

pytestmark = pytest.mark.integration


def _run(tmp_path: Path, name: str, *params: str) -> list[dict]:
    return run_notebook("merit_trend", tmp_path, name, *params)


def test_city_summary_matches_the_metrics_and_the_pdf(demo_small, merit_trend_city):
    from pypdf import PdfReader

    root, manifest = demo_small
    truth = manifest["truth"]
    items = items_of(nbformat.read(merit_trend_city, as_version=4))
    ds = ka.load_folder(root)
    idx = merit.index_by_year(ds.merit_assessment)
    last, first = idx.iloc[-1], idx.iloc[0]
    nxt, gap = merit.gap_to_next_band(last["score"], int(last["year"]))
    kpi = {i["label"]: i for i in items if i["kind"] == "kpi"}
    k = kpi[f"Skor sistem merit {int(last['year'])}"]
    assert k["value"] == number(last["score"], 1)
    assert k["note"] == f"indeks {number(last['index'], 3)}, kategori {last['band']}"
    change = kpi[f"Perubahan {int(first['year'])}-{int(last['year'])}"]["value"]
    assert change.lstrip("+") == number(last["score"] - first["score"], 1)
    if nxt is None:  # already in the top band
        assert kpi["Kategori tertinggi"]["value"] == "-"
    else:
        assert kpi[f"Menuju {nxt}"]["value"] == number(gap, 1)
    # who is counted: ASN per jenis and those not expected to report, per year, as the truth
    per_year = next(
        i
        for i in items
        if i["kind"] == "table" and i["caption"].startswith("ASN per jenis di roster per tahun")
    )
    cols = per_year["columns"]
    for row in per_year["rows"]:
        want = truth["not_expected"].get(int(row[0]), {}).get("people", 0)
        assert row[cols.index("tidak wajib SKP")] == number(want), row
    assert "PPPK" in cols
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render(items))).pages)
    for s in ("254,4", "272,5", "Baik", "Sangat Baik", number(last["score"], 1), "Catatan data"):
        assert s in text, s


def test_one_opd_and_bad_input_still_render(demo_small, tmp_path):
    root, _ = demo_small
    opd = ka.load_folder(root).opds()[0]
    items = _run(tmp_path, "opd", "-p", "data_dir", str(root), "-p", "opd", opd)
    assert items[0]["scope"] == f"OPD {opd}"
    assert any(i["kind"] == "text" and f"{opd} berada di peringkat" in i["text"] for i in items)
    items = _run(tmp_path, "none", "-p", "data_dir", str(root), "-p", "opd", "Dinas Antah")
    assert "OPD Dinas Antah tidak ada di data" in items[2]["text"]
    items = _run(
        tmp_path,
        "old",
        "-p",
        "data_dir",
        str(root),
        "-p",
        "year_from",
        "2010",
        "-p",
        "year_to",
        "2012",
    )
    assert not any(i["kind"] == "figure" for i in items)  # no empty axis
    assert "Tidak ada penilaian mandiri sistem merit untuk 2010-2012" in items[2]["text"]
    render(items)


def test_without_a_training_export_training_and_ip_asn_read_no_data(demo_small, tmp_path):
    """Missing stays missing: no training list means 'tidak ada data' for the training share
    in every year and for IP ASN (its kompetensi needs the training history), never 0,0%."""
    import shutil

    root, _ = demo_small
    bare = tmp_path / "tanpa_pelatihan"
    shutil.copytree(root, bare, ignore=shutil.ignore_patterns("pelatihan", "MANIFEST.json"))
    items = _run(tmp_path, "bare", "-p", "data_dir", str(bare))
    table = next(i for i in items if i["kind"] == "table" and i["columns"][0] == "Indikator")
    rows = {r[0]: r[1:] for r in table["rows"]}
    assert set(rows["ASN dengan pelatihan cukup (JP)"]) == {"tidak ada data"}
    assert "0,0%" not in [str(v) for r in table["rows"] for v in r]  # no cell reads 0,0%
    texts = " ".join(i["text"] for i in items if i["kind"] == "text")
    assert "IP ASN 2024: tidak ada data." in texts
    assert not any(i["kind"] == "kpi" and "IP ASN" in i["label"] for i in items)
    render(items)
