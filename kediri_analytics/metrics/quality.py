"""Data quality of a loaded folder: what was read, what was rejected and why, how complete
each OPD's data is, and who appears in one source but not the other."""

from __future__ import annotations

import pandas as pd

from .keys import isin
from .population import active

NIP_REASONS = (
    "nip_precision_lost",
    "nip_invalid",
    "nip_missing",
    "nip_birthdate_mismatch",
    "nip_sex_mismatch",
)


def file_inventory(files: pd.DataFrame) -> pd.DataFrame:
    """One row per file: kind, year, rows loaded / rejected / dropped, and any error."""
    cols = ["path", "kind", "year", "rows_loaded", "rows_rejected", "rows_dropped", "error"]
    return (
        files[cols].sort_values(["kind", "year", "path"], na_position="last").reset_index(drop=True)
    )


def problems_by_reason(problems: pd.DataFrame) -> pd.DataFrame:
    """Problems counted by severity and reason, with one example message each."""
    if problems.empty:
        return pd.DataFrame(columns=["severity", "reason", "count", "files", "message"])
    g = problems.groupby(["severity", "reason"], sort=True)
    out = g.agg(count=("reason", "size"), files=("file", "nunique"), message=("message", "first"))
    return out.reset_index().sort_values(
        ["severity", "count"], ascending=[True, False], ignore_index=True
    )


def nip_validity(problems: pd.DataFrame) -> pd.DataFrame:
    """NIP problems per file and reason (rejected rows and warnings)."""
    p = problems[problems["reason"].isin(NIP_REASONS)]
    if p.empty:
        return pd.DataFrame(columns=["file", "reason", "count"])
    return p.groupby(["file", "reason"]).size().rename("count").reset_index()


def _latest(frame: pd.DataFrame, year: int | None) -> int | None:
    years = frame["year"].dropna()
    return int(years.max()) if year is None and len(years) else year


def skp_coverage(
    roster: pd.DataFrame, skp: pd.DataFrame, year: int | None = None, opd: str | None = None
) -> pd.DataFrame:
    """Per OPD for one year: ASN in the roster, those with an own annual SKP, those rated.

    The roster's OPD is used (where the person is now). ``share_skp`` and ``share_rated`` are
    fractions of the roster; people with an SKP but absent from the roster are counted apart
    by :func:`source_mismatch`.
    """
    year = _latest(roster, year)
    r = active(roster[roster["year"] == year])  # only people expected to report an SKP
    if opd is not None:
        r = r[r["opd"] == opd]
    s = skp[(skp["year"] == year) & (skp["period"] == "Tahunan") & ~skp["acting"]]
    out = (
        r.assign(has_skp=isin(r["nip"], s["nip"]), rated=isin(r["nip"], s.loc[s["rated"], "nip"]))
        .groupby("opd", observed=True)
        .agg(asn=("nip", "nunique"), with_skp=("has_skp", "sum"), rated=("rated", "sum"))
        .reset_index()
    )
    out["share_skp"] = out["with_skp"] / out["asn"]
    out["share_rated"] = out["rated"] / out["asn"]
    out.insert(0, "year", year)
    return out.sort_values("share_skp", ignore_index=True)


def source_mismatch(
    roster: pd.DataFrame, skp: pd.DataFrame, year: int | None = None, opd: str | None = None
) -> pd.DataFrame:
    """People in e-Kinerja but not in that year's roster, and in the roster with no SKP at all.

    Returns one row per person with ``where`` = "e-Kinerja saja" or "roster saja".
    """
    year = _latest(roster, year)
    r = roster[roster["year"] == year]
    s = skp[(skp["year"] == year) & ~skp["acting"]]
    if opd is not None:
        r, s = r[r["opd"] == opd], s[s["opd"] == opd]
    only_skp = s[~isin(s["nip"], r["nip"])].drop_duplicates("nip")
    act = active(r)  # people on CLTN, tugas belajar, ... are not missing an SKP
    only_roster = act[~isin(act["nip"], s["nip"])]
    cols = ["nip", "nama", "opd", "jenis_pegawai"]
    a = only_skp[cols].assign(where="e-Kinerja saja")
    b = only_roster[cols].assign(where="roster saja")
    return pd.concat([a, b], ignore_index=True).assign(year=year)


def dropped_duplicates(problems: pd.DataFrame) -> pd.DataFrame:
    """Rows left out as duplicates (transfers, pasted twice), per file and reason."""
    p = problems[problems["reason"].isin(["superseded_by_transfer", "duplicate_row"])]
    if p.empty:
        return pd.DataFrame(columns=["file", "reason", "count"])
    return p.groupby(["file", "reason"]).size().rename("count").reset_index()


def one_source_counts(mismatch: pd.DataFrame) -> pd.DataFrame:
    """People in one source only (:func:`source_mismatch`) counted per OPD: one column per
    ``where`` ("e-Kinerja saja", "roster saja"), 0 where an OPD has none.

    Returns columns: opd, one per ``where`` found.
    """
    for c in ("opd", "where"):
        if c not in mismatch.columns:
            raise KeyError(f"not a source_mismatch frame: no column {c!r}")
    out = mismatch.groupby(["opd", "where"]).size().unstack(fill_value=0)
    out.columns.name = None
    return out.reset_index()
