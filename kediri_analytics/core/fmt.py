"""Indonesian number and date formats for report text: 1.234 | 254,4 | 98,5% | 23 November 2026."""

from __future__ import annotations

import datetime as dt
import math
import re
import sys

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def _missing(x) -> bool:
    """None, NaN, or pandas' NA / NaT (pandas is not imported for this: without it loaded, no
    value can be one of its missing markers, and the report index is made without it)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return True
    pd = sys.modules.get("pandas")
    return pd is not None and (x is pd.NA or x is pd.NaT)


def number(x, decimals: int = 0) -> str:
    """``1234567`` -> ``1.234.567``; ``254.4``, ``decimals=1`` -> ``254,4``; missing -> ``-``."""
    if _missing(x):
        return "-"
    s = f"{float(x):,.{decimals}f}" if decimals else f"{round(float(x)):,d}"
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent(x, decimals: int = 1) -> str:
    """A fraction as a percentage: ``0.985`` -> ``98,5%``; missing -> ``-``."""
    if _missing(x):
        return "-"
    return number(float(x) * 100, decimals) + "%"


def points(delta, decimals: int = 1) -> str:
    """A change of a share in percentage points: ``0.012`` -> ``naik 1,2 poin``,
    ``-0.03`` -> ``turun 3,0 poin``, ``0`` -> ``tetap``; missing -> ``-``."""
    if _missing(delta):
        return "-"
    v = round(float(delta) * 100, decimals)
    if v == 0:
        return "tetap"
    return f"{'naik' if v > 0 else 'turun'} {number(abs(v), decimals)} poin"


def date(d) -> str:
    """``2026-11-23`` -> ``23 November 2026``."""
    if _missing(d):
        return "-"
    if not isinstance(d, dt.date):  # pandas' Timestamp is a datetime.date
        import pandas as pd

        d = pd.Timestamp(d)
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def agency_place(agency: str) -> str:
    """``BKPSDM Kota Kediri`` -> ``Kota Kediri`` (the area an agency serves)."""
    m = re.search(r"\b(Kota|Kabupaten|Provinsi)\b.*", agency)
    return m.group(0) if m else agency
