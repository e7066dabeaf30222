"""Cell typing: hand-worked values and one failure case each."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from kediri_analytics.loaders import normalize as nz
from kediri_analytics.rules import labels


def obj(*v):
    return pd.Series(list(v), dtype=object)


def test_to_date_all_forms_and_failures():
    vals, bad = nz.to_date(
        obj(
            43618.0,
            "11-11-2024",
            "12 Desember 2022",
            "2024-01-06 00:37:13",
            "01/02/2020",
            "3.4.2021",
            dt.date(2020, 1, 2),
            None,
            "-",
            "kemarin",
            "31-02-2020",
        )
    )
    assert list(vals[:7]) == [
        pd.Timestamp("2019-06-02"),
        pd.Timestamp("2024-11-11"),
        pd.Timestamp("2022-12-12"),
        pd.Timestamp("2024-01-06 00:37:13"),
        pd.Timestamp("2020-02-01"),
        pd.Timestamp("2021-04-03"),
        pd.Timestamp("2020-01-02"),
    ]
    assert vals[7:].isna().all()
    assert list(bad) == [False] * 9 + [True, True]


def test_to_number_decimal_comma():
    vals, bad = nz.to_number(obj("94,40", 3, "1.234,5", "", "abc", None, "-"))
    assert list(vals[:3]) == [94.4, 3.0, 1234.5]
    assert vals[3:].isna().all()
    assert list(bad) == [False, False, False, False, True, False, False]
    v2, b2 = nz.to_number(pd.Series(["7,5", "x"], dtype="string"))  # the CSV path
    assert v2[0] == 7.5 and list(b2) == [False, True]


def test_golongan_and_predikat_spellings():
    g, bad = nz.to_golongan(obj("III/c", "III/C", "IIIc", "IX", "", "V/x"))
    assert list(g.astype(object)[:4]) == ["III/c", "III/c", "III/c", "IX"]
    assert list(bad) == [False] * 5 + [True]
    assert g.cat.ordered and g.cat.categories[0] == "I/a"
    spell, ratings, predikat, not_rated = labels.predikat_vocab()
    r, bad = nz.to_label(
        obj("Diatas Ekspektasi", "DI ATAS ESPEKTASI", "-", "Luar Biasa"),
        spell,
        ratings,
        blank=tuple(not_rated),
    )
    assert list(r.astype(object)[:2]) == ["Di Atas Ekspektasi"] * 2
    assert pd.isna(r[2]) and list(bad) == [False, False, False, True]
    p, _ = nz.to_label(obj("Kurang", "Kurang / Misconduct", "BAIK"), spell, predikat)
    assert list(p.astype(object)) == ["Kurang/Misconduct", "Kurang/Misconduct", "Baik"]
    assert p.cat.categories[-1] == "Sangat Baik"


def test_education_and_jabatan():
    e, bad = nz.to_education(obj("40", "05", "99", None), obj("S-1/Sarjana", "SD", "x", "S2"))
    assert [None if pd.isna(x) else x for x in e.astype(object)] == ["S-1", "SD", None, "S-2"]
    assert list(bad) == [False, False, True, False]
    assert e.cat.categories.get_loc("S-3") > e.cat.categories.get_loc("S-2")
    j, bad = nz.to_jenis_jabatan(
        obj("Struktural", "Fungsional Tertentu", "Fungsional Umum", "Struktural", "?"),
        obj("II.b", "", "", "", ""),
    )
    assert [None if pd.isna(x) else x for x in j.astype(object)] == [
        "JPT",
        "Fungsional",
        "Pelaksana",
        None,
        None,
    ]
    assert list(bad) == [False, False, False, True, True]


def test_headers():
    from kediri_analytics.loaders.header import candidates
    from kediri_analytics.loaders.read import Grid, _frame
    from kediri_analytics.loaders.vocab import key, load, words

    assert words("JPM (%)") == "jpm" and words("Nilai SKP (60%)") == "nilai skp"
    assert words("skp_unor_induk") == "skp unor induk"
    assert words(2019.0) == "2019" and key("Kerja Sama") == key("KERJASAMA")
    rows = [["NO", "NIP", "NILAI", "", "", "SEBUTAN"], ["", "", "SKP", "PERILAKU", "AKHIR", ""]]
    grid = Grid("S", _frame(rows))
    deep = [h for h in candidates(grid, rows, load()) if h.row == 0 and h.depth == 2][0]
    assert [deep.name(i) for i in range(6)] == [
        "NO",
        "NIP",
        "NILAI SKP",
        "NILAI PERILAKU",
        "NILAI AKHIR",
        "SEBUTAN",
    ]


def test_numbers_with_percent_dates_as_ranges_and_misspelt_ratings():
    vals, bad = nz.to_number(obj("97,22%", 88.5, "1.234,5", "x%"))
    assert vals.tolist()[:3] == [97.22, 88.5, 1234.5] and bad.tolist() == [0, 0, 0, 1]
    d, bad = nz.to_date(
        obj("12-14 Maret 2024", "28 Februari - 2 Maret 2024", "01-03-2024 s.d. 05-03-2024")
    )
    assert [x.strftime("%Y-%m-%d") for x in d] == ["2024-03-14", "2024-03-02", "2024-03-05"]
    assert not bad.any()
    assert nz.key("Sesuai Ekspetasi") == nz.key("SESUAI ESPEKTASI") == "sesuaiekspektasi"
