"""Who is counted: kedudukan hukum and jenis pegawai, worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from kediri_analytics.loaders import normalize as nz
from kediri_analytics.metrics import performance, population

NIP = ["198001012005011001", "198202022006022002", "198503032010011003", "199001012020121004"]


def roster(kedudukan=("Aktif", "CLTN", "Aktif", None)) -> pd.DataFrame:
    k, _ = nz.to_kedudukan(pd.Series(list(kedudukan), dtype=object))
    return pd.DataFrame(
        {
            "year": pd.array([2024] * 4, dtype="Int64"),
            "nip": pd.array(NIP, dtype="string"),
            "nama": pd.array(["A", "B", "C", "D"], dtype="string"),
            "opd": pd.array(["Dinas X"] * 3 + ["Dinas Y"], dtype="string"),
            "jenis_pegawai": ["PNS", "PNS", "PNS", "PPPK"],
            "kedudukan_hukum": k,
        }
    )


def skp(nips) -> pd.DataFrame:
    n = len(nips)
    return pd.DataFrame(
        {
            "nip": pd.array(nips, dtype="string"),
            "year": [2024] * n,
            "period": ["Tahunan"] * n,
            "acting": [False] * n,
            "rated": [True] * n,
        }
    )


def test_a_person_on_cltn_is_neither_missing_nor_in_the_denominator():
    # A and D have an SKP; B is on CLTN (no SKP, not expected); C is Aktif without an SKP
    c = performance.compliance(roster(), skp([NIP[0], NIP[3]]), year=2024)
    got = c.set_index("opd")[["asn", "has_skp", "no_skp"]].to_dict("index")
    assert got == {
        "Dinas X": {"asn": 2, "has_skp": 1, "no_skp": 1},
        "Dinas Y": {"asn": 1, "has_skp": 1, "no_skp": 0},
    }
    away = population.not_expected(roster())
    assert away["nama"].tolist() == ["B"] and away["kedudukan_hukum"].tolist() == ["CLTN"]


def test_headcount_and_standing_per_jenis_pegawai():
    h = population.headcount(roster())
    assert h.set_index("jenis_pegawai")[["asn", "expected", "not_expected"]].to_dict("index") == {
        "PNS": {"asn": 3, "expected": 2, "not_expected": 1},
        "PPPK": {"asn": 1, "expected": 1, "not_expected": 0},
    }
    st = population.standing(roster())
    got = {(r.jenis_pegawai, r.kedudukan_hukum): (r.expected, r.count) for r in st.itertuples()}
    assert got == {
        ("PNS", "Aktif"): (True, 2),
        ("PNS", "CLTN"): (False, 1),
        ("PPPK", "tidak tercatat"): (True, 1),
    }


def test_a_roster_without_kedudukan_counts_everyone():
    r = roster().drop(columns="kedudukan_hukum")
    assert population.expected_mask(r).all() and population.active(r) is r
    assert population.not_expected(r).empty


def test_kedudukan_spellings_and_long_jenis_pegawai_names():
    k, bad = nz.to_kedudukan(
        pd.Series(
            [
                "AKTIF",
                "Cuti Di Luar Tanggungan Negara",
                "MPP",
                "Diperbantukan (DPK)",
                "Tugas Belajar",
                "Pensiun?",
            ]
        )
    )
    assert k.tolist()[:5] == ["Aktif", "CLTN", "Masa Persiapan Pensiun", "DPK", "Tugas Belajar"]
    assert bad.tolist() == [False] * 5 + [True]
    long = [
        "PNS Daerah Kab./Kota yang bekerja pada Kab./Kota",
        "PPPK Paruh Waktu Daerah Kab./Kota",
        "PPPK",
    ]
    jp, bad = nz.to_jenis_pegawai(pd.Series(long))
    assert jp.tolist() == ["PNS", "PPPK Paruh Waktu", "PPPK"] and not bad.any()


def test_population_needs_a_roster_with_its_columns():
    with pytest.raises(KeyError):
        population.headcount(roster().drop(columns="jenis_pegawai"))
    with pytest.raises(KeyError):
        population.not_expected(roster().drop(columns="opd"))
