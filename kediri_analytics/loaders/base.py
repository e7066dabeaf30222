"""What every loader shares: its spec (kind, header aliases), header mapping, row outcomes and
problem records."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import schemas
from . import nip as nipmod
from . import normalize as nz
from .read import Grid

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
    "jenis_jabatan_ambiguous": "'Struktural' with no eselon to say whether JPT, administrator or "
    "pengawas; the position type is left empty",
    "assessment_type_unknown": "assessment type not in rules/jpm.yaml (scale_of): its JPM "
    "category on its own scale is left empty; add the type to the rules",
    "predikat_matrix_mismatch": "hasil_akhir differs from the predikat the matrix gives for "
    "the row's hasil kerja and perilaku kerja (PermenPANRB 6/2022); the matrix's is used",
    "jpm_mismatch": "the JPM the recap reports differs from the JPM computed from its levels "
    "(by more than 0.05); the computed JPM is used",
    "kategori_mismatch": "the category the recap reports is not the category of the computed JPM",
    "sanction_level_unknown": "not one level of PP 94/2021 (ringan, sedang or berat); the "
    "sanction is kept, and its IP ASN disiplin score is left empty",
}
SEVERITY = {"reject": "error", "drop": "warning", "warn": "warning"}


@dataclass(frozen=True)
class Spec:
    """One export kind: the concepts it needs and the loader that types it.

    What each concept is called in real files lives in ``rules/headers.yaml`` (the kind's own
    names plus the ``common`` ones), never here. ``required`` concepts must all be found for a
    sheet to be this kind; ``deferred`` ones may instead come from group heading rows or the
    title (the OPD of a list grouped by unit); ``checks`` name a value test that the sampled
    cells of an ambiguous column must pass ("KATEGORI" holding award categories); a kind in
    ``unless`` that also fits takes precedence (a SIASN download is also a people list).
    """

    kind: str
    table: str
    title: str
    required: tuple[str, ...]
    load: Callable
    deferred: tuple[str, ...] = ()
    checks: dict = field(default_factory=dict)
    unless: tuple[str, ...] = ()
    batched: bool = False  # load takes the parts of every file of the kind at once

    def __hash__(self) -> int:
        return hash(self.kind)


@dataclass
class Layout:
    """Where a kind's header sits in a grid and which concept is in which column."""

    spec: Spec
    grid: Grid
    header_row: int  # 0-based index of the first header row
    header_rows: int  # header rows, with a row of column numbers or a required-level row
    columns: dict[str, int]  # concept -> position
    names: dict[int, str]  # position -> the header text as the file writes it
    stacked: dict = field(default_factory=dict)  # position -> (concept per line, separator)
    comps: dict = field(default_factory=dict)  # competency index -> role -> position
    standard: dict | None = None  # competency index -> required level (standard row / sheet)
    standard_from: str | None = None
    depth: int = 1  # rows of labels (the header proper, without number or standard rows)
    unplaced: str | None = None  # why a deferred concept (the unit) is missing from the header

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
    ``first_row + position``. Several files' bodies typed together (:meth:`join`) keep each
    row's file, sheet and row number, and split back per file (:func:`finish_parts`).
    """

    def __init__(self, file: str, sheet: str | None, first_row: int, n: int, names: dict):
        self.files, self.sheets, self.part_names = [file], [sheet], [names]
        self.part = np.zeros(n, dtype=np.int32)
        self.rownum = first_row + np.arange(n, dtype=np.int64)
        self.status = np.full(n, "load", dtype=object)
        self.skip_kind = np.full(n, None, dtype=object)
        self.problems: list[dict] = []

    # one file's view (a single part)
    @property
    def file(self) -> str:
        return self.files[0]

    @property
    def sheet(self) -> str | None:
        return self.sheets[0]

    @property
    def first_row(self) -> int:
        return int(self.rownum[0]) if len(self.rownum) else 0

    @property
    def names(self) -> dict:
        """canonical -> header text, for problem reports (of the first file)."""
        return self.part_names[0]

    @classmethod
    def join(cls, parts: list[Rows]) -> Rows:
        """One tracker for several files' bodies, concatenated in order."""
        out = cls.__new__(cls)
        out.files = [f for r in parts for f in r.files]
        out.sheets = [s for r in parts for s in r.sheets]
        out.part_names = [n for r in parts for n in r.part_names]
        offsets = np.cumsum([0] + [len(r.files) for r in parts])[:-1]
        out.part = np.concatenate([r.part + o for r, o in zip(parts, offsets, strict=True)])
        out.rownum = np.concatenate([r.rownum for r in parts])
        out.status = np.concatenate([r.status for r in parts])
        out.skip_kind = np.concatenate([r.skip_kind for r in parts])
        out.problems = [
            {**p, "_part": int(p.get("_part", 0) + o)}
            for r, o in zip(parts, offsets, strict=True)
            for p in r.problems
        ]
        return out

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
        msg = REASONS.get(reason, reason)
        for p, v in zip(pos, vals, strict=True):
            i = int(self.part[p])
            self.problems.append(
                {
                    "file": self.files[i],
                    "sheet": self.sheets[i],
                    "row": int(self.rownum[p]),
                    "column": self.part_names[i].get(column, column),
                    "value": None if v is None or v is pd.NA or v != v else str(v)[:200],
                    "severity": severity,
                    "reason": reason,
                    "message": msg,
                    "_part": i,
                }
            )

    def counts(self, part: int | None = None) -> dict:
        """Rows loaded, rejected, dropped and skipped so far (of one file when joined)."""
        sel = slice(None) if part is None else self.part == part
        st = pd.Series(self.status[sel])
        kinds = self.skip_kind[sel]
        skipped = pd.Series(kinds[st.to_numpy() == "skip"]).value_counts()
        return {
            "data": int((st != "skip").sum()),
            "loaded": int(st.isin(["load", "warn"]).sum()),
            "rejected": int((st == "reject").sum()),
            "dropped": int((st == "drop").sum()),
            "warned": int((st == "warn").sum()),
            "skipped": {str(k): int(v) for k, v in skipped.sort_index().items()},
        }


@dataclass
class Part:
    """One data sheet ready for typing: its layout, file name, body and row tracker (unpacks
    as ``layout, file, body, rows``)."""

    layout: Layout
    file: str
    body: pd.DataFrame
    rows: Rows

    def __iter__(self):
        return iter((self.layout, self.file, self.body, self.rows))


def join_parts(parts: list[Part]) -> tuple[pd.DataFrame, Rows]:
    """The bodies of several files of one kind, concatenated, and their joined tracker."""
    body = (
        pd.concat([p.body for p in parts], ignore_index=True)
        if len(parts) > 1
        else parts[0].body.reset_index(drop=True)
    )
    return body, Rows.join([p.rows for p in parts]) if len(parts) > 1 else parts[0].rows


def per_part(values: list, rows: Rows) -> np.ndarray:
    """A per-file value (a year, a period) spread over each row of joined bodies."""
    return np.asarray(values, dtype=object)[rows.part]


def col_letter(i: int) -> str:
    """The Excel column letter of a 0-based column index (0 -> A, 27 -> AB)."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


# --------------------------------------------------------------------------- common steps


def check_nip(rows: Rows, raw: pd.Series, pppk=None, column: str = "nip") -> pd.Series:
    """Clean the NIP column; reject rows whose NIP cannot be used (reason per row)."""
    res = nipmod.clean_nip(raw, pppk)
    for reason in ("nip_precision_lost", "nip_invalid", "nip_missing"):
        rows.flag(res["reason"].eq(reason).fillna(False).to_numpy(), "reject", column, reason, raw)
    return res["nip"]


def jenis_jabatan(rows: Rows, body: pd.DataFrame, eselon: pd.Series | None = None):
    """The position type column typed, with an unknown label and a bare "Struktural" (no eselon
    to say which) reported apart; None when the file has no such column."""
    if "jenis_jabatan" not in body:
        return None
    raw = body["jenis_jabatan"]
    vals, bad = nz.to_jenis_jabatan(raw, eselon)
    struct = nz.struktural(raw).to_numpy()
    rows.note(bad.to_numpy() & ~struct, "jenis_jabatan", "label_unknown", raw)
    rows.note(bad.to_numpy() & struct, "jenis_jabatan", "jenis_jabatan_ambiguous", raw)
    return vals


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
    """Keep the live rows, add provenance, conform to the table's schema (one file)."""
    return finish_parts(table, rows, frame, [meta])[0]


def finish_parts(table: str, rows: Rows, frame: pd.DataFrame, metas: list[dict]) -> list[Result]:
    """Keep the live rows, add provenance, conform to the table's schema, and split the
    joined bodies back into one Result per file."""
    live = rows.live
    frame = frame.reset_index(drop=True)
    files = np.asarray(rows.files, dtype=object)
    frame = frame[live].assign(source_file=files[rows.part[live]], source_row=rows.rownum[live])
    out = schemas.conform(table, frame.reset_index(drop=True))  # validated once per table
    probs: dict[int, list] = {i: [] for i in range(len(rows.files))}
    for p in rows.problems:
        q = dict(p)
        probs[q.pop("_part", 0)].append(q)
    if len(rows.files) == 1:
        return [Result(table, out, probs[0], rows.counts(), metas[0])]
    where = rows.part[live]
    return [
        Result(table, out[where == i].reset_index(drop=True), probs[i], rows.counts(i), metas[i])
        for i in range(len(rows.files))
    ]


def title_text(layout: Layout) -> str:
    """The text of the rows above the header (title block), one line per row."""
    head = layout.grid.cells.iloc[: layout.header_row]
    return "\n".join(
        " ".join(str(v) for v in r if v not in (None, "") and v == v) for r in head.to_numpy()
    )


def title_year(layout: Layout) -> int | None:
    """The year stated in the title rows: 'TAHUN 2022', 'TAHUN PENILAIAN : 2019',
    'KEADAAN PER 31 DESEMBER 2024', 'PERIODE 1 JANUARI - 31 DESEMBER 2020', else the one year
    the title names; never the year of a cited regulation ('PP Nomor 30 Tahun 2019') or of the
    download. None when the title names none."""
    t = _CITATION.sub(" ", title_text(layout))
    for rx in _TITLE_YEARS:
        m = rx.search(t)
        if m:
            return int(m.group(1))
    years = {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", _PULLED.sub(" ", t))}
    return years.pop() if len(years) == 1 else None


#: a regulation cited in a title ("PP Nomor 30 Tahun 2019", "PermenPANRB No. 6/2022"): its
#: year is not the data's
_CITATION = re.compile(
    r"(?:\b(?:peraturan|pp|permen\w*|perka|perbkn|uu|undang[- ]undang|keputusan|kepmen\w*|"
    r"perwali|perda)\b[^\n]*?)?\b(?:nomor|no\.?)\s*\d+\s*(?:tahun|/)\s*\d{4}",
    re.IGNORECASE,
)
_TITLE_YEARS = (
    re.compile(r"TAHUN(?:\s+(?:PENILAIAN|ANGGARAN))?\s*:?\s*((?:19|20)\d{2})\b", re.IGNORECASE),
    re.compile(r"\bPER\s+\d{1,2}\s+[A-Za-z]+\s+((?:19|20)\d{2})\b", re.IGNORECASE),
    # a period "1 JANUARI - 31 DESEMBER 2019" or "JANUARI S.D. DESEMBER 2024": its end
    re.compile(
        r"(?:-|s\.?\s*d\.?|sampai(?:\s+dengan)?)\s*(?:\d{1,2}\s+)?[A-Za-z]+\s+"
        r"((?:19|20)\d{2})\b",
        re.IGNORECASE,
    ),
)
#: lines that say when a file was pulled or printed, not which year it covers
_PULLED = re.compile(
    r"^.*(?:ditarik|dicetak|diunduh|tanggal cetak|printed|download).*$",
    re.IGNORECASE | re.MULTILINE,
)


def parse_dates(rows: Rows, body: pd.DataFrame, columns: tuple[str, ...]) -> dict:
    """Typed date columns (those present); unreadable dates are reported, the row is kept."""
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


def years_of(parts: list[Part], rows: Rows, end: pd.Series | None = None) -> list[int | None]:
    """:func:`year_of` for each file of joined bodies (``end``: their period ends)."""
    modes: dict = {}
    if end is not None and end.notna().any():
        y = pd.DataFrame({"part": rows.part, "y": end.dt.year}).dropna()
        modes = y.groupby("part")["y"].agg(lambda v: int(v.mode().iloc[0])).to_dict()
    out = []
    for i, p in enumerate(parts):
        year = title_year(p.layout)
        if year is None and i in modes:
            year = modes[i]
        out.append(year or name_year(p.file))
    return out


def require_years(rows: Rows, years: list[int | None]) -> None:
    """:func:`require_year` for each file of joined bodies."""
    missing = [i for i, y in enumerate(years) if y is None]
    if missing:
        rows.flag(np.isin(rows.part, missing), "reject", None, "year_unknown")


def require_year(rows: Rows, year: int | None) -> None:
    """Without a year the rows cannot be placed in time: reject them all, saying why."""
    if year is None:
        rows.flag(np.ones(len(rows.status), bool), "reject", None, "year_unknown")


def name_year(path: str) -> int | None:
    """A single year (2000-2099) in the file name, used only when the content names none."""
    from pathlib import Path

    found = set(re.findall(r"(?<!\d)(20\d{2})(?!\d)", Path(path).stem))
    return int(found.pop()) if len(found) == 1 else None


def kedudukan(rows: Rows, body: pd.DataFrame) -> pd.Series | None:
    """Kedudukan hukum as its canonical label, where the list has the column; an unreadable
    status is reported (``label_unknown``) and left empty (the person then counts as expected
    to report, as in a list without the column)."""
    if "kedudukan_hukum" not in body:
        return None
    vals, bad = nz.to_kedudukan(body["kedudukan_hukum"])
    rows.note(bad.to_numpy(), "kedudukan_hukum", "label_unknown", body["kedudukan_hukum"])
    return vals
