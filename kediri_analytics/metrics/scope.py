"""What a report covers: one OPD's rows (or the whole agency's) within a span of years."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def within(
    frame: pd.DataFrame, opd: str | None = None, years: Iterable[int] | None = None
) -> pd.DataFrame:
    """The rows of ``frame`` of OPD ``opd`` (None: every OPD) in ``years`` (None: every
    year). The frame itself when nothing narrows it; a filtered copy otherwise.

    >>> within(roster, "Dinas Kesehatan", range(2019, 2025))  # doctest: +SKIP
    """
    out = frame
    if opd is not None:
        if "opd" not in frame.columns:
            raise KeyError(f"no 'opd' column to narrow to OPD {opd!r}: {list(frame.columns)}")
        out = out[out["opd"] == opd]
    if years is not None:
        if "year" not in frame.columns:
            raise KeyError(f"no 'year' column to narrow to years: {list(frame.columns)}")
        out = out[out["year"].isin([int(y) for y in years])]
    return out
