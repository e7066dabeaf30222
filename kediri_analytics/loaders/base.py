"""What every loader shares: its spec (kind, header aliases), header mapping, row outcomes and
problem records."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import nip as nipmod
from .read import MAX_CELL, FileError, Grid

#: why a row or cell is reported; the problems table carries the key and this sentence
REASONS = {
    **nipmod.REASONS,
    "nip_birthdate_mismatch": "birth date column disagrees with the birth date in the NIP",
    "nip_sex_mismatch": "sex column disagrees with the sex digit of the NIP",
    "superseded_by_transfer": "an earlier SKP of the same person and year (transfer); "
    "the SKP with the latest period end is kept",
    "duplicate_row": "exact copy of an earlier row; the first is kept",
    "level_out_of_range": "competency level outside 1-5",
    "label_unknown": "label not in the known list; check the spelling or add it to the rules",
    "date_invalid": "not a date in any known form (dd-mm-yyyy, Excel date, 12 Desember 2022)",
    "number_invalid": "not a number",
    "value_missing": "a required value is empty",
    "year_unknown": "the year could not be found in the title rows, the data or the file "
    "name; add it to the file name (e.g. ..._2024.xlsx)",
    "text_too_long": "cell longer than 32,767 characters (Excel's limit); cut",
    "value_out_of_range": "value outside the range the instrument allows",
    "competency_unknown": "competency name not in the list of PermenPANRB 38/2017",
    "sanction_level_unknown": "not one level of PP 94/2021 (ringan, sedang or berat); the "
    "sanction is kept, and its IP ASN disiplin score is left empty",
}
SEVERITY = {"reject": "error", "drop": "warning", "warn": "warning"}


def norm_header(v) -> str:
    """Header comparison form: lower case, words of letters and digits, single spaces."""
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return re.sub(r"[^0-9a-z]+", " ", str(v).lower()).strip()


@dataclass(frozen=True)
class Spec:
    """One export kind: how to recognise its header and which loader types it.

    ``headers`` maps each canonical column to the header spellings seen in real files (compared
    with :func:`norm_header`); ``signature`` columns identify the kind, ``required`` ones must
    all be present to load it.
    """

    kind: str
    table: str
    title: str
    headers: dict[str, tuple[str, ...]]
    signature: tuple[str, ...]
    required: tuple[str, ...]
    load: Callable
    header_rows: int = 1


@dataclass
class Layout:
    """Where a kind's header sits in a grid and which canonical column is in which position."""

    spec: Spec
    grid: Grid
    header_row: int  # 0-based index of the first header row
    header_rows: int
    columns: dict[str, int]  # canonical -> position
    names: list[str]  # the flattened header text per position (as the file writes it)

    @property
    def first_data_row(self) -> int:  # 0-based
        return self.header_row + self.header_rows


@dataclass
class Result:
    """The outcome of loading one file: the typed table, the row counts and the problems."""

    table: str
    frame: pd.DataFrame
    problems: list[dict]
    counts: dict
    meta: dict = field(default_factory=dict)
    extra: dict[str, pd.DataFrame] = field(default_factory=dict)  # derived tables


class Rows:
    """Tracks the outcome of each body row while a loader types it, and the problems found.

    ``body`` is the raw cells below the header with a RangeIndex; spreadsheet row numbers are
    ``first_row + position``.
    """

    def __init__(self, file: str, sheet: str | None, first_row: int, n: int, names: dict):
        self.file, self.sheet, self.first_row = file, sheet, first_row
        self.status = np.full(n, "load", dtype=object)
        self.skip_kind = np.full(n, None, dtype=object)
        self.names = names  # canonical -> header text, for problem reports
        self.problems: list[dict] = []

    def skip(self, mask, kind: str) -> None:
        """Mark the rows of ``mask`` still to load as skipped layout rows of ``kind`` (blank,
        total, repeated header): counted, not loaded, not a problem."""
        m = np.asarray(mask, bool) & (self.status == "load")
        self.status[m] = "skip"
        self.skip_kind[m] = kind

    @property
    def live(self) -> np.ndarray:
        """Rows still headed for the table (loaded or warned)."""
        return np.isin(self.status, ("load", "warn"))

    def flag(self, mask, outcome: str, column: str | None, reason: str, values=None) -> None:
        """Mark rows ``mask`` as reject/drop/warn (only rows still live) and record problems."""
        m = np.asarray(mask, bool) & self.live
        if not m.any():
            return
        self.status[m] = outcome
        self._record(m, column, reason, SEVERITY[outcome], values)

    def note(self, mask, column: str | None, reason: str, values=None, severity="warning"):
        """Record a problem on live rows without changing their outcome (a cell left empty)."""
        m = np.asarray(mask, bool) & self.live
        if m.any():
            self._record(m, column, reason, severity, values)

    def _record(self, m, column, reason, severity, values) -> None:
        pos = np.flatnonzero(m)
        vals = [None] * len(pos) if values is None else pd.Series(values).to_numpy()[pos]
        colname = self.names.get(column, column)
        msg = REASONS.get(reason, reason)
        for p, v in zip(pos, vals, strict=True):
            self.problems.append(
                {
                    "file": self.file,
                    "sheet": self.sheet,
                    "row": int(self.first_row + p),
                    "column": colname,
                    "value": None if v is None or v is pd.NA or v != v else str(v)[:200],
                    "severity": severity,
                    "reason": reason,
                    "message": msg,
                }
            )

    def counts(self) -> dict:
        """Rows loaded, rejected, dropped and skipped so far."""
        st = pd.Series(self.status)
        skipped = pd.Series(self.skip_kind[self.status == "skip"]).value_counts()
        return {
            "data": int((st != "skip").sum()),
            "loaded": int(st.isin(["load", "warn"]).sum()),
            "rejected": int((st == "reject").sum()),
            "dropped": int((st == "drop").sum()),
            "warned": int((st == "warn").sum()),
            "skipped": {str(k): int(v) for k, v in skipped.sort_index().items()},
        }


def flatten_header(rows: list[list], n_rows: int) -> list[str]:
    """One name per column from ``n_rows`` header rows: a merged parent (left-filled across
    its blank neighbours) joined to its child, e.g. ``NILAI`` over ``SKP`` -> ``NILAI SKP``."""
    width = max(len(r) for r in rows[:n_rows])
    grid = [list(r) + [""] * (width - len(r)) for r in rows[:n_rows]]
    names = []
    parent = ""
    for c in range(width):
        top = grid[0][c]
        top = "" if top is None else str(top).strip()
        children = [
            ("" if grid[k][c] is None else str(grid[k][c]).strip()) for k in range(1, n_rows)
        ]
        if top:
            parent = top
        elif not any(children):
            parent = ""
        child = " ".join(x for x in children if x)
        name = f"{parent} {child}".strip() if child and (top or parent) else (top or child)
        names.append(name)
    return names


_RANKS: dict[str, dict[str, tuple[str, int]]] = {}


def _rank(spec: Spec) -> dict[str, tuple[str, int]]:
    """normalised alias -> (canonical column, preference), computed once per kind."""
    r = _RANKS.get(spec.kind)
    if r is None:
        r = {}
        for col, al in spec.headers.items():
            for i, a in enumerate(al):
                r.setdefault(norm_header(a), (col, i))
        _RANKS[spec.kind] = r
    return r


def map_columns(spec: Spec, names: list[str]) -> tuple[dict[str, int], list[str], list[int]]:
    """(canonical -> position, duplicated header names, positions not recognised).

    When two different headers are aliases of one column (SIASN has both UNOR INDUK NAMA and
    SATUAN KERJA KERJA NAMA), the alias listed first wins; the same header twice is an error.
    """
    rank = _rank(spec)
    found: dict[str, tuple[int, int]] = {}
    seen: dict[str, int] = {}
    dups, unknown = [], []
    for i, n in enumerate(names):
        key = norm_header(n)
        if not key:
            continue
        if key in seen and key in rank:
            dups.append(key)
            continue
        seen[key] = i
        hit = rank.get(key)
        if hit is None:
            unknown.append(i)
            continue
        col, r = hit
        if col not in found or r < found[col][1]:
            found[col] = (i, r)
    return {c: i for c, (i, _) in found.items()}, dups, unknown


def col_letter(i: int) -> str:
    """The Excel column letter of a 0-based column index (0 -> A, 27 -> AB)."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def check_columns(layout_names: list[str], spec: Spec, path, sheet, header_row: int) -> dict:
    """Map the header; raise a FileError naming duplicated, missing and unexpected columns."""
    found, dups, unknown = map_columns(spec, layout_names)
    where = f"sheet {sheet!r}, " if sheet else ""
    if dups:
        cols = ", ".join(
            f"{layout_names[i]!r} in column {col_letter(i)}"
            for d in dict.fromkeys(dups)
            for i, n in enumerate(layout_names)
            if norm_header(n) == d
        )
        raise FileError(
            path,
            f"{where}header row {header_row}: duplicated column names ({cols}). Rename or "
            "delete the extra column so each appears once.",
            "header_duplicated",
            sheet,
        )
    missing = [c for c in spec.required if c not in found]
    if missing:
        expect = "; ".join(
            f"{c} (e.g. {', '.join(repr(a) for a in spec.headers.get(c, ())[:2]) or repr(c)})"
            for c in missing
        )
        extra = [layout_names[i] for i in unknown]
        raise FileError(
            path,
            f"{where}header row {header_row} looks like a {spec.title} but the columns have "
            f"changed: missing {expect}; unexpected "
            f"{', '.join(repr(x) for x in extra) if extra else 'none'}. Found: "
            f"{', '.join(repr(n) for n in layout_names if n)}. If a column was renamed, add "
            "the new name to the loader's header aliases.",
            "schema_drift",
            sheet,
        )
    return found


# --------------------------------------------------------------------------- common steps


def _blank(arr: np.ndarray) -> np.ndarray:
    """Empty cells of an object array: None, NaN, '' or a lone space."""
    return pd.isna(arr) | (arr == "") | (arr == " ")


def start(layout: Layout, file: str) -> tuple[pd.DataFrame, Rows]:
    """The body below the header with canonical column names, and its row tracker with layout
    rows (blank, repeated header, total) already skipped."""
    cols = layout.columns
    table = layout.grid.table(sorted(cols.values()))
    body = table.iloc[layout.first_data_row :].reset_index(drop=True)
    body = body[[cols[c] for c in cols]]
    body.columns = list(cols)
    names = {c: layout.names[i] for c, i in cols.items()}
    rows = Rows(file, layout.grid.name, layout.first_data_row + 1, len(body), names)
    if len(body) == 0:
        return body, rows
    if layout.grid.text is not None:  # only a CSV can hold a cell longer than Excel allows
        for c in body.columns:
            long = (body[c].str.len() > MAX_CELL).fillna(False).to_numpy(bool)
            if long.any():
                rows.note(long, c, "text_too_long", body[c].str.slice(0, 40) + "...")
                body[c] = body[c].where(~long, body[c].str.slice(0, MAX_CELL))
    # column by column (vectorised), never cell by cell
    empty = np.column_stack([_blank_col(body[c]) for c in body.columns])
    rows.skip(empty.all(axis=1), "blank")
    # a header repeated at a page break (or its sub-header / column-number rows): exact copies
    head = layout.grid.cells.iloc[layout.header_row : layout.first_data_row]
    for _, h in head.iterrows():
        hv = {c: h.get(cols[c]) for c in cols}
        filled = [c for c, v in hv.items() if not _blank(np.array([v], dtype=object))[0]]
        if filled:
            hits = sum((body[c] == hv[c]).fillna(False).to_numpy(bool).astype(int)
                       for c in filled)  # fmt: skip
            rows.skip(hits >= 0.6 * len(filled), "header")
    # total lines: "JUMLAH ...", "TOTAL ..." in the first filled cell
    first = np.argmax(~empty, axis=1)
    total = np.zeros(len(body), bool)
    for j, c in enumerate(body.columns):
        at = first == j
        if not at.any():
            continue
        col = body[c][at]
        if col.dtype == object:
            col = col.where(col.map(type).eq(str), None)
        low = col.astype("string").str.lstrip().str.lower()
        total[at] = low.str.match(r"(jumlah|total|rata-rata|grand total)").fillna(False)
        if j >= 2:
            break
    rows.skip(total, "total")
    return body, rows


def _blank_col(col: pd.Series) -> np.ndarray:
    if col.dtype == object:
        return _blank(col.to_numpy())
    return (col.isna() | col.eq("") | col.eq(" ")).to_numpy(bool)


def check_nip(rows: Rows, raw: pd.Series, pppk=None, column: str = "nip") -> pd.Series:
    """Clean the NIP column; reject rows whose NIP cannot be used (reason per row)."""
    res = nipmod.clean_nip(raw, pppk)
    for reason in ("nip_precision_lost", "nip_invalid", "nip_missing"):
        rows.flag(res["reason"].eq(reason).fillna(False).to_numpy(), "reject", column, reason, raw)
    return res["nip"]


def typed(
    rows: Rows,
    parsed: tuple[pd.Series, pd.Series],
    column: str,
    raw,
    reason: str,
    outcome: str | None = None,
) -> pd.Series:
    """Take a parser's (values, bad) pair: bad cells are reported (row kept, cell empty) or,
    with ``outcome='reject'``, reject the row."""
    vals, bad = parsed
    if outcome:
        rows.flag(bad.to_numpy(), outcome, column, reason, raw)
    else:
        rows.note(bad.to_numpy(), column, reason, raw)
    return vals


def finish(table: str, rows: Rows, frame: pd.DataFrame, meta: dict) -> Result:
    """Keep the live rows, add provenance, conform to the table's schema."""
    from .. import schemas

    live = rows.live
    frame = frame.reset_index(drop=True)
    frame = frame[live].assign(
        source_file=rows.file, source_row=(np.flatnonzero(live) + rows.first_row)
    )
    out = schemas.conform(table, frame.reset_index(drop=True))  # validated once per table
    return Result(table, out, rows.problems, rows.counts(), meta)


def title_text(layout: Layout) -> str:
    """The text of the rows above the header (title block), one line per row."""
    head = layout.grid.cells.iloc[: layout.header_row]
    return "\n".join(
        " ".join(str(v) for v in r if v not in (None, "") and v == v) for r in head.to_numpy()
    )


def title_year(layout: Layout) -> int | None:
    """The year stated in the title rows: 'TAHUN 2022', 'TAHUN PENILAIAN : 2019',
    'KEADAAN PER 31 DESEMBER 2024'; None when the title names none."""
    t = title_text(layout)
    m = re.search(r"TAHUN(?:\s+PENILAIAN)?\s*:?\s*((?:19|20)\d{2})\b", t, re.IGNORECASE)
    if m:
        return int(m.group(1))
    m = re.search(r"\bPER\s+\d{1,2}\s+[A-Za-z]+\s+((?:19|20)\d{2})\b", t, re.IGNORECASE)
    if m:
        return int(m.group(1))
    return None


def parse_dates(rows: Rows, body: pd.DataFrame, columns: tuple[str, ...]) -> dict:
    """Typed date columns (those present); unreadable dates are reported, the row is kept."""
    from . import normalize as nz

    out = {}
    for c in columns:
        if c in body:
            vals, bad = nz.to_date(body[c])
            rows.note(bad.to_numpy(), c, "date_invalid", body[c])
            out[c] = vals
    return out


def year_of(layout: Layout, file: str, end: pd.Series | None = None) -> int | None:
    """The file's year: title rows, else the most common year of the period ends, else a
    single year in the file name."""
    year = title_year(layout)
    if year is None and end is not None and end.notna().any():
        year = int(end.dt.year.mode().iloc[0])
    return year or name_year(file)


def require_year(rows: Rows, year: int | None) -> None:
    """Without a year the rows cannot be placed in time: reject them all, saying why."""
    if year is None:
        rows.flag(np.ones(len(rows.status), bool), "reject", None, "year_unknown")


def name_year(path: str) -> int | None:
    """A single year (2000-2099) in the file name, used only when the content names none."""
    from pathlib import Path

    found = set(re.findall(r"(?<!\d)(20\d{2})(?!\d)", Path(path).stem))
    return int(found.pop()) if len(found) == 1 else None
