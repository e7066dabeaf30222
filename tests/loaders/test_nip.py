"""NIP cleaning and validation on hand-made cells."""

import pandas as pd
import pytest

from kediri_analytics.loaders.nip import clean_nip, nip_parts, validate_nip


def test_clean_nip_normalises_printed_forms():
    raw = pd.Series(
        ["'198609262015051001", "19860926 201505 1 001", " 198609262015051001 "], dtype=object
    )
    out = clean_nip(raw)
    assert out["nip"].tolist() == ["198609262015051001"] * 3
    assert out["reason"].isna().all()


@pytest.mark.parametrize(
    "cell, reason",
    [
        (1.98609262015051e17, "nip_precision_lost"),
        ("1.98609262015051E+17", "nip_precision_lost"),
        ("19860926201505100", "nip_invalid"),  # 17 digits
        ("198613262015051001", "nip_invalid"),  # month 13 in the birth date
        ("198609262015051301", None),  # serial 301 is fine
        ("198609262015053001", "nip_invalid"),  # sex digit 3
        ("198609262004051001", "nip_invalid"),  # CPNS at 17
        ("", "nip_missing"),
        (None, "nip_missing"),
    ],
)
def test_clean_nip_reasons(cell, reason):
    out = clean_nip(pd.Series([cell], dtype=object))
    got = out["reason"].iloc[0]
    assert (pd.isna(got) and reason is None) or got == reason
    assert pd.isna(out["nip"].iloc[0]) == (reason is not None)


def test_validate_nip_pppk_checks_length_only():
    nips = pd.Series(["198501012021212001", "19850101202121200"])
    assert validate_nip(nips).tolist() == [False, False]
    assert validate_nip(nips, pppk=pd.Series([True, True])).tolist() == [True, False]


def test_nip_parts():
    parts = nip_parts(pd.Series(["198609262015051001"]))
    assert parts.loc[0, "birth_date"] == pd.Timestamp("1986-09-26")
    assert parts.loc[0, "tmt_cpns"] == pd.Timestamp("2015-05-01")
    assert parts.loc[0, "sex"] == 1


def test_clean_nip_pppk_numbers_are_length_checked():
    raw = pd.Series(["198501012024252001", "198501012024252001"], dtype=object)
    out = clean_nip(raw, pppk=pd.Series([True, False]))
    assert out["reason"].isna().tolist() == [True, False]


def test_clean_nip_keeps_the_index_of_its_input():
    raw = pd.Series(["196501011990011001", "", 1.98e17], index=[5, 7, 11], dtype=object)
    got = clean_nip(raw)
    assert list(got.index) == [5, 7, 11]
    assert got["nip"].tolist()[0] == "196501011990011001"
    assert got["reason"].tolist()[1:] == ["nip_missing", "nip_precision_lost"]
