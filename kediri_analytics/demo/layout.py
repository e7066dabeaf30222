"""The shape of one export file (title rows, header rows, body, merges) and its recorded truth.

A body is a DataFrame of raw cells; columns whose name starts with ``_`` carry the truth about
each row (its kind, true NIP, expected loader outcome, ...) and are never written. Defects are
injected on the body and recorded with the row's stable label, so their spreadsheet row numbers
can be computed once the file's final layout is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..core.fmt import BULAN

#: Expected loader outcome for every defect kind the generator injects.
DEFECT_OUTCOME = {
    "nip_as_number": ("reject", "nip_precision_lost"),
    "nip_17_digits": ("reject", "nip_invalid"),
    "nip_apostrophe": ("load", None),
    "nip_spaces": ("load", None),
    "predikat_variant": ("load", None),
    "golongan_case": ("load", None),
    "not_rated": ("load", None),
    "blank_row": ("skip", None),
    "total_row": ("skip", None),
    "header_repeat": ("skip", None),
    "transfer_duplicate": ("drop", "superseded_by_transfer"),
    "duplicate_row": ("drop", "duplicate_row"),
    "birthdate_mismatch": ("warn", "nip_birthdate_mismatch"),
    "level_out_of_range": ("reject", "level_out_of_range"),
    "required_level_zero": ("reject", "level_out_of_range"),
    "nominees_over_limit": ("load", None),
    "no_recommendation": ("load", None),
    "predikat_matrix_mismatch": ("warn", "predikat_matrix_mismatch"),
    "unknown_opd": ("load", None),
    "missing_requirement": ("load", None),
}


#: How each NIP defect damages a clean 18-digit NIP (shared by every export module).
NIP_DAMAGE = {
    "nip_apostrophe": lambda n: "'" + n,
    "nip_spaces": lambda n: f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}",
    "nip_as_number": lambda n: float(f"{float(n):.14e}"),  # what Excel keeps of a long number
    "nip_17_digits": lambda n: n[:9] + n[10:],
}


class Formula(NamedTuple):
    """A formula cell with the value Excel would have cached for it."""

    formula: str
    value: float


@dataclass
class Sheet:
    """One worksheet (or the single table of a CSV file)."""

    name: str
    header: list[list]
    body: pd.DataFrame
    title: list[list] = field(default_factory=list)
    merges: list[tuple[int, int, int, int, str]] = field(default_factory=list)  # 0-based, absolute
    widths: dict[int, float] = field(default_factory=dict)

    @property
    def first_body_row(self) -> int:
        """1-based spreadsheet row of the first body row."""
        return len(self.title) + len(self.header) + 1


@dataclass
class Export:
    """One file to write, with its sheets, format options, defects and manifest facts."""

    path: str
    kind: str
    fmt: str  # xlsx | xls | csv
    sheets: list[Sheet]
    data_sheet: str
    sep: str = ","
    encoding: str = "utf-8"
    newline: str = "\n"
    facts: dict = field(default_factory=dict)
    defects: list[dict] = field(default_factory=list)

    def sheet(self) -> Sheet:
        """The sheet that holds the data (``data_sheet``), or the only sheet."""
        return next(s for s in self.sheets if s.name == self.data_sheet)


def new_body(cells: pd.DataFrame, nip: pd.Series | np.ndarray | None) -> pd.DataFrame:
    """A body of data rows, all expected to load, with the true NIP kept beside them."""
    body = cells.reset_index(drop=True).astype(object)
    body["_kind"] = "data"
    body["_nip"] = np.asarray(nip) if nip is not None else None
    body["_outcome"] = "load"
    body["_reason"] = None
    body["_column"] = None
    return body


def record(ex: Export, body: pd.DataFrame, labels, column: str, kind: str, values=None) -> None:
    """Note a defect on rows ``labels`` and set their expected outcome."""
    outcome, reason = DEFECT_OUTCOME[kind]
    labels = list(labels)
    if not labels:
        return
    if outcome in ("reject", "drop", "warn"):
        body.loc[labels, "_outcome"] = outcome
        body.loc[labels, "_reason"] = reason
        body.loc[labels, "_column"] = column
    vals = (
        body.loc[labels, column].tolist()
        if values is None and column in body
        else (values if values is not None else [None] * len(labels))
    )
    for lab, v in zip(labels, vals, strict=True):
        ex.defects.append(
            {
                "_label": lab,
                "column": column,
                "kind": kind,
                "value": None if v is None else str(v),
                "expected": outcome,
                "reason": reason,
            }
        )


def pick(rng: np.random.Generator, body: pd.DataFrame, k: int, where=None) -> list:
    """Choose up to k distinct data rows (optionally among a mask), in body order."""
    ok = body["_kind"].eq("data") & body["_outcome"].eq("load")
    if where is not None:
        ok &= where
    idx = body.index[ok.to_numpy()]
    if len(idx) == 0 or k <= 0:
        return []
    return sorted(rng.choice(idx, size=min(k, len(idx)), replace=False).tolist())


def insert_rows(body: pd.DataFrame, after_labels, rows: list[dict], kind: str) -> pd.DataFrame:
    """Insert special rows (blank, total, repeated header) after the given labels."""
    if not len(after_labels):
        return body
    pos = body.index.get_indexer(after_labels)
    extra = pd.DataFrame(rows, columns=body.columns)
    extra["_kind"] = kind
    extra["_outcome"] = "skip"
    start = int(body.index.max()) + 1
    extra.index = range(start, start + len(extra))
    order = np.concatenate([np.arange(len(body)), pos + 0.5])
    both = pd.concat([body, extra])
    return both.iloc[np.argsort(order, kind="stable")]


def duplicate_rows(body: pd.DataFrame, labels) -> tuple[pd.DataFrame, list]:
    """Place an exact copy of each labelled row right after it; returns the copies' labels."""
    if not len(labels):
        return body, []
    dup = body.loc[labels].copy()
    start = int(body.index.max()) + 1
    dup.index = range(start, start + len(dup))
    order = np.concatenate([np.arange(len(body)), body.index.get_indexer(labels) + 0.5])
    both = pd.concat([body, dup])
    return both.iloc[np.argsort(order, kind="stable")], list(dup.index)


def append_rows(body: pd.DataFrame, rows: list[dict], kind: str) -> pd.DataFrame:
    """Append layout rows (blank, total, repeated header) at the end of a body."""
    return insert_rows(body, [body.index[-1]] * len(rows), rows, kind)


def finalize(ex: Export) -> None:
    """Turn defect labels into spreadsheet rows, now that the layout is final."""
    sh = ex.sheet()
    pos = pd.Series(np.arange(len(sh.body)), index=sh.body.index)
    for d in ex.defects:
        label = d.pop("_label", None)
        if label is not None:
            d["row"] = int(sh.first_body_row + pos[label])
        d.setdefault("sheet", sh.name if ex.fmt != "csv" else None)
    ex.defects.sort(key=lambda d: (d.get("row", 0), d["column"] or "", d["kind"]))


# ----------------------------------------------------------------------------- formats


def fmt_date(s: pd.Series, style: str) -> pd.Series:
    """Dates as exports write them: 'dmy-', 'dmy/', 'dmy.', 'long' (Indonesian), 'iso'."""
    s = pd.to_datetime(s)
    if style == "long":
        out = (
            s.dt.day.astype(str)
            + " "
            + s.dt.month.map(lambda m: BULAN[m - 1])
            + " "
            + s.dt.year.astype(str)
        )
    else:
        out = s.dt.strftime(
            {"dmy-": "%d-%m-%Y", "dmy/": "%d/%m/%Y", "dmy.": "%d.%m.%Y", "iso": "%Y-%m-%d"}[style]
        )
    return out.where(s.notna(), None)


def excel_serial(s: pd.Series) -> pd.Series:
    """Dates as Excel serial numbers (what a date cell holds)."""
    return (pd.to_datetime(s) - pd.Timestamp("1899-12-30")).dt.days.astype(float)


def fmt_decimal(x, decimals: int = 2) -> pd.Series:
    """Numbers with a decimal comma, as typed in Indonesian spreadsheets: 94,40."""
    arr = np.asarray(x, dtype=float)
    txt = np.char.replace(np.char.mod(f"%.{decimals}f", arr), ".", ",").astype(object)
    return pd.Series(np.where(np.isnan(arr), None, txt))
