"""Position categories and jenjang, worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from kediri_analytics import rules
from kediri_analytics.metrics import jabatan


def roster() -> pd.DataFrame:
    rows = [
        ("Pranata Komputer Ahli Muda", "Fungsional", None),
        ("Perawat Terampil", "Fungsional", None),
        ("Pengawas Sekolah Ahli Madya", "Fungsional", None),  # a JF, despite its first word
        ("Kepala Dinas Kesehatan", "JPT", "II.a"),
        ("Kepala Bagian Umum", "Administrator", "III.a"),
        ("Kepala Subbagian Keuangan", "Pengawas", "IV.a"),
        ("Pengadministrasi Umum", "Pelaksana", None),
        ("Guru", "Fungsional", None),
    ]
    return pd.DataFrame(
        {
            "year": 2024,
            "nip": [f"19800101200501100{i}" for i in range(len(rows))],
            "opd": "Dinas X",
            "jabatan": [r[0] for r in rows],
            "jenis_jabatan": [r[1] for r in rows],
            "eselon": [r[2] for r in rows],
        }
    )


def test_category_and_jenjang_from_the_name_type_and_eselon():
    c = jabatan.classify(roster())
    assert c["kategori_jabatan"].astype(object).tolist() == [
        "JF Keahlian",
        "JF Keterampilan",
        "JF Keahlian",
        "JPT",
        "Administrator",
        "Pengawas",
        "Pelaksana",
        "JF (jenjang tidak terbaca)",
    ]
    assert c["jenjang"].tolist()[:4] == ["Ahli Muda", "Terampil", "Ahli Madya", "JPT Pratama"]
    assert c["jenjang"].isna().tolist()[4:] == [True] * 4
    m = jabatan.mix(c)
    assert m["count"].sum() == 8 and m["share"].sum() == pytest.approx(1)


def test_delayering_is_read_from_the_rules():
    assert jabatan.delayering_year() == 2022
    assert jabatan.spans_delayering([2019, 2024]) and not jabatan.spans_delayering([2022, 2024])


def test_a_rule_file_without_its_levels_is_named(tmp_path):
    (tmp_path / "labels_jenjang.yaml").write_text(
        "source: x\nvalid_from: 2017\nvalid_to: null\ncategories: [JPT]\n"
    )
    with pytest.raises(rules.RuleError, match="labels_jenjang.*'jf'"):
        jabatan.classify(roster(), rules_dir=tmp_path)
