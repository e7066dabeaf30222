"""The ASN Award shortlist through the runner: at most 3 per OPD in total, the OPDs that
nominated more listed as the manifest says, names only of the shortlist in the PDF, NIPs
masked, an Excel file for the panel beside the PDF."""

from __future__ import annotations

import io
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import openpyxl
import pytest

import kediri_analytics as ka
from kediri_analytics.present.pdf import items_of
from kediri_analytics.report import run

pytestmark = pytest.mark.integration


def test_shortlist_report_caps_masks_and_exports(demo_small, tmp_path):
    from pypdf import PdfReader

    root, manifest = demo_small
    manifest_path = Path(__file__).parents[2] / "reports.yml"  # not the worker's cwd
    # on this process's thread and warm helper (the local process pool: the runner's tests)
    with ThreadPoolExecutor(1) as pool:
        res = run(
            manifest_path,
            data=root,
            out=tmp_path / "out",
            only=["asn_award_shortlist"],
            executor=pool,
            progress=False,
        )
    r = res.reports[0]
    assert r["status"] == "ok", r["error"]
    assert set(r["outputs"]) == {"ipynb", "html", "pdf", "xlsx"}
    items = items_of(nbformat.read(res.run_dir / r["outputs"]["ipynb"], as_version=4))
    tables = [i for i in items if i["kind"] == "table" and "kandidat terpilih" in i["caption"]]
    assert tables
    shortlisted_names = set()
    opd = [row[0] for tb in tables for row in tb["rows"]]
    assert max(opd.count(o) for o in set(opd)) <= 3  # in total, across the categories
    for tb in tables:
        nips = [row[tb["columns"].index("NIP")] for row in tb["rows"]]
        assert all(re.fullmatch(r"\d{6}\*{8}\d{4}", n) for n in nips)
        shortlisted_names |= {row[2] for row in tb["rows"]}
    # names in the PDF: only the shortlist's
    ds = ka.load_folder(root)
    pdf = (res.run_dir / r["outputs"]["pdf"]).read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    others = {
        n
        for n in set(ds.roster["nama"].dropna()) - shortlisted_names
        if len(n) > 12 and not any(n in s for s in shortlisted_names)
    }
    assert not [n for n in others if n in text]
    assert not re.search(r"\d{18}", text)  # no full NIP anywhere
    # the OPDs that nominated more than 3 (all categories together), with their count
    over = manifest["truth"]["asn_award_nominations"][2024]["over_limit"]
    flat = " ".join(text.split())
    assert f"{len(over)} OPD mengusulkan lebih dari 3 orang" in flat
    for o, n in over.items():
        assert f"{o} ({n} usulan)" in flat, o
    listed = next(i for i in items if i["kind"] == "table" and "melebihi batas" in i["caption"])
    assert len(listed["rows"]) == sum(over.values())
    assert "SKP tahunan 2022-2023" in flat and "tanpa rekomendasi kepala OPD" in flat
    wb = openpyxl.load_workbook(res.run_dir / r["outputs"]["xlsx"])
    assert wb.sheetnames == ["Daftar pendek", "Semua calon", "Usulan melebihi batas"]
    assert wb["Daftar pendek"].freeze_panes == "A2"
