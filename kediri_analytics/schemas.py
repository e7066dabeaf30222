"""One declaration per typed table: column, dtype and whether it may be empty (pandera).

Loaders build their output through :func:`empty` and check it with :func:`enforce`; metrics and
notebooks refer to these column names. Category columns hold canonical labels from the rule
files (``kediri_analytics/rules/labels_*.yaml``).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from .rules import labels

_SRC = {"source_file": ("string", False), "source_row": ("Int64", False)}


def _cat(names, ordered=True):
    return pd.CategoricalDtype(names, ordered=ordered)


def _dtypes() -> dict[str, dict[str, tuple[object, bool]]]:
    """table -> column -> (dtype, nullable)."""
    _, ratings, predikat, _ = labels.predikat_vocab()
    gol = _cat(labels.golongan_vocab())
    edu = _cat(labels.education_vocab()[0])
    jab = labels.jabatan_vocab()
    jenis_jabatan = _cat(jab.types)
    jenis_pegawai = _cat(jab.jenis_pegawai, ordered=False)
    kedudukan = _cat(labels.kedudukan_vocab()[0], ordered=False)
    rating = _cat(ratings)
    pred = _cat(predikat)
    s = "string"
    return {
        "skp": {
            "nip": (s, False),
            "nama": (s, True),
            "opd": (s, True),
            "unit": (s, True),
            "jabatan": (s, True),
            "jenis_jabatan": (jenis_jabatan, True),
            "jenis_pegawai": (jenis_pegawai, True),
            "golongan": (gol, True),
            "year": ("Int64", False),
            "period": (s, False),
            "month": ("Int64", True),
            "regime": (s, False),
            "hasil_kerja": (rating, True),
            "perilaku_kerja": (rating, True),
            "predikat": (pred, True),
            "hasil_akhir": (pred, True),
            "rated": (bool, False),
            "nilai_skp": ("Float64", True),
            "nilai_perilaku": ("Float64", True),
            "nilai": ("Float64", True),
            "sebutan": (s, True),
            "acting": (bool, False),
            "periode_awal": ("datetime64[ns]", True),
            "periode_akhir": ("datetime64[ns]", True),
            "waktu_dinilai": ("datetime64[ns]", True),
            **_SRC,
        },
        "skp_documents": {
            "nip": (s, False),
            "nama": (s, True),
            "jabatan": (s, True),
            "unit": (s, True),
            "opd": (s, True),
            "jenis_pegawai": (jenis_pegawai, True),
            "status": (s, True),
            "approved": (bool, False),
            "year": ("Int64", False),
            "periode_awal": ("datetime64[ns]", True),
            "periode_akhir": ("datetime64[ns]", True),
            "acting": (bool, False),
            **_SRC,
        },
        "roster": {
            "year": ("Int64", False),
            "nip": (s, False),
            "nama": (s, True),
            "sex": (s, True),
            "birth_date": ("datetime64[ns]", True),
            "jenis_pegawai": (jenis_pegawai, True),
            "golongan": (gol, True),
            "jabatan": (s, True),
            "jenis_jabatan": (jenis_jabatan, True),
            "eselon": (s, True),
            "education": (edu, True),
            "education_name": (s, True),
            "tmt_cpns": ("datetime64[ns]", True),
            "opd": (s, True),
            "unit": (s, True),
            "kedudukan_hukum": (kedudukan, True),
            "source": (s, False),
            **_SRC,
        },
        "competency": {
            "year": ("Int64", False),
            "nip": (s, False),
            "nama": (s, True),
            "jabatan": (s, True),
            "opd": (s, True),
            "jenis_asesmen": (s, True),
            "tanggal": ("datetime64[ns]", True),
            "kompetensi": (s, False),
            "required": ("Int64", True),
            "assessed": ("Int64", True),
            **_SRC,
        },
        "assessments": {
            "year": ("Int64", False),
            "nip": (s, False),
            "nama": (s, True),
            "jabatan": (s, True),
            "opd": (s, True),
            "jenis_asesmen": (s, True),
            "tanggal": ("datetime64[ns]", True),
            "jpm": ("Float64", True),
            "jpm_reported": ("Float64", True),
            "kategori_reported": (s, True),
            "potensi": ("Float64", True),
            "potensi_kategori": (s, True),
            **_SRC,
        },
        "training_events": {
            "nip": (s, False),
            "nama": (s, True),
            "opd": (s, True),
            "pelatihan": (s, True),
            "jenis": (s, True),
            "penyelenggara": (s, True),
            "mulai": ("datetime64[ns]", True),
            "selesai": ("datetime64[ns]", True),
            "year": ("Int64", True),
            "jp": ("Float64", True),
            **_SRC,
        },
        "training": {
            "year": ("Int64", False),
            "nip": (s, False),
            "opd": (s, True),
            "jp": ("Float64", False),
            "events": ("Int64", False),
        },
        "merit_assessment": {
            "year": ("Int64", False),
            "aspek_no": ("Int64", False),
            "aspek": (s, True),
            "sub_no": (s, False),
            "sub_aspek": (s, True),
            "bobot": ("Float64", True),
            "nilai": ("Float64", True),
            "skor": ("Float64", True),
            "bukti": (s, True),
            **_SRC,
        },
        "requirements": {
            "jabatan": (s, False),
            "jenis_jabatan": (jenis_jabatan, True),
            "min_education": (edu, True),
            "bidang": (s, True),
            **_SRC,
        },
        "opd_predikat": {
            "opd": (s, False),
            "year": ("Int64", False),
            "predikat": (s, True),
            **_SRC,
        },
        "discipline": {
            "nip": (s, False),
            "nama": (s, True),
            "opd": (s, True),
            "hukuman": (s, True),
            "tingkat": (s, True),
            "nomor_sk": (s, True),
            "tanggal": ("datetime64[ns]", True),
            "year": ("Int64", True),
            **_SRC,
        },
        "award_evidence": {
            "year": ("Int64", False),
            "kategori": (s, False),
            "bukti": (s, False),
            "ada": ("boolean", True),
            "status": (s, True),
            "keterangan": (s, True),
            **_SRC,
        },
        "nominations": {
            "year": ("Int64", False),
            "opd": (s, True),
            "kategori": (s, True),
            "nip": (s, False),
            "nama": (s, True),
            "jabatan": (s, True),
            "uraian": (s, True),
            "rekomendasi": ("boolean", True),
            **_SRC,
        },
        "files": {
            "path": (s, False),
            "sha256": (s, True),
            "kind": (s, True),
            "format": (s, True),
            "sheet": (s, True),
            "header_row": ("Int64", True),
            "year": ("Int64", True),
            "rows_loaded": ("Int64", False),
            "rows_rejected": ("Int64", False),
            "rows_dropped": ("Int64", False),
            "rows_skipped": ("Int64", False),
            "error": (s, True),
            "hint": (s, True),
        },
        "problems": {
            "file": (s, False),
            "sheet": (s, True),
            "row": ("Int64", True),
            "column": (s, True),
            "value": (s, True),
            "severity": (s, False),
            "reason": (s, False),
            "message": (s, False),
        },
    }


_CACHE: dict = {}


def dtypes(table: str) -> dict[str, tuple[object, bool]]:
    """Column -> (dtype, nullable) of ``table``, as declared once in this module."""
    if not _CACHE:
        _CACHE.update(_dtypes())
    return _CACHE[table]


TABLES = tuple(_dtypes())


def columns(table: str) -> list[str]:
    """The columns of ``table``, in order."""
    return list(dtypes(table))


def empty(table: str) -> pd.DataFrame:
    """A table with no rows and the right columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=d) for c, (d, _) in dtypes(table).items()})


def conform(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Order columns as declared and cast each to its declared dtype (missing ones added)."""
    out = {}
    n = len(frame)
    for c, (d, _) in dtypes(table).items():
        if c in frame and frame[c].dtype == d:
            out[c] = frame[c]
            continue
        col = frame[c] if c in frame else pd.Series([pd.NA] * n, index=frame.index, dtype=object)
        if isinstance(d, pd.CategoricalDtype):
            col = col.astype(object).where(col.notna(), None).astype(d)
        elif d == "string":
            col = col.astype("string")
        else:
            col = col.astype(d)
        out[c] = col
    return pd.DataFrame(out, index=frame.index)


def schema(table: str) -> pa.DataFrameSchema:
    """The pandera schema of ``table`` (dtype and nullability per column, no extra columns)."""
    cols = {}
    for c, (d, nullable) in dtypes(table).items():
        cols[c] = pa.Column(d, nullable=nullable, coerce=False)
    return pa.DataFrameSchema(cols, strict=True, ordered=True, name=table)


def enforce(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Conform ``frame`` and validate it; a violation is a bug in a loader, raised at once."""
    out = conform(table, frame)
    return schema(table).validate(out, lazy=True)
