"""Joining people by NIP fast: an 18-digit NIP fits in int64, and integer hash joins are an
order of magnitude faster than joins on text at national scale (4.5 million ASN)."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def nip_key(nip: pd.Series) -> pd.Series:
    """The NIP as int64 (valid NIPs are 18 digits: below 2**63)."""
    if pd.api.types.is_integer_dtype(nip.dtype):
        return nip
    if isinstance(nip.array, pd.arrays.ArrowStringArray):  # Arrow casts text to int64 in C
        return pd.Series(pc.cast(pa.array(nip.array), pa.int64()).to_numpy(), index=nip.index)
    return pd.to_numeric(nip, errors="raise").astype("int64")


def isin(nip: pd.Series, other: pd.Series) -> pd.Series:
    """``nip.isin(other)`` on integer keys."""
    return nip_key(nip).isin(nip_key(other).unique())


def lookup(nip: pd.Series, by_nip: pd.Series) -> pd.Series:
    """Values of ``by_nip`` (a Series indexed by NIP, unique) for each NIP, on ``nip``'s index."""
    idx = pd.Index(nip_key(pd.Series(by_nip.index)))
    pos = idx.get_indexer(nip_key(nip))
    vals = by_nip.reset_index(drop=True)
    out = vals.reindex(pos)  # -1 -> missing
    out.index = nip.index
    return out


def roster_of(roster: pd.DataFrame, year: int) -> pd.DataFrame:
    """The year's roster with one row per person; raises when the year has none."""
    r = roster[roster["year"] == year]
    r = r[~nip_key(r["nip"]).duplicated()]
    if r.empty:
        raise ValueError(f"no roster for {year}")
    return r


def latest_per_person(assessments: pd.DataFrame, year: int, column: str) -> pd.Series:
    """Each person's latest non-missing ``column`` from assessments up to ``year``, by NIP."""
    a = assessments[assessments["year"] <= year].dropna(subset=[column])
    sort = [c for c in ("year", "tanggal") if c in a]
    a = a.assign(_k=nip_key(a["nip"])).sort_values(["_k", *sort], kind="stable")
    a = a.drop_duplicates("_k", keep="last")
    return pd.Series(a[column].to_numpy(), index=a["nip"].to_numpy())
