"""The rows under a header: which are data and which are layout (blank, a repeated header or
title, column numbers, a group heading naming a unit, a total and the signature block after
it), and the cells of stacked columns split into their fields."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .base import Layout, Rows
from .detect import title_of
from .header import cell_text, numbers_row
from .read import MAX_CELL, FileError

#: a total row's first cell: the word, then nothing, a count or a few words ("JUMLAH",
#: "Jumlah Sekretariat : 5 orang", "TOTAL SKOR", "RATA-RATA"); a sentence that only begins
#: with the word ("Jumlah ASN yang telah menyusun SKP tepat waktu") is data
_TOTAL = (
    r"(?i)^\s*(?:jumlah|total|rata-rata|rata rata|grand total|sub total|subtotal)\b"
    r"(?:[^\n]*[:=\d]|(?:\s+\S+){0,4}\s*$)"
)
#: lines of a signature block or of notes under a table
#: lines of a signature block or of notes under a table: a place and date ("Kediri, 31
#: Desember 2024"), "Mengetahui", "a.n. Kepala ...", "NIP. ...", "Catatan: ...". Words that
#: also begin a jabatan or pangkat (Kepala, Penata, Pembina) or a name (Andi) are not here: a
#: row is taken for the signature by them only after a total or blank row
_SIGNATURE = re.compile(
    r"^\s*([A-Za-z .'-]+,\s*\d{1,2}\s+[A-Za-z]+\s+\d{4}\s*$|mengetahui\b|menyetujui\b|"
    r"a\.\s*n\.|an\.\s|u\.\s*b\.|plt\.\s|plh\.\s|nip\s*[.:]|catatan\s*[:.]|keterangan\s*:|"
    r"ket\s*:|dicetak\b|sumber\s*:|halaman\s+\d|hal\.\s*\d|tim penilai\b|pejabat penilai\b|"
    r"atasan pejabat penilai\b|\(\s*\.{3,}|\.{5,}|_{5,}|ttd\b|tanda tangan\b)",
    re.IGNORECASE,
)
_PAGE = re.compile(r"^\s*(halaman|hal\.?|page)\s*\d+", re.IGNORECASE)
_UNIT_PREFIX = re.compile(
    r"^\s*(?:(?:sub\s*unit(?:\s*kerja)?|unit\s*kerja|opd|perangkat\s*daerah|skpd|"
    r"unor(?:\s*induk)?|satuan\s*kerja|instansi|bagian|bidang|seksi)\s*[:\-]\s*)",
    re.IGNORECASE,
)
_NUMBERING = re.compile(r"^\s*(?:[IVXLC]+|[A-Za-z]|\d{1,3})[.)]\s+")
_COUNT = re.compile(r"\s*[\(\[]\s*\d+\s*(?:orang|pegawai|asn|pns)?\s*[\)\]]\s*$", re.IGNORECASE)
_TITLE_UNIT = re.compile(
    r"^\s*(?:unit\s*kerja|opd|perangkat\s*daerah|skpd|unor\s*induk|satuan\s*kerja)\s*:\s*(.+?)"
    r"\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_ALL = {"all", "semua", "seluruh", "-", ""}
ROLE_PREFIX = {"assessed": "lvl", "required": "std", "gap": "gap"}
#: people lists whose title may name their unit in a plain line ("KECAMATAN KOTA")
TITLE_UNIT_KINDS = ("simpeg_duk", "legacy_skp", "ekinerja_penilaian", "ekinerja_dokumen")
_LABEL = re.compile(r"[A-Za-z]")


def _blank(arr: np.ndarray) -> np.ndarray:
    """Empty cells of an object array: None, NaN, '' or a lone space."""
    return np.asarray(pd.isna(arr) | (arr == "") | (arr == " "), bool)


def unit_name(text: str) -> str:
    """A group heading as a unit name: "UNIT KERJA : DINAS KESEHATAN (25 orang)" -> "DINAS
    KESEHATAN"; "II. Dinas Pendidikan" -> "Dinas Pendidikan"."""
    t = _UNIT_PREFIX.sub("", str(text).strip())
    t = _NUMBERING.sub("", t)
    return _COUNT.sub("", t).strip()


_UNIT_START = re.compile(
    r"\b(?:dinas|badan|kantor|kecamatan|kelurahan|sekretariat|inspektorat|rsud|rumah sakit|"
    r"satuan polisi|satpol|bagian|uptd?|puskesmas|dprd)\b",
    re.IGNORECASE,
)
_UNIT_END = re.compile(
    r"\s+(?:pemerintah|tahun|periode|keadaan|per\s+\d|s\.?\s*d\.?|sampai|bulan|semester|"
    r"triwulan)\b.*$|\s*[(\[].*$",
    re.IGNORECASE,
)
_INSTANSI_TAIL = re.compile(r"\s+(?:kota|kabupaten|kab\.?|provinsi)\s+\S+$", re.IGNORECASE)


def title_unit(layout: Layout, loose: bool = False) -> tuple[str | None, bool]:
    """(The unit named in the title rows, whether it came from a plain title line). A line
    "Unit Kerja : Dinas Kesehatan" (OPD, Unor Induk, SKPD) names it, unless it says ALL; with
    ``loose``, a title line naming one unit ("KECAMATAN KOTA", "DAFTAR NILAI SKP PNS DINAS
    SOSIAL KOTA KEDIRI TAHUN 2020") does too, when only one unit is named."""
    text = title_of(layout.grid, layout.header_row)
    m = _TITLE_UNIT.search(text)
    if m:
        unit = m.group(1).strip()
        return (None if unit.lower() in _ALL else unit), False
    if not loose:
        return None, False
    found = set()
    for line in text.split("\n"):
        m = _UNIT_START.search(line)
        if m:
            unit = _INSTANSI_TAIL.sub("", _UNIT_END.sub("", line[m.start() :])).strip(" ,.-:")
            if unit and not re.search(r"\bse[- ]", unit, re.IGNORECASE):  # "se-Kabupaten": all
                found.add(unit)
    return (found.pop(), True) if len(found) == 1 else (None, False)


#: what the line of a stacked cell looks like, for the fields that have a shape
_SHAPES = {
    "date": re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}$|^\d{1,2}\s+[A-Za-z]+\s+\d{4}$"),
    "eselon": re.compile(r"^(?:[IV]+(?:[.\s/-]*[ABab])?|non[\s-]*eselon|-)$", re.IGNORECASE),
    "nip": re.compile(r"^(?:NIP\.?\s*:?\s*)?'?[\d\s.,E+-]{15,}$", re.IGNORECASE),
    "golongan": re.compile(r"(?:^|[\s(,])(?:IV|III|II|I)\s*/\s*[a-eA-E](?:$|[\s)])|^[IVX]{1,5}$"),
}


#: the same shapes, loosely: what a damaged value of the field still looks like
_LOOSE = {
    "date": re.compile(r"\d"),
    "eselon": re.compile(r"^\S{1,6}$|^non", re.IGNORECASE),
    "nip": re.compile(r"(?:\d.*){12,}"),
    "golongan": re.compile(r"[IVX]", re.IGNORECASE),
}


def _shape(concept: str | None) -> str | None:
    if concept is None:
        return None
    if concept.startswith("tmt") or concept in ("birth_date", "tanggal"):
        return "date"
    return concept if concept in _SHAPES else None


def _place(xs: list[str], parts: list) -> list:
    """The lines of one stacked cell given to its fields: in order when every shaped field's
    line has its shape; else each shaped field takes the line of its shape (an eselon line,
    a date), and the other lines, in order, go to the other fields (a jabatan that wrapped
    over two lines stays one jabatan)."""
    k = len(parts)
    shapes = [_shape(p) for p in parts]
    if len(xs) == k and all(
        s is None or not xs[i] or xs[i] == "-" or _LOOSE[s].search(xs[i])
        for i, s in enumerate(shapes)
    ):  # one line per field, each roughly of its field's shape (a mistyped NIP stays a NIP)
        return xs
    out: list = [None] * k
    left = list(range(len(xs)))
    for i, s in enumerate(shapes):
        if s is None:
            continue
        for j in left:
            if _SHAPES[s].search(xs[j]):
                out[i] = xs[j]
                left.remove(j)
                break
    free = [i for i, s in enumerate(shapes) if s is None]
    rest = [xs[j] for j in left]
    if free and rest:
        extra = len(rest) - len(free)
        groups = (
            [rest[: extra + 1], *[[x] for x in rest[extra + 1 :]]]
            if extra > 0
            else [[x] for x in rest]
        )
        for i, g in zip(free, groups, strict=False):
            out[i] = " ".join(g)
    return out


def _split(cells: pd.Series, parts: list, sep: str) -> pd.DataFrame:
    """A stacked column split by the header's own line structure (see :func:`_place`)."""
    k = len(parts)
    t = cells.astype("string").str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n")
    if sep == "/":
        lines = t.where(
            t.str.contains("\n", regex=False).fillna(False),
            t.str.replace(r"\s+/\s+", "\n", regex=True),
        )
    else:
        lines = t
    out = {i: [] for i in range(k)}
    for v in lines.str.split("\n"):
        if v is None or v is pd.NA or (isinstance(v, float) and v != v):
            xs = [None] * k
        else:
            xs = [x.strip() for x in v]
            while xs and not xs[-1]:
                xs.pop()
            xs = _place(xs, parts)
        for i in range(k):
            out[i].append(xs[i] if xs[i] not in ("", "-") else None)
    return pd.DataFrame({i: pd.Series(out[i], index=cells.index, dtype=object) for i in range(k)})


def start(layout: Layout, file: str) -> tuple[pd.DataFrame, Rows]:
    """The body below the header with one column per concept, and its row tracker with layout
    rows skipped (blank, repeated header or title, column numbers, group heading, total,
    signature block). Stacked cells are split; a table without a unit column takes the unit
    from group heading rows or the title (an error when the kind needs one and none says it)."""
    needs_unit = "opd" in layout.spec.deferred
    grid = layout.grid
    cols = dict(layout.columns)
    positions = set(cols.values()) | set(layout.stacked)
    for roles in layout.comps.values():
        positions |= set(roles.values())
    usecols = sorted(positions | {0, 1})
    table = grid.table(usecols)
    raw = table.iloc[layout.first_data_row :].reset_index(drop=True)
    raw = raw[[c for c in usecols if c in raw]]
    mapped = [c for c in raw.columns if c in positions]
    names = {c: layout.names.get(p, c) for c, p in cols.items()}
    rows = Rows(file, grid.name, layout.first_data_row + 1, len(raw), names)
    body = pd.DataFrame(index=raw.index)
    for c, p in cols.items():
        body[c] = raw.get(p)
    for i, roles in layout.comps.items():  # wide recaps: a level per competency and role
        for role, p in roles.items():
            c = f"{ROLE_PREFIX[role]}_{i}"
            body[c] = raw[p]
            rows.names[c] = layout.names.get(p, c)
    if len(raw) == 0:
        return _finish_columns(layout, body, raw, rows, needs_unit, None)
    if grid.text is not None:  # only a CSV can hold a cell longer than Excel allows
        for c in cols:
            col = body[c]
            if col.dtype == object:
                continue
            long = (col.str.len() > MAX_CELL).fillna(False).to_numpy(bool)
            if long.any():
                rows.note(long, c, "text_too_long", col.str.slice(0, 40) + "...")
                body[c] = col.where(~long, col.str.slice(0, MAX_CELL))
    arr = raw.to_numpy(dtype=object)  # once: every layout test below reads these cells
    empty = _blank(arr)
    in_mapped = np.isin(raw.columns, mapped)
    filled = (~empty[:, in_mapped]).sum(axis=1)
    filled_all = (~empty).sum(axis=1)
    rows.skip(filled == 0, "blank")
    _skip_repeats(layout, raw, arr, filled_all, rows)
    first_text = _first_text(raw, arr, empty)
    total = first_text.str.match(_TOTAL).fillna(False).to_numpy(bool)
    rows.skip(total, "total")
    dense = filled >= min(3, max(1, len(mapped) - 1))
    groups = _groups(layout, raw, arr, filled_all, dense, first_text, rows)
    _footer(filled, dense, total, first_text, rows)
    return _finish_columns(layout, body, raw, rows, needs_unit, groups)


def _first_text(raw: pd.DataFrame, arr: np.ndarray, empty: np.ndarray) -> pd.Series:
    """The first filled cell of each row when it is text (numbers give <NA>)."""
    first = np.argmax(~empty, axis=1)
    vals = pd.Series(arr[np.arange(len(arr)), first], index=raw.index, dtype=object)
    return vals.where(vals.map(type).eq(str)).astype("string").str.strip()


def _skip_repeats(layout: Layout, raw, arr: np.ndarray, filled_all, rows: Rows) -> None:
    """Header rows repeated at page breaks, rows of column numbers, repeated title lines and
    page markers: layout, not data. A repeated header is recognised by its label cells only
    (numbers under a header may equal data)."""
    grid = layout.grid
    at_col = {p: j for j, p in enumerate(raw.columns)}
    head = grid.head(layout.header_row + layout.depth)[layout.header_row :]
    for h in head:
        hv = {p: h[p] for p in raw.columns if p < len(h) and _LABEL.search(cell_text(h[p]))}
        if not hv:
            continue
        hits = sum(_equal(arr[:, at_col[p]], v) for p, v in hv.items())
        at = np.flatnonzero(hits > 0)
        if not len(at):
            continue
        # label cells of those rows: a repeat may leave merged cells blank
        labels = np.array(
            [sum(1 for v in r if isinstance(v, str) and _LABEL.search(v)) for r in arr[at]]
        )
        need = np.maximum(1, 0.6 * np.minimum(len(hv), labels))  # most of the row's words
        mask = np.zeros(len(raw), bool)
        mask[at[hits[at] >= need]] = True
        rows.skip(mask, "header")
    # a row of column numbers repeated at a page break: its first two filled cells say 1, 2
    # (or 2, 3), cheap to find; only those rows are checked whole
    cand = np.zeros(len(raw), bool)
    if arr.shape[1] >= 2:
        for x, y in ((1, 2), (2, 3)):
            cand |= _is_int(arr[:, 0], x) & _is_int(arr[:, 1], y)
    for i in np.flatnonzero(cand & rows.live & (filled_all >= 3)):
        if numbers_row(dict(zip(raw.columns, arr[i].tolist(), strict=True))):
            rows.skip(np.arange(len(raw)) == i, "header")
    sparse = (filled_all <= 2) & (filled_all > 0) & rows.live
    if sparse.any():
        titles = {cell_text(v) for r in grid.head(layout.header_row) for v in r if cell_text(v)}
        idx = np.flatnonzero(sparse)
        repeat = np.zeros(len(raw), bool)
        for i, r in zip(idx, arr[idx], strict=True):
            vals = [t for t in map(cell_text, r) if t]
            if vals and (all(t in titles for t in vals) or _PAGE.match(vals[0])):
                repeat[i] = True
        rows.skip(repeat, "header")


def _is_int(col: np.ndarray, n: int) -> np.ndarray:
    """Cells holding the whole number ``n`` (as 1, 1.0, "1" or "(1)")."""
    return np.asarray((col == n) | (col == float(n)) | (col == str(n)) | (col == f"({n})"), bool)


def _equal(col: np.ndarray, v) -> np.ndarray:
    """Cells equal to the header cell ``v`` (as stored, or as its text)."""
    t = cell_text(v)
    out = col == v
    if isinstance(v, str) and t != v or not isinstance(v, str):
        out |= col == t
    return np.asarray(out, bool)


_UNIT_WORD = re.compile(
    r"^\s*(?:(?:[IVXLC]+|[A-Za-z]|\d{1,3})[.)]\s+)?(?:dinas|badan|kantor|kecamatan|kelurahan|"
    r"sekretariat|inspektorat|rsud|rumah sakit|satuan|bagian|bidang|upt|uptd|puskesmas|sekolah|"
    r"unit kerja|sub unit|subunit|sub bagian|subbagian|seksi|opd|perangkat daerah|skpd|unor|"
    r"dprd|setda|setwan|kesatuan|kota|kabupaten)\b",
    re.IGNORECASE,
)


def _groups(layout: Layout, raw, arr, filled_all, dense, first_text, rows: Rows):
    """Group heading rows (one text cell naming a unit, followed by data rows): skipped, and
    their unit carried down, for tables without a unit column. A lone text cell counts as a
    heading only where a name never stands: a cell merged across columns, the number column,
    or a text that names a unit ("DINAS ...", "Kecamatan ...")."""
    one = (filled_all == 1) & rows.live
    if not one.any():
        return None
    text = first_text.fillna("")
    idx = np.flatnonzero(one)
    t = text.iloc[idx]
    ok = t.str.contains(r"[A-Za-z]{3}", regex=True) & ~t.str.match(_SIGNATURE)
    idx = idx[(ok & ~t.str.match(_PAGE)).to_numpy(bool)]
    if not len(idx):
        return None
    start = layout.first_data_row
    spans = {(r1, c1) for r1, c1, r2, c2 in layout.grid.merges if c2 > c1}
    no_col = layout.columns.get("no")
    empty_pos = _blank(arr[idx])
    where = raw.columns.to_numpy()[np.argmax(~empty_pos, axis=1)]
    named = text.iloc[idx].str.match(_UNIT_WORD).to_numpy(bool)
    merged = np.array([(start + i, c) in spans for i, c in zip(idx, where, strict=True)], bool)
    nip_col = layout.columns.get("nip")  # a NIP column never holds words
    ok = named | merged | (where == no_col) | (where == nip_col)
    ok |= ~np.isin(where, list(layout.columns.values()))
    idx = idx[ok]
    nxt = np.flatnonzero(dense & rows.live)
    heads = idx[np.searchsorted(nxt, idx, side="right") < len(nxt)]
    if not len(heads):
        return None
    mask = np.zeros(len(raw), bool)
    mask[heads] = True
    rows.skip(mask, "group")
    # a heading that groups by something else ("GOLONGAN IV", "JABATAN STRUKTURAL", "PPPK") is
    # layout too, but names no unit: the unit above it carries on
    names = [None if _NOT_UNIT.match(t) else unit_name(t) for t in text.iloc[heads]]
    return pd.Series(names, index=raw.index[heads], dtype="string")


#: group headings that name no unit
_NOT_UNIT = re.compile(
    r"^\s*(?:(?:[IVXLC]+|[A-Za-z]|\d{1,3})[.)]\s+)?(?:golongan|gol\.?\s|eselon|pangkat|jabatan|"
    r"kelompok|jenis|pns\b|pppk|cpns|fungsional|struktural|pelaksana|jft\b|jfu\b|laki|perempuan|"
    r"pria|wanita|kategori|level\b|tingkat|status)",
    re.IGNORECASE,
)


#: a group heading that names an OPD (others in the same table name its sub-units)
_OPD_HEADING = re.compile(
    r"^(?:dinas|badan|kecamatan|inspektorat|rsud|rumah sakit|satuan polisi|satpol|kantor|"
    r"sekretariat\s+(?:daerah|dprd)|setda|setwan|dprd)\b",
    re.IGNORECASE,
)


def group_levels(heads: pd.Series, index, title_named: bool) -> tuple[pd.Series, pd.Series]:
    """(OPD, sub-unit) of each row from the group headings above it. Under a title that names
    the unit, headings are sub-units; where some headings name an OPD ("DINAS ...") and others
    not ("Sekretariat", "Bidang P2P"), the others are sub-units of the OPD above; else every
    heading is an OPD."""
    opd = pd.Series(pd.NA, index=index, dtype="string")
    sub = pd.Series(pd.NA, index=index, dtype="string")
    is_opd = heads.str.match(_OPD_HEADING).fillna(False)
    if title_named:
        sub[heads.index] = heads
        return opd, sub.ffill()
    if is_opd.all() or not is_opd.any():
        opd[heads.index] = heads
        return opd.ffill(), sub
    opd[heads.index[is_opd]] = heads[is_opd]
    sub[heads.index] = heads.where(~is_opd, "")  # an OPD heading ends its sub-units
    return opd.ffill(), sub.ffill().replace("", pd.NA)


def _footer(filled, dense, total, first_text, rows: Rows) -> None:
    """Rows after the last data row that are not data: a signature block or notes, after a
    total or blank row (or written like one: "Kediri, ...", "Kepala ...", "NIP ...")."""
    live_dense = np.flatnonzero(dense & rows.live)
    last = live_dense[-1] if len(live_dense) else -1
    tail = np.arange(last + 1, len(filled))
    if not len(tail):
        return
    sig = first_text.iloc[tail].str.match(_SIGNATURE).fillna(False).to_numpy(bool)
    sep = (filled[tail] == 0) | total[tail]
    after = np.maximum.accumulate(sep | sig)
    foot = np.zeros(len(filled), bool)
    foot[tail] = after & ~sep & (filled[tail] > 0)
    rows.skip(foot, "footer")


def _note(rows: Rows, reason: str, message: str, value=None) -> dict:
    """A problem about the whole sheet (no row): how its layout was read."""
    return {
        "file": rows.file,
        "sheet": rows.sheet,
        "row": None,
        "column": None,
        "value": value,
        "severity": "warning",
        "reason": reason,
        "message": message,
    }


def _heading_summary(opd: pd.Series) -> str:
    counts = opd.value_counts(sort=False)
    shown = ", ".join(f"{k} ({v})" for k, v in list(counts.items())[:8])
    more = f" and {len(counts) - 8} more" if len(counts) > 8 else ""
    return (
        f"no unit column: each row is placed in the unit of the group heading above it: "
        f"{shown}{more}"
    )


def _finish_columns(layout: Layout, body, raw, rows: Rows, needs_unit: bool, groups):
    """Split stacked cells into their concepts, fill the unit from groups or the title."""
    for p, (parts, sep) in layout.stacked.items():
        if p not in raw:
            continue
        split = _split(raw[p], parts, sep)
        label = layout.names.get(p, str(p)).replace("\n", " / ")
        for i, concept in enumerate(parts):
            if concept is None or concept in layout.columns:
                continue  # a concept with a column of its own is read from there
            body[concept] = split[i]
            rows.names[concept] = label
    if "opd" not in body:  # a table without a unit column: group headings or the title
        unit, loose = title_unit(layout, loose=layout.spec.kind in TITLE_UNIT_KINDS)
        if groups is not None and groups.notna().any():
            # a title line "Unit Kerja : ..." makes the headings sub-units; a plain title line
            # naming a unit does so only when no heading names an OPD itself (it may be the
            # issuer's letterhead above "DINAS ..." headings)
            heads = groups.dropna()
            if loose and heads.str.match(_OPD_HEADING).any():
                unit = None
            opd, sub = group_levels(heads, body.index, unit is not None)
            body["opd"] = opd if unit is None else opd.fillna(unit)
            rows.names["opd"] = "(judul kelompok)"
            if sub.notna().any() and "unit" not in body:
                body["unit"] = sub
            live = body["opd"][rows.live]
            rows.problems.append(_note(rows, "opd_from_headings", _heading_summary(live)))
            rows.note(body["opd"].isna().to_numpy(), "opd", "value_missing")
        elif groups is not None:
            groups = None
        if groups is None and unit is not None:
            body["opd"] = unit
            rows.names["opd"] = "(judul)"
        if unit is not None and loose:
            rows.problems.append(
                _note(
                    rows,
                    "opd_from_title",
                    f"no unit column: the rows are placed in {unit!r}, the unit the title "
                    "names; check it is the people's OPD, not the issuer's",
                    unit,
                )
            )
        if groups is None and unit is None and needs_unit:
            raise FileError(
                rows.file,
                f"{layout.unplaced} The table has no group heading rows naming a unit above its "
                "people and no 'Unit Kerja : ...' line in its title either, so the OPD of each "
                "person is unknown.",
                "schema_drift",
                rows.sheet,
            )
    return body, rows
