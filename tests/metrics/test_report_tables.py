"""The tables the reports print, shaped in the package (not in the notebooks): quota
breaches, bridged years, qualification and JPM per position category, JPM category shares,
the largest competency gaps, position shares and JF levels, people in one source only.
Worked by hand, one failure case each."""

from __future__ import annotations

import pandas as pd
import pytest

from kediri_analytics import schemas
from kediri_analytics.metrics import competency, jabatan, performance, qualification, quality

from .test_metrics import _quota_fixture, nip, roster, skp


def test_quota_breaches_one_row_per_opd_with_every_rule_broken():
    a, org = _quota_fixture()  # X: 8 Baik + 2 BP (breaks "Baik at most 70%"); Y: within
    b = performance.quota_breaches(performance.quota_check(a, org, 2024))
    assert list(b.columns) == ["opd", "opd_predikat", "asn_rated", "rules_broken"]
    assert b.values.tolist() == [["X", "Baik", 10, "Baik paling banyak 70,0% (nyata 80,0%)"]]
    assert performance.quota_breaches(performance.quota_check(a, org, 2024), opd="Y").empty
    with pytest.raises(KeyError, match="not a quota_check frame"):
        performance.quota_breaches(a)


def test_bridged_years_are_the_legacy_ones():
    s = skp(
        [
            {"nip": nip(1), "year": 2024, "opd": "A", "predikat": "Baik"},
            {
                "nip": nip(2),
                "year": 2021,
                "opd": "A",
                "predikat": None,
                "sebutan": "Baik",
                "regime": "PP 30/2019",
            },
        ]
    )
    assert performance.bridged_years(performance.annual_predikat(s)) == [2021]
    with pytest.raises(KeyError):
        performance.bridged_years(pd.DataFrame({"year": [2024]}))


def _positions():
    rows = [  # jabatan, jenis_jabatan, education, opd
        ("Analis Ahli Muda", "Fungsional", "S-1", "A"),
        ("Analis Ahli Muda", "Fungsional", "SLTA", "A"),
        ("Pengadministrasi Umum", "Pelaksana", "SLTA", "A"),
        ("Pengadministrasi Umum", "Pelaksana", "SLTA", "B"),
    ]
    r = roster(
        [
            {"year": 2024, "nip": nip(i), "opd": o, "jabatan": j, "jenis_jabatan": t}
            | {"education": e}
            for i, (j, t, e, o) in enumerate(rows)
        ]
    )
    req = schemas.conform(
        "requirements",
        pd.DataFrame(
            [
                {"jabatan": j, "min_education": e, "source_file": "t", "source_row": 1}
                for j, e in (("Analis Ahli Muda", "S-1"), ("Pengadministrasi Umum", "SLTA"))
            ]
        ),
    )
    return r, req


def test_qualification_by_position_category():
    r, req = _positions()
    t = qualification.by_position_category(r, req, 2024).set_index("kategori_jabatan")
    assert list(t.columns) == ["asn", "judged", "meeting", "share"]
    assert t.loc["JF Keahlian"].tolist() == [2, 2, 1, 0.5]  # the SLTA analyst falls short
    assert t.loc["Pelaksana"].tolist() == [2, 2, 2, 1.0]
    one = qualification.by_position_category(r, req, 2024, opd="B").set_index("kategori_jabatan")
    assert one["asn"].to_dict() == {"Pelaksana": 1}
    with pytest.raises(ValueError, match="no roster for 2019"):
        qualification.by_position_category(r, req, 2019)


def test_jpm_category_shares_per_year():
    a = pd.DataFrame(
        {
            "year": [2023, 2023, 2024, 2024],
            "nip": [nip(i) for i in range(4)],
            "jpm": [95.0, 80.0, 95.0, 60.0],
            "jenis_asesmen": "Pemetaan",
        }
    )
    s = competency.category_shares(competency.jpm_categories(a))
    got = {(y, str(k)): v for y, k, v in s[["year", "kategori_pemetaan", "share"]].values}
    # pemetaan: 90 and over Optimal, 78 and over Cukup Optimal, below Kurang Optimal
    assert got == {
        (2023, "Optimal"): 0.5,
        (2023, "Cukup Optimal"): 0.5,
        (2024, "Optimal"): 0.5,
        (2024, "Kurang Optimal"): 0.5,
    }
    with pytest.raises(KeyError, match="kategori_pemetaan"):
        competency.category_shares(a)


def test_largest_gaps_first():
    c = pd.DataFrame(
        {
            "year": 2024,
            "opd": "A",
            "kompetensi": ["Integritas", "Integritas", "Kerja Sama", "Komunikasi"],
            "nip": [nip(1), nip(2), nip(1), nip(1)],
            "required": [3, 3, 3, 3],
            "assessed": [2, 2, 3, 1],
        }
    )
    g = competency.largest_gaps(c, n=2)
    assert g["kompetensi"].tolist() == ["Komunikasi", "Integritas"]  # gaps 2, then 1
    assert g["mean_gap"].tolist() == [2.0, 1.0]
    with pytest.raises(ValueError, match="below 1"):
        competency.largest_gaps(c.assign(required=0))


def test_jpm_by_position_as_people_stand_now():
    r, _ = _positions()
    a = pd.DataFrame(
        {
            "year": [2022, 2024, 2024, 2020],
            "nip": [nip(0), nip(1), nip(2), nip(3)],  # nip(3)'s 2020 is outside 3 years
            "jpm": [80.0, 90.0, 70.0, 50.0],
        }
    )
    t = competency.jpm_by_position(a, r, 2024).set_index("kategori_jabatan")
    assert t.loc["JF Keahlian"].tolist() == [2, 85.0]  # (80 + 90) / 2
    assert t.loc["Pelaksana"].tolist() == [1, 70.0]
    with pytest.raises(ValueError, match="no roster for 2030"):
        competency.jpm_by_position(a, r, 2030)


def test_position_shares_and_jf_levels():
    r, _ = _positions()
    r2 = pd.concat([r.assign(year=2023).iloc[:2], r], ignore_index=True)
    c = jabatan.classify(r2)
    s = jabatan.category_shares(c)
    got = {(y, str(k)): v for y, k, v in s.values}
    assert got == {(2023, "JF Keahlian"): 1.0, (2024, "JF Keahlian"): 0.5, (2024, "Pelaksana"): 0.5}
    jf = jabatan.jf_levels(c)
    assert jf[["year", "jenjang", "count", "share"]].values.tolist() == [
        [2024, "Ahli Muda", 2, 0.5]
    ]
    with pytest.raises(ValueError, match="no positions"):
        jabatan.jf_levels(c.iloc[:0])


def test_one_source_counts_per_opd():
    m = pd.DataFrame(
        {"opd": ["A", "A", "B"], "where": ["roster saja", "e-Kinerja saja", "roster saja"]}
    )
    t = quality.one_source_counts(m)
    assert t.values.tolist() == [["A", 1, 1], ["B", 0, 1]]
    assert list(t.columns) == ["opd", "e-Kinerja saja", "roster saja"]
    with pytest.raises(KeyError, match="not a source_mismatch frame"):
        quality.one_source_counts(m.drop(columns="where"))
