"""Vectorised cell typing shared by the loaders: text, numbers, dates and canonical labels.

Each parser returns the typed values and a boolean mask of cells that were present but could
not be read, so the loader can report them (never silently coerced).
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from ..core.fmt import BULAN as FULL_MONTHS
from ..rules.labels import (
    EKSPEKTASI,
    education_vocab,
    golongan_vocab,
    jabatan_vocab,
    kedudukan_vocab,
    key,
)

SHORT_MONTHS = (
    ("jan",),
    ("feb", "pebruari"),
    ("mar",),
    ("apr",),
    (),
    ("jun",),
    ("jul",),
    ("agu", "agt", "agus"),
    ("sep", "sept"),
    ("okt",),
    ("nov", "nopember"),
    ("des",),
)
#: month names as exports write them: the full names (core.fmt.BULAN) and their short and old
#: spellings ("Agt", "Pebruari", "Nopember")
BULAN = {
    **{name.lower(): i for i, name in enumerate(FULL_MONTHS, start=1)},
    **{short: i for i, shorts in enumerate(SHORT_MONTHS, start=1) for short in shorts},
}
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_NUMBER_TYPES = (int, float, np.integer, np.floating)


def text(s: pd.Series) -> pd.Series:
    """Cells as trimmed text (``string`` dtype); empty cells become ``<NA>``.

    Whole numbers stored as floats (``2019.0``) read back as ``2019``.
    """
    if s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) not in ("string", "empty"):
        num = s.map(lambda v: isinstance(v, float) and v.is_integer())
        if num.any():
            s = s.where(~num, s[num].map(lambda v: str(int(v))))
    out = s.astype("string").str.strip()
    return out.mask(out.eq(""))


def _by_unique(s: pd.Series, parse) -> tuple[pd.Series, pd.Series]:
    """Apply ``parse`` (on a Series of unique values) and broadcast back: exports repeat."""
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    vals, bad = parse(pd.Series(np.asarray(uniques, dtype=object), dtype=object))
    missing = codes < 0
    take = np.where(missing, 0, codes)
    if len(uniques) == 0:
        out = pd.Series(pd.array([None] * len(s), dtype=vals.dtype), index=s.index)
        return out, pd.Series(False, index=s.index)
    out = vals.take(take)
    out.index = s.index
    if missing.any():
        out = out.mask(missing)
    badv = np.asarray(bad, bool)[take] & ~missing
    return out, pd.Series(badv, index=s.index)


def to_number(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers from cells holding numbers or text with a decimal comma (``94,40``, ``1.234,5``).

    Returns (Float64 values, mask of non-empty cells that are not numbers). Number cells and
    plain numeric text are read in one vectorised pass; only what is left (decimal commas,
    stray spaces, a trailing "%": "97,22%" is 97.22) is looked at again.
    """
    if s.dtype.kind in "fiu" or isinstance(s.dtype, pd.core.dtypes.dtypes.BaseMaskedDtype):
        return s.astype("Float64"), pd.Series(False, index=s.index)
    arr = s.to_numpy(dtype=object)
    blank = np.asarray(pd.isna(arr) | (arr == "") | (arr == "-") | (arr == " "), bool)
    boolean = np.array([type(v) is bool for v in arr], bool) if s.dtype == object else None
    vals = pd.to_numeric(pd.Series(np.where(blank, None, arr), index=s.index), errors="coerce")
    vals = vals.astype(float)
    if boolean is not None and boolean.any():  # a TRUE/FALSE cell is no number
        vals[boolean] = np.nan
    rest = vals.isna().to_numpy() & ~blank
    if rest.any():
        t = pd.Series(arr[rest], index=s.index[rest]).astype("string").str.strip()
        t = t.str.replace(r"\s*%$", "", regex=True)  # "97,22%": the percentage's number
        t = t.mask(t.eq("") | t.eq("-"))
        comma = t.str.contains(",", regex=False).fillna(False)
        t = t.where(~comma, t.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
        vals[rest] = pd.to_numeric(t, errors="coerce").astype(float).to_numpy()
        blank[rest] |= t.isna().to_numpy()
    bad = pd.Series(vals.isna().to_numpy() & ~blank, index=s.index)
    return vals.astype("Float64"), bad


def to_int(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Whole numbers (``Int64``); a fractional value counts as unreadable."""
    vals, bad = to_number(s)
    frac = vals.notna() & (vals.round() != vals).fillna(False)
    return vals.mask(frac).round().astype("Int64"), bad | frac


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_LONG = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")


_RANGE = re.compile(r"^(.*\S)\s+(?:s\.?\s*d\.?|sampai(?:\s+dengan)?|-|–)\s+(.*\d{4})$", re.I)
_DAY_RANGE = re.compile(r"^(\d{1,2})\s*[-–]\s*(\d{1,2}\s+[A-Za-z]+\.?\s+\d{4})$")


def _one_date(v):
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return None, False
    if isinstance(v, (dt.datetime, dt.date, pd.Timestamp)):
        return pd.Timestamp(v), False
    if isinstance(v, _NUMBER_TYPES) and not isinstance(v, bool):
        f = float(v)
        if 1 <= f < 2_958_466:  # Excel serials 1900-01-01 .. 9999-12-31
            return EXCEL_EPOCH + pd.Timedelta(days=f), False
        return None, True
    t = str(v).strip()
    if t in ("", "-"):
        return None, False
    m = _RANGE.match(t) or _DAY_RANGE.match(t)
    if m:  # "12-14 Maret 2024", "28 Februari - 2 Maret 2024": a range gives its last day
        return _one_date(m.group(2))
    for rx, order in ((_ISO, "ymd"), (_DMY, "dmy")):
        m = rx.match(t)
        if m:
            a, b, c = (int(x) for x in m.groups()[:3])
            y, mo, d = (a, b, c) if order == "ymd" else (c, b, a)
            hh, mm, ss = (int(x) if x else 0 for x in m.groups()[3:])
            try:
                return pd.Timestamp(y, mo, d, hh, mm, ss), False
            except ValueError:
                return None, True
    m = _LONG.match(t)
    if m and m.group(2).lower() in BULAN:
        try:
            return pd.Timestamp(int(m.group(3)), BULAN[m.group(2).lower()], int(m.group(1))), False
        except ValueError:
            return None, True
    if t.replace(".", "", 1).isdigit():  # a serial number stored as text
        return _one_date(float(t))
    return None, True


_FORMATS = (
    "%d-%m-%Y",
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
)
_MONTH_WORD = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")


def _dates_from_text(t: pd.Series) -> pd.Series:
    """Vectorised: each known format in turn (C strptime) on the cells still unread, then
    Indonesian month names, then the per-cell parser for whatever is left (rare forms)."""
    out = pd.Series(pd.NaT, index=t.index, dtype="datetime64[ns]")
    todo = t
    for fmt in _FORMATS:
        if todo.empty:
            break
        got = pd.to_datetime(todo, format=fmt, errors="coerce")
        ok = got.notna()
        if ok.any():
            out[ok[ok].index] = got[ok]
            todo = todo[~ok]
    if not todo.empty:
        parts = todo.str.extract(_MONTH_WORD.pattern)
        month = parts[1].str.lower().map(BULAN)
        ok = month.notna()
        if ok.any():
            txt = (
                parts.loc[ok, 0] + "-" + month[ok].astype(int).astype(str) + "-" + parts.loc[ok, 2]
            )
            got = pd.to_datetime(txt, format="%d-%m-%Y", errors="coerce")
            out[got.index] = got
            todo = todo[~ok | got.reindex(todo.index).isna()]
    for i, v in todo.items():  # odd forms (single-digit parts, stray spaces): few
        d, _ = _one_date(v)
        if d is not None:
            out[i] = d
    return out


def to_date(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates from Excel serials, date cells, ``dd-mm-yyyy``/``dd/mm/yyyy``/``dd.mm.yyyy``, ISO
    (with an optional time) and Indonesian long dates (``12 Desember 2022``).

    Returns (datetime64 values, mask of non-empty cells that are not dates). Day-first is
    assumed for the numeric forms, as Indonesian exports write them.
    """

    def parse(u: pd.Series):
        kind = u.map(type)
        is_str = kind.eq(str)
        out = pd.Series(pd.NaT, index=u.index, dtype="datetime64[ns]")
        bad = pd.Series(False, index=u.index)
        t = u[is_str].astype("string").str.strip()
        blank = t.isna() | t.isin(["", "-"])
        t = t[~blank]
        if len(t):
            got = _dates_from_text(t)
            serial = got.isna() & t.str.fullmatch(r"\d+(\.\d+)?")
            if serial.any():
                got[serial] = [_one_date(float(v))[0] for v in t[serial]]
            out[t.index] = got
            bad[t.index] = got.isna()
        rest = u[~is_str & u.notna()]
        for i, v in rest.items():  # numbers (serials) and date cells: few distinct values
            out[i], bad[i] = _one_date(v)
        return out, bad

    vals, bad = _by_unique(s, parse)
    return vals.astype("datetime64[ns]"), bad


def label_key(s: pd.Series) -> pd.Series:
    """The comparison key of a label: lower case, letters and digits only."""
    return (
        s.astype("string")
        .str.lower()
        .str.replace(r"[^0-9a-z]+", "", regex=True)
        .str.replace(EKSPEKTASI.pattern, "ekspektasi", regex=True)
    )


def to_label(
    s: pd.Series,
    mapping: dict[str, str],
    categories: list[str],
    ordered: bool = True,
    blank: tuple[str, ...] = ("",),
) -> tuple[pd.Series, pd.Series]:
    """Map spellings to canonical labels (a categorical); returns (values, mask of unknown).

    ``mapping`` goes from :func:`label_key` of a spelling to the canonical label; every
    canonical label maps to itself automatically. Cells whose key is in ``blank`` are missing.
    """
    lookup = {key(c): c for c in categories}
    lookup.update(mapping)
    pos = {c: i for i, c in enumerate(categories)}
    blanks = {str(b).strip().lower() for b in blank}
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    ucode = np.full(len(uniques) + 1, -1, dtype=np.int64)  # last slot: missing cells
    ubad = np.zeros(len(uniques) + 1, dtype=bool)
    for i, u in enumerate(np.asarray(uniques, dtype=object)):  # once per distinct spelling
        raw = str(u).strip().lower()
        canon = lookup.get(key(u))
        if canon is not None:
            ucode[i] = pos[canon]
        elif raw not in blanks:
            ubad[i] = True
    take = np.where(codes < 0, len(uniques), codes)
    cat = pd.CategoricalDtype(categories, ordered=ordered)
    vals = pd.Series(pd.Categorical.from_codes(ucode[take], dtype=cat), index=s.index)
    return vals, pd.Series(ubad[take], index=s.index)


# --------------------------------------------------------------------------- labels


_GOL_IN_TEXT = re.compile(r"(?<![A-Za-z])(IV|III|II|I)\s*/\s*([a-eA-E])(?![A-Za-z])")


def to_golongan(s: pd.Series, rules_dir=None) -> tuple[pd.Series, pd.Series]:
    """``III/c``, ``III/C``, ``IIIc``, ``III / c`` -> ``III/c``; PPPK ``IX`` stays ``IX``; the
    golongan inside a pangkat ("Penata Muda Tk. I (III/b)", "Pembina, IV/a") is found too.

    Categories are ordered PNS I/a..IV/e, then PPPK I..XVII (compare within one system only).
    """
    labels = golongan_vocab(rules_dir)
    mapping = {key(g): g for g in labels}
    # PNS keys like "iiic" collide with nothing in the PPPK list (those have no letter suffix)
    vals, bad = to_label(s, mapping, labels)
    if bad.any():
        found = s[bad].astype("string").str.extract(_GOL_IN_TEXT)
        ok = found[0].notna()
        if ok.any():
            fixed = (found.loc[ok, 0] + "/" + found.loc[ok, 1].str.lower()).map(
                {g: g for g in labels}
            )
            hit = fixed.notna()
            idx = fixed[hit].index
            vals = vals.astype(object)
            vals[idx] = fixed[hit]
            vals = vals.astype(pd.CategoricalDtype(labels, ordered=True))
            bad = bad.copy()
            bad[idx] = False
    return vals, bad


def to_education(
    level_id: pd.Series | None, name: pd.Series | None, rules_dir=None
) -> tuple[pd.Series, pd.Series]:
    """Education level from the SIASN id when present, else from its name; ordered categorical."""
    labels, by_id, alias = education_vocab(rules_dir)
    cat = pd.CategoricalDtype(labels, ordered=True)
    out = pd.Series(None, index=(level_id if level_id is not None else name).index, dtype=object)
    bad = pd.Series(False, index=out.index)
    if level_id is not None:
        t = text(level_id).str.zfill(2)
        out = t.map(by_id).astype(object)
        bad = t.notna() & out.isna()
    if name is not None:
        by_name, bad_name = to_label(name, alias, labels)
        fill = out.isna()
        out = out.where(~fill, by_name.astype(object))
        bad = (bad & out.isna()) | (fill & bad_name)
    return out.where(out.notna(), None).astype(cat), bad.fillna(False).astype(bool)


_EDU_PREFIX = re.compile(
    r"^\s*(S\s*-?\s*[123]|D\s*-?\s*(?:IV|III|II|I|[1-4])|SLTA|SMA|SMK|SMU|STM|SMEA|MA|SLTP|SMP|"
    r"MTS|SD|DIPLOMA\s+(?:IV|III|II|I)|SARJANA(?:\s+MUDA)?|MAGISTER|DOKTOR|PROFESI|SPESIALIS)\b",
    re.IGNORECASE,
)


def education_prefix(name: pd.Series) -> pd.Series:
    """The level at the start of an education text ("S-1 Manajemen" -> "S-1", "D III
    Keperawatan" -> "D III"), for lists with one education column; missing when none."""
    return name.astype("string").str.extract(_EDU_PREFIX, expand=False)


def to_jenis_jabatan(
    s: pd.Series, eselon: pd.Series | None = None, rules_dir=None
) -> tuple[pd.Series, pd.Series]:
    """Position type (JPT, Administrator, Pengawas, Fungsional, Pelaksana).

    SIASN's "Struktural" is resolved by the eselon (II -> JPT, III -> Administrator,
    IV -> Pengawas); without one it stays empty and counts as unreadable (see
    :func:`struktural`).
    """
    r = jabatan_vocab(rules_dir)
    mapping = {key(a): t for t, al in r.aliases.items() for a in al}
    vals, bad = to_label(s, mapping, list(r.types))
    struct = struktural(s, rules_dir)
    if struct.any():
        roman = (
            text(eselon).str.extract(r"^\s*([IV]+)", expand=False)
            if eselon is not None
            else pd.Series(pd.NA, index=s.index, dtype="string")
        )
        by_es = roman.map(r.struktural_by_eselon)
        vals = vals.astype(object).where(~struct, by_es)
        bad = (bad & ~struct) | (struct & by_es.isna())
        vals = vals.where(pd.notna(vals), None).astype(pd.CategoricalDtype(r.types, True))
    return vals, bad.fillna(False).astype(bool)


def struktural(s: pd.Series, rules_dir=None) -> pd.Series:
    """Cells that say only "Struktural": a position type only an eselon can resolve."""
    names = {key(x) for x in jabatan_vocab(rules_dir).struktural}
    return label_key(s).isin(names).fillna(False).astype(bool)


def to_jenis_pegawai(s: pd.Series, rules_dir=None) -> tuple[pd.Series, pd.Series]:
    """Jenis pegawai as PNS, PPPK or PPPK Paruh Waktu, whatever the export's spelling: the
    labels themselves, or SIASN's long names read by how they begin ("PNS Daerah Kab./Kota
    yang bekerja pada Kab./Kota" -> PNS)."""
    r = jabatan_vocab(rules_dir)
    starts = sorted(r.jenis_pegawai_starts.items(), key=lambda kv: -len(kv[0]))
    mapping = {}
    for u in s.dropna().unique():
        k = key(u)
        for prefix, label in starts:
            if k.startswith(prefix):
                mapping[k] = label
                break
    return to_label(s, mapping, list(r.jenis_pegawai), ordered=False)


def to_kedudukan(s: pd.Series, rules_dir=None) -> tuple[pd.Series, pd.Series]:
    """Kedudukan hukum as its canonical label (Aktif, CLTN, Tugas Belajar, ...); SIASN's
    longer names are read by how they begin ("Aktif - PNS" -> Aktif). Returns (values, mask of
    unreadable cells)."""
    labels, alias, _ = kedudukan_vocab(rules_dir)
    starts = sorted(alias.items(), key=lambda kv: -len(kv[0]))
    mapping = dict(alias)
    for u in s.dropna().unique():
        k = key(u)
        if k not in mapping:
            hit = next((lab for a, lab in starts if len(a) > 3 and k.startswith(a)), None)
            if hit is not None:
                mapping[k] = hit
    return to_label(s, mapping, labels, ordered=False)


def kedudukan_share(s: pd.Series, rules_dir=None) -> float:
    """Share of a column's non-blank distinct values that read as a kedudukan hukum (a SIMPEG
    "STATUS PEGAWAI" column may hold it instead of PNS / PPPK)."""
    u = pd.Series(s.dropna().unique())
    u = u[u.astype(str).str.strip() != ""]
    if u.empty:
        return 0.0
    _, bad = to_kedudukan(u, rules_dir)
    return float((~bad).mean())
