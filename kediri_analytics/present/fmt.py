"""Indonesian number and date formats for report text: 1.234 | 254,4 | 98,5% | 23 November 2026."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")  # fmt: skip


def number(x, decimals: int = 0) -> str:
    """``1234567`` -> ``1.234.567``; ``254.4``, ``decimals=1`` -> ``254,4``; missing -> ``-``."""
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return "-"
    s = f"{float(x):,.{decimals}f}" if decimals else f"{round(float(x)):,d}"
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent(x, decimals: int = 1) -> str:
    """A fraction as a percentage: ``0.985`` -> ``98,5%``; missing -> ``-``."""
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return "-"
    return number(float(x) * 100, decimals) + "%"


def points(delta, decimals: int = 1) -> str:
    """A change of a share in percentage points: ``0.012`` -> ``naik 1,2 poin``,
    ``-0.03`` -> ``turun 3,0 poin``, ``0`` -> ``tetap``; missing -> ``-``."""
    if delta is None or delta is pd.NA or (isinstance(delta, float) and math.isnan(delta)):
        return "-"
    v = round(float(delta) * 100, decimals)
    if v == 0:
        return "tetap"
    return f"{'naik' if v > 0 else 'turun'} {number(abs(v), decimals)} poin"


def date(d) -> str:
    """``2026-11-23`` -> ``23 November 2026``."""
    if d is None or d is pd.NaT or (isinstance(d, float) and math.isnan(d)):
        return "-"
    d = pd.Timestamp(d) if not isinstance(d, (dt.date, pd.Timestamp)) else d
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"
