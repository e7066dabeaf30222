"""The BKN Award readiness report: every category of the award year from the rules, with a
score, in the PDF; a threshold changed in an override folder changes the result; a year
without rules (2024: no published list) gives a clear message; readiness is measured on the
latest complete data year and the report names it."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from kediri_analytics import rules
from kediri_analytics.present.pdf import render

from .papermill_run import run_notebook

pytestmark = pytest.mark.integration


def _run(tmp_path: Path, name: str, *params: str) -> list[dict]:
    return run_notebook("bkn_award_readiness", tmp_path, name, *params)


def _scores(items) -> dict[str, str]:
    table = next(i for i in items if i["kind"] == "table" and i["columns"][0] == "Kategori")
    return {r[0]: r[1] for r in table["rows"]}


def test_every_category_has_a_score_and_an_override_changes_it(demo_small, tmp_path):
    from pypdf import PdfReader

    root, _ = demo_small
    # the default award year: the latest with rules (2023)
    items = _run(
        tmp_path,
        "city",
        "-p",
        "data_dir",
        str(root),
        "-p",
        "excel_path",
        str(tmp_path / "kriteria.xlsx"),
    )
    cats = rules.load("bkn_award")["categories"][2023]
    assert len(cats) == 5
    scores = _scores(items)
    assert sorted(scores) == sorted(cats)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render(items))).pages)
    text = " ".join(text.split())
    for c in cats:
        assert c in text, c
    assert "Kesiapan BKN Award 2023" in text
    assert "Kesiapan diukur pada data 2023" in text
    wb = openpyxl.load_workbook(tmp_path / "kriteria.xlsx")
    assert wb.sheetnames == ["Ringkasan", "Kriteria", "Langkah", "Bukti dukung"]
    assert wb["Kriteria"].freeze_panes == "A2"

    # an agency's override folder: the merit-index threshold raised above any score
    override = tmp_path / "aturan"
    override.mkdir()
    src = rules.rule_path("bkn_award").read_text(encoding="utf-8")
    (override / "bkn_award.yaml").write_text(
        src.replace("threshold: 0.625", "threshold: 0.99"), encoding="utf-8"
    )
    items = _run(
        tmp_path,
        "override",
        "-p",
        "data_dir",
        str(root),
        "-p",
        "award_year",
        "2023",
        "-p",
        "rules_dir",
        str(override),
    )
    changed = _scores(items)
    assert changed["Implementasi NSPK Manajemen ASN"] != scores["Implementasi NSPK Manajemen ASN"]


def test_a_year_without_rules_says_so_and_2019_has_five_categories(demo_small, tmp_path):
    root, _ = demo_small
    items = _run(tmp_path, "y2024", "-p", "data_dir", str(root), "-p", "award_year", "2024")
    msg = next(i["text"] for i in items if i["kind"] == "text")
    assert "Belum ada aturan kategori BKN Award untuk 2024" in msg
    assert not [i for i in items if i["kind"] == "kpi"]  # no readiness scored
    render(items)
    items = _run(tmp_path, "y2019", "-p", "data_dir", str(root), "-p", "award_year", "2019")
    assert sorted(_scores(items)) == sorted(rules.load("bkn_award")["categories"][2019])
    assert len(_scores(items)) == 5
