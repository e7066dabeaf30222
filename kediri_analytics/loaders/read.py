"""Read any export into cell grids: workbooks with python-calamine, text with sniffed encoding
and delimiter. The format is recognised from the bytes, never from the file name."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import python_calamine as pc

HEAD_ROWS = 30  # rows searched for a header
SAMPLE_ROWS = 250  # rows of a CSV kept in memory to check the values under a header
MAX_CELL = 32_767  # Excel's own limit for one cell's text
DELIMITERS = (",", ";", "|", "\t")


class FileError(Exception):
    """A file cannot be used at all; the message names the file and says what to do."""

    def __init__(self, path, message: str, reason: str = "file_unreadable", sheet=None, hint=None):
        super().__init__(f"{path}: {message}" + (f"\n{hint}" if hint else ""))
        self.path, self.reason, self.sheet, self.detail = str(path), reason, sheet, message
        self.hint = hint  # what to do, in detail: the header as read, a block to paste


@dataclass
class Grid:
    """One sheet (or the table of a text file) as cells; row ``i`` is spreadsheet row i+1.

    A workbook sheet holds all its cells; a text file holds only its first rows until
    :meth:`table` reads the columns a loader asks for (large CSVs are read column-selectively).
    """

    name: str | None
    cells: pd.DataFrame  # columns 0..n-1, cells ('' or None when empty)
    text: str | None = None  # the decoded start of a CSV file (the first MB)
    delimiter: str | None = None
    path: Path | None = None  # a CSV is read again from disk, streaming, when its table is asked
    encoding: str | None = None
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2

    def sample_rows(self, start: int, n: int) -> list[list]:
        """Rows ``start`` to ``start + n`` as read (a CSV keeps only its first rows here)."""
        return self.cells.iloc[start : start + n].to_numpy(dtype=object).tolist()

    def released(self) -> Grid:
        """This grid without its cells past the first rows (the title and header a loader may
        still read), once the body has been taken out: keeps memory bounded."""
        keep = HEAD_ROWS + SAMPLE_ROWS
        if len(self.cells) <= keep:
            return self
        return Grid(
            self.name,
            self.cells.iloc[:keep],
            self.text,
            self.delimiter,
            self.path,
            self.encoding,
            self.merges,
        )

    def head(self, n: int = HEAD_ROWS) -> list[list]:
        """The first ``n`` rows of the sheet, as read (for finding the header)."""
        return self.cells.iloc[:n].to_numpy(dtype=object).tolist()

    def table(self, usecols: list[int] | None = None) -> pd.DataFrame:
        """All rows, only ``usecols`` (positions); columns keep their positions as labels."""
        if self.text is None:
            cells = self.cells
            return cells if usecols is None else cells[[c for c in usecols if c in cells]]
        width = self.cells.shape[1]
        try:
            return pd.read_csv(
                self.path,
                sep=self.delimiter,
                header=None,
                dtype=str,
                encoding=self.encoding,
                encoding_errors="replace",
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                engine="c",
                names=range(width),
                usecols=usecols,
            )
        except (pd.errors.ParserError, ValueError):
            # ragged rows: the csv module pads short rows and keeps long ones whole
            with open(self.path, encoding=self.encoding, errors="replace", newline="") as f:
                rows = list(csv.reader(f, delimiter=self.delimiter))
            full = _frame(rows)
            return full if usecols is None else full[[c for c in usecols if c in full]]


@dataclass
class Source:
    """A file recognised by its content: format, text options and its grids."""

    path: Path
    format: str  # xlsx | xls | csv
    grids: list[Grid]
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)


def sniff_format(path: Path, head: bytes) -> str:
    """``xlsx`` (zip), ``xls`` (OLE2), or ``csv`` (text); raise FileError for anything else."""
    if not head:
        raise FileError(
            path, "the file is empty (0 bytes). Download the export again.", "file_empty"
        )
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    sample = head[:4096].lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").lower()
    if sample.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<")):
        raise FileError(
            path,
            "this is an HTML/XML page, not a spreadsheet (some web apps save a web table "
            "with an .xls/.xlsx name). Open it in Excel and use Save As > Excel Workbook "
            "(.xlsx), or download the export again.",
            "file_is_html",
        )
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileError(
            path,
            "this is a binary file that is neither an Excel workbook nor text; it may be "
            "damaged. Download the export again.",
            "file_unreadable",
        )
    return "csv"


def read_source(path: str | Path) -> Source:
    """Open ``path`` and return its grids (all sheets of a workbook, or the CSV table)."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(8192)
    except OSError as e:
        raise FileError(path, f"cannot open the file: {e.strerror or e}", "file_unreadable") from e
    fmt = sniff_format(path, head)
    if fmt in ("xlsx", "xls"):
        return _read_workbook(path, fmt)
    return _read_text(path)


def _read_workbook(path: Path, fmt: str) -> Source:
    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
        grids = []
        for name in wb.sheet_names:
            sheet = wb.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            merges = _merges(sheet)
            grids.append(Grid(name, _fill_down(_frame(rows), merges), merges=merges))
    except pc.PasswordError as e:
        raise FileError(
            path, "the workbook is password-protected; save an unprotected copy.", "file_protected"
        ) from e
    except (pc.CalamineError, ValueError, OSError, RuntimeError) as e:
        raise FileError(
            path,
            f"the workbook is damaged or truncated ({e}). Download the export again, or open "
            "it in Excel and save it as a new .xlsx.",
            "file_corrupt",
        ) from e
    return Source(path, fmt, grids)


def _merges(sheet) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges (0-based, inclusive), where the format records them."""
    try:
        ranges = sheet.merged_cell_ranges or []
    except Exception:  # noqa: BLE001 - a format without merge records has none
        return []
    return [(a[0], a[1], b[0], b[1]) for a, b in ranges]


def _fill_down(cells: pd.DataFrame, merges) -> pd.DataFrame:
    """A cell merged down several rows shows its value on each of them (a person's NIP merged
    over their competency rows): copy it down. Merges across columns only (a title, a group
    heading) are left as they are, and so are the other columns of a block."""
    for r1, c1, r2, _ in merges:
        if r2 > r1 and r1 < len(cells) and c1 < cells.shape[1]:
            cells.iloc[r1 : min(r2, len(cells) - 1) + 1, c1] = cells.iat[r1, c1]
    return cells


def _frame(rows: list[list]) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame()
    width = max(len(r) for r in rows)
    if any(len(r) != width for r in rows):
        rows = [list(r) + [""] * (width - len(r)) for r in rows]
    arr = np.empty((len(rows), width), dtype=object)
    arr[:] = rows
    return pd.DataFrame(arr, dtype=object, copy=False)  # cells as read: no string inference


def sniff_encoding(path: Path) -> str:
    """UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252 (what Excel writes).

    The whole file is checked for UTF-8 in chunks, so a large file is never held in memory.
    """
    import codecs

    with open(path, "rb") as f:
        start = f.read(4)
        if start.startswith(b"\xef\xbb\xbf"):
            return "utf-8-sig"
        if start.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "utf-16"
        f.seek(0)
        dec = codecs.getincrementaldecoder("utf-8")()
        try:
            for chunk in iter(lambda: f.read(1 << 24), b""):
                dec.decode(chunk)
            dec.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the most lines into the same (>1) number of fields, weighted
    by that number: a ';' table of 27 columns beats the ',' in "Kediri, 31 Desember 2024"
    under it, which makes two fields on a few more lines."""
    best, best_score = ",", (0, 0)
    lines = [ln for ln in lines if ln.strip()][:HEAD_ROWS]
    for d in DELIMITERS:
        counts = pd.Series([len(r) for r in csv.reader(lines, delimiter=d)])
        if counts.empty:
            continue
        modal = counts.value_counts()
        modal = modal[modal.index > 1]
        if modal.empty:
            continue
        width = int(modal.index[modal.argmax()])
        score = (int(modal.max()) * (width - 1), width)
        if score > best_score:
            best, best_score = d, score
    return best


def _read_text(path: Path) -> Source:
    enc = sniff_encoding(path)
    with open(path, "rb") as f:
        raw = f.read(1 << 20)
    try:
        text = raw.decode(enc, errors="strict" if len(raw) < (1 << 20) else "ignore")
    except UnicodeDecodeError:
        enc, text = "latin-1", raw.decode("latin-1")
    if enc == "cp1252":  # five byte values are undefined in cp1252: read those as latin-1
        try:
            raw.decode("cp1252")
        except UnicodeDecodeError:
            enc, text = "latin-1", raw.decode("latin-1")
    notes = []
    if path.suffix.lower() in (".xlsx", ".xls", ".xlsm"):
        notes.append(f"the file is text (CSV) although its name ends in {path.suffix}; read as CSV")
    delim = sniff_delimiter(text[: 1 << 16].splitlines())
    rows = []
    for r in csv.reader(io.StringIO(text, newline=""), delimiter=delim):
        rows.append(r)
        if len(rows) >= HEAD_ROWS + SAMPLE_ROWS:
            break
    if not rows:
        raise FileError(path, "the file holds no rows.", "file_empty")
    head = _frame(rows)
    grid = Grid(None, head, text=text, delimiter=delim, path=path, encoding=enc)
    return Source(path, "csv", [grid], encoding=enc, delimiter=delim, notes=notes)
