"""Local SIMPEG lists of PNS: the "Daftar Urut Kepangkatan" (DUK) and the daftar nominatif, in
any of their layouts (merged two-row headers, a row of column numbers, page-break headers,
stacked "NAMA\\nNIP" cells, group headings per unit instead of a unit column)."""

from __future__ import annotations

import re

import pandas as pd

from . import normalize as nz
from .base import (
    Layout,
    Part,
    Result,
    Spec,
    check_nip,
    finish,
    jenis_jabatan,
    kedudukan,
    require_year,
    title_text,
    year_of,
)
from .nip import nip_parts

_PNS_TITLE = re.compile(
    r"pegawai negeri sipil|\bpns\b|daftar urut kepangkatan|\bduk\b", re.IGNORECASE
)
_PPPK_TITLE = re.compile(r"\bpppk\b|pegawai pemerintah dengan perjanjian kerja", re.IGNORECASE)


def jenis_pegawai_of(layout: Layout, body: pd.DataFrame, rows) -> tuple[pd.Series | None, object]:
    """The employee type: its own column, else what the title says (a DUK is by law a list of
    PNS), else unknown. Returns (values or None, the ``pppk`` argument for the NIP check).
    A "STATUS PEGAWAI" column whose values are kedudukan hukum (Aktif, CLTN, ...) is that,
    not the employee type: it is moved to ``kedudukan_hukum``."""
    if "jenis_pegawai" in body and "kedudukan_hukum" not in body:
        jp, bad = nz.to_jenis_pegawai(body["jenis_pegawai"])
        if bad.mean() > 0.5 and nz.kedudukan_share(body["jenis_pegawai"]) > 0.5:
            body["kedudukan_hukum"] = body.pop("jenis_pegawai")
            rows.names["kedudukan_hukum"] = rows.names.get("jenis_pegawai", "kedudukan_hukum")
    if "jenis_pegawai" in body:
        jp, bad = nz.to_jenis_pegawai(body["jenis_pegawai"])
        rows.note(bad.to_numpy(), "jenis_pegawai", "label_unknown", body["jenis_pegawai"])
        return jp, jp.astype(object).isin(["PPPK", "PPPK Paruh Waktu"]).to_numpy()
    title = title_text(layout)
    if _PPPK_TITLE.search(title) and not _PNS_TITLE.search(title):
        return pd.Series("PPPK", index=body.index), True
    if _PNS_TITLE.search(title):
        return pd.Series("PNS", index=body.index), None
    return None, "unknown"


def load(part: Part) -> Result:
    """Load a SIMPEG DUK or daftar nominatif (one row per PNS)."""
    layout, file, body, rows = part
    jp, pppk = jenis_pegawai_of(layout, body, rows)
    nip = check_nip(rows, body["nip"], pppk)
    gol, bad = nz.to_golongan(body["golongan"])
    rows.note(bad.to_numpy(), "golongan", "label_unknown", body["golongan"])
    level = body.get("education_level")
    name = nz.text(body["education_name"]) if "education_name" in body else None
    if level is None and name is not None:  # "S-1 Manajemen": the level is the first word
        level = nz.education_prefix(name)
    if level is not None:
        edu, bad = nz.to_education(None, level)
        rows.note(bad.to_numpy(), "education_level", "label_unknown", level)
    else:
        edu = None
    es = nz.text(body["eselon"]) if "eselon" in body else pd.Series(pd.NA, index=body.index)
    roman = es.str.extract(r"^\s*([IV]+)", expand=False)
    jj = roman.map({"I": "JPT", "II": "JPT", "III": "Administrator", "IV": "Pengawas"})
    typed = jenis_jabatan(rows, body, body.get("eselon"))
    if typed is not None:
        jj = typed.astype(object).where(typed.notna(), jj)
    p = nip_parts(nip)
    year = year_of(layout, file)
    require_year(rows, year)
    frame = pd.DataFrame(
        {
            "year": year,
            "nip": nip,
            "nama": nz.text(body["nama"]),
            "sex": p["sex"].map({1: "L", 2: "P"}),
            "birth_date": p["birth_date"],
            "jenis_pegawai": jp,
            "golongan": gol,
            "jabatan": nz.text(body["jabatan"]) if "jabatan" in body else None,
            "jenis_jabatan": jj,
            "eselon": es,
            "education": edu,
            "tmt_cpns": p["tmt_cpns"],
            "education_name": name,
            "opd": nz.text(body["opd"]),
            "unit": nz.text(body["unit"]) if "unit" in body else None,
            "kedudukan_hukum": kedudukan(rows, body),
            "source": "simpeg_duk",
        }
    )
    return finish("roster", rows, frame, {"year": year})


SPECS = (
    Spec(
        "simpeg_duk",
        "roster",
        "SIMPEG DUK / daftar nominatif",
        required=("nip", "nama", "golongan", "opd"),
        deferred=("opd",),
        load=load,
        unless=("siasn_roster",),
    ),
)
