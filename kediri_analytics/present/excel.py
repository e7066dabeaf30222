"""Excel and CSV exports for people to open: formula-safe cells, frozen header, sized columns,
written to a temporary file and renamed so a crash never leaves half a file."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ..core.files import atomic

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(v):
    """A text cell that a spreadsheet would read as a formula gets a leading apostrophe.

    ``-`` alone (the e-Kinerja "not rated" mark) and negative numbers stored as numbers are
    left alone; ``=SUM(A1)``, ``+62...``, ``-1+1``, ``@cmd`` become ``'=SUM(A1)`` and so on.
    """
    if isinstance(v, str) and v.startswith(FORMULA_START) and v != "-":
        return "'" + v
    return v


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Every text cell made formula-safe (numbers, dates and missing values unchanged)."""
    out = df.copy()
    for c in out.columns:
        col = out[c]
        if (
            col.dtype == object
            or pd.api.types.is_string_dtype(col.dtype)
            or isinstance(col.dtype, pd.CategoricalDtype)
        ):
            out[c] = col.astype(object).map(safe_cell)
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out


def write_excel(path: str | os.PathLike, sheets: dict[str, pd.DataFrame]) -> Path:
    """Write DataFrames to one .xlsx (one sheet each), header frozen, columns sized."""
    path = Path(path)
    with (
        atomic(path) as tmp,
        pd.ExcelWriter(
            tmp,
            engine="xlsxwriter",
            engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}},
        ) as xw,
    ):
        bold = xw.book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        for name, df in sheets.items():
            sheet = name[:31]
            safe = safe_frame(df).astype(object).where(df.notna().to_numpy(), None)
            safe.to_excel(xw, sheet_name=sheet, index=False)
            ws = xw.sheets[sheet]
            ws.freeze_panes(1, 0)
            for i, c in enumerate(safe.columns):
                ws.write(0, i, c, bold)
                lens = safe[c].dropna().astype(str).str.len()
                longest = int(lens.quantile(0.95)) if len(lens) else 0
                ws.set_column(i, i, min(60, max(8, len(str(c)) + 2, longest + 2)))
            if len(safe.columns):
                ws.autofilter(0, 0, max(len(safe), 1), len(safe.columns) - 1)
    return path


def write_csv(path: str | os.PathLike, df: pd.DataFrame, sep: str = ",") -> Path:
    """Write a formula-safe CSV (UTF-8 with BOM so Excel shows Indonesian text right)."""
    path = Path(path)
    with atomic(path) as tmp:
        safe_frame(df).to_csv(tmp, index=False, sep=sep, encoding="utf-8-sig")
    return path
