"""Who is counted: kedudukan hukum (only people expected to report an SKP count in SKP
compliance and OPD denominators), and headcounts per jenis pegawai (PNS, PPPK and PPPK Paruh
Waktu are shown apart, never mixed)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..rules import labels
from .outputs import check

#: how a person whose list has no kedudukan hukum (or an unreadable one) is shown
NOT_RECORDED = "tidak tercatat"


def expected_mask(roster: pd.DataFrame, rules_dir=None) -> np.ndarray:
    """Per roster row: expected to have an SKP and to count in the OPD's denominators. True for
    a kedudukan hukum the rules mark as expected (Aktif), and where the list records none (a
    roster without the column: as before, everyone counts; the reports say how many)."""
    if "kedudukan_hukum" not in roster or roster.empty:
        return np.ones(len(roster), dtype=bool)
    _, _, expected = labels.kedudukan_vocab(rules_dir)
    k = roster["kedudukan_hukum"]
    return (k.isna() | k.astype(object).isin(expected)).to_numpy(dtype=bool)


def active(roster: pd.DataFrame, rules_dir=None) -> pd.DataFrame:
    """The roster rows expected to report (the frame itself when that is every row)."""
    m = expected_mask(roster, rules_dir)
    return roster if m.all() else roster[m]


def not_expected(roster: pd.DataFrame, year: int | None = None, rules_dir=None) -> pd.DataFrame:
    """People in the roster not expected to report an SKP that year (CLTN, tugas belajar,
    pemberhentian sementara, masa persiapan pensiun, seconded), with their status.

    Returns columns: year, nip, nama, opd, jenis_pegawai, kedudukan_hukum.
    """
    r = roster if year is None else roster[roster["year"] == year]
    cols = ["year", "nip", "nama", "opd", "jenis_pegawai", "kedudukan_hukum"]
    if "kedudukan_hukum" not in r:
        r = r.assign(kedudukan_hukum=pd.Series(pd.NA, index=r.index, dtype="string"))
    out = r.loc[~expected_mask(r, rules_dir), cols]
    out = out.sort_values(["year", "opd", "kedudukan_hukum", "nama"], kind="stable")
    return check("not_expected", out.reset_index(drop=True))


def standing(
    roster: pd.DataFrame, by: tuple[str, ...] = ("year", "jenis_pegawai"), rules_dir=None
) -> pd.DataFrame:
    """People per group and kedudukan hukum, with whether that status is expected to report;
    a person whose list records no status is counted under "tidak tercatat" (expected).

    Returns columns: *by, kedudukan_hukum, expected, count.
    """
    k = roster.get("kedudukan_hukum")
    label = (
        pd.Series(NOT_RECORDED, index=roster.index)
        if k is None
        else k.astype(object).where(k.notna(), NOT_RECORDED)
    )
    g = roster.assign(
        kedudukan_hukum=label.astype("string"), expected=expected_mask(roster, rules_dir)
    )
    out = (
        g.groupby([*by, "kedudukan_hukum", "expected"], observed=True, dropna=False)
        .size()
        .rename("count")
        .reset_index()
    )
    return check("standing", out)


def headcount(
    roster: pd.DataFrame, by: tuple[str, ...] = ("year", "jenis_pegawai"), rules_dir=None
) -> pd.DataFrame:
    """People per group: all in the roster, those expected to report, and the rest.

    Returns columns: *by, asn, expected, not_expected.
    """
    g = roster.assign(_exp=expected_mask(roster, rules_dir))
    out = (
        g.groupby(list(by), observed=True, dropna=False)
        .agg(asn=("nip", "size"), expected=("_exp", "sum"))
        .reset_index()
    )
    out["not_expected"] = out["asn"] - out["expected"]
    return check("headcount", out)


def recorded(roster: pd.DataFrame) -> bool:
    """Whether the roster records anyone's kedudukan hukum (else everyone counts as expected)."""
    return "kedudukan_hukum" in roster and bool(roster["kedudukan_hukum"].notna().any())


def status_table(away: pd.DataFrame) -> pd.DataFrame:
    """People not expected to report (:func:`not_expected`), counted per kedudukan hukum and
    jenis pegawai, with a total per status: the table the reports print.

    Returns columns: kedudukan hukum, one per jenis pegawai present, jumlah.
    """
    if away.empty:
        return pd.DataFrame(columns=["kedudukan hukum", "jumlah"])
    t = pd.crosstab(
        away["kedudukan_hukum"].astype("string"),
        away["jenis_pegawai"].astype("string").fillna("tidak tercatat"),
    )
    t["jumlah"] = t.sum(axis=1)
    t = t.sort_values("jumlah", ascending=False, kind="stable")
    t.columns.name = None
    return t.rename_axis("kedudukan hukum").reset_index()


def per_year(roster: pd.DataFrame, years, rules_dir=None) -> pd.DataFrame:
    """Per year: ASN per jenis pegawai and those not expected to report, the table of "out of
    whom" the trend reports print.

    Returns columns: tahun, one per jenis pegawai present, jumlah, tidak wajib SKP.
    """
    r = roster[roster["year"].isin(list(years))]
    h = headcount(r, ("year", "jenis_pegawai"), rules_dir)
    t = h.pivot_table(
        index="year",
        columns="jenis_pegawai",
        values="asn",
        aggfunc="sum",
        observed=True,
        fill_value=0,
    )
    t.columns = [str(c) for c in t.columns]
    t["jumlah"] = t.sum(axis=1)
    t["tidak wajib SKP"] = h.groupby("year")["not_expected"].sum()
    t.index = t.index.astype(int).astype(str)
    return t.rename_axis("tahun").reset_index()
