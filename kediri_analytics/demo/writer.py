"""Write an Export to disk as xlsx (xlsxwriter), xls (xlwt) or csv, byte-identical run to run."""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter
import xlwt

from .layout import Export, Formula, Sheet

# Fixed document dates so that the same seed gives the same bytes.
_CREATED = dt.datetime(2025, 1, 15, 8, 0, 0)
EXCEL_MAX_ROWS = 1_048_576
XLS_MAX_ROWS = 65_536


def _cells(sheet: Sheet) -> list[list]:
    """All rows of a sheet as plain Python lists, meta columns dropped."""
    cols = [c for c in sheet.body.columns if not str(c).startswith("_")]
    body = sheet.body[cols].astype(object).where(sheet.body[cols].notna(), None)
    return [list(r) for r in sheet.title] + [list(r) for r in sheet.header] + body.values.tolist()


def write(ex: Export, root: Path) -> Path:
    """Write one export under ``root``; returns its path."""
    path = root / ex.path
    path.parent.mkdir(parents=True, exist_ok=True)
    {"xlsx": _xlsx, "xls": _xls, "csv": _csv}[ex.fmt](ex, path)
    return path


def _xlsx(ex: Export, path: Path) -> None:
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "nan_inf_to_errors": True,
        },
    )
    wb.set_properties({"created": _CREATED, "author": "kediri-analytics demo", "company": ""})
    bold = wb.add_format(
        {"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center", "border": 1}
    )
    wrap = wb.add_format({"text_wrap": True})
    for sh in ex.sheets:
        ws = wb.add_worksheet(sh.name)
        rows = _cells(sh)
        head_lo, head_hi = len(sh.title), len(sh.title) + len(sh.header)
        for r, row in enumerate(rows):
            fmt = bold if head_lo <= r < head_hi else None
            for c, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, Formula):
                    ws.write_formula(r, c, v.formula, fmt, v.value)
                elif isinstance(v, str):
                    ws.write_string(r, c, v, wrap if fmt is None and "\n" in v else fmt)
                elif isinstance(v, (bool, np.bool_)):
                    ws.write_number(r, c, int(v), fmt)
                elif isinstance(v, (int, float, np.integer, np.floating)):
                    if not math.isnan(float(v)):
                        ws.write_number(r, c, float(v), fmt)
                else:
                    ws.write_string(r, c, str(v), fmt)
        for r1, c1, r2, c2, text in sh.merges:
            ws.merge_range(r1, c1, r2, c2, text, bold if r1 >= head_lo else None)
        for c, width in sh.widths.items():
            ws.set_column(c, c, width)
    wb.close()


def _xls(ex: Export, path: Path) -> None:
    wb = xlwt.Workbook(encoding="utf-8")
    bold = xlwt.easyxf(
        "font: bold on; align: wrap on, vert centre, horiz centre; "
        "borders: left thin, right thin, top thin, bottom thin"
    )
    for sh in ex.sheets:
        ws = wb.add_sheet(sh.name, cell_overwrite_ok=True)
        rows = _cells(sh)
        head_lo, head_hi = len(sh.title), len(sh.title) + len(sh.header)
        merged = {
            (r, c)
            for r1, c1, r2, c2, _ in sh.merges
            for r in range(r1, r2 + 1)
            for c in range(c1, c2 + 1)
        }
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is None or (r, c) in merged:
                    continue
                if isinstance(v, float) and math.isnan(v):
                    continue
                if isinstance(v, (np.integer, np.floating)):
                    v = float(v)
                if head_lo <= r < head_hi:
                    ws.write(r, c, v, bold)
                else:
                    ws.write(r, c, v)
        for r1, c1, r2, c2, text in sh.merges:
            ws.write_merge(
                r1, r2, c1, c2, text, bold if r1 >= head_lo else xlwt.Style.default_style
            )
        for c, width in sh.widths.items():
            ws.col(c).width = int(width * 256)
    wb.save(str(path))


def csv_cell(v) -> str:
    """A cell as a CSV export writes it; floats too large for 15 digits go scientific, as Excel."""
    if v is None:
        return ""
    if isinstance(v, (float, np.floating)):
        if math.isnan(v):
            return ""
        if abs(v) >= 1e15:
            return f"{v:.14E}"
        return repr(float(v)) if v != int(v) else str(int(v))
    return str(v)


def _csv_column(col: pd.Series) -> pd.Series:
    """One column as CSV text; plain text and integer columns skip the per-cell path."""
    kind = pd.api.types.infer_dtype(col, skipna=True)
    if kind in ("string", "empty"):
        return col.astype(object).where(col.notna(), "")
    if kind == "integer" and col.notna().all():
        return col.astype("int64").astype(str).astype(object)
    return col.astype(object).map(csv_cell)


def csv_frame(f, body: pd.DataFrame, head: list[list], sep: str, newline: str) -> None:
    """Write header rows and a body (meta columns dropped) to the open text file ``f``."""
    cols = [c for c in body.columns if not str(c).startswith("_")]
    w = csv.writer(f, delimiter=sep, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    for r in head:
        w.writerow(["" if v is None else v for v in r])
    if len(body):
        text = pd.DataFrame({i: _csv_column(body[c]) for i, c in enumerate(cols)})
        w.writerows(text.values.tolist())


def _csv(ex: Export, path: Path) -> None:
    sh = ex.sheets[0]
    with open(path, "w", encoding=ex.encoding, newline="") as f:
        csv_frame(f, sh.body, sh.title + sh.header, ex.sep, ex.newline)
