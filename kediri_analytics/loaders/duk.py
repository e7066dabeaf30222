"""Local SIMPEG "Daftar Urut Kepangkatan" (DUK): merged two-row header, a row of column
numbers, page-break headers repeated in the data, and "NAME\\nNIP" in one cell. PNS only."""

from __future__ import annotations

import pandas as pd

from . import normalize as nz
from .base import (
    Layout,
    Result,
    Spec,
    check_nip,
    finish,
    require_year,
    start,
    year_of,
)
from .nip import nip_parts

HEADERS = {
    "no": ("NO",),
    "nama_nip": ("NAMA / NIP", "NAMA NIP", "NAMA DAN NIP"),
    "golongan": ("PANGKAT GOL/RUANG", "PANGKAT GOL RUANG", "GOL/RUANG", "GOL RUANG"),
    "tmt_golongan": ("PANGKAT TMT",),
    "jabatan": ("JABATAN NAMA", "JABATAN"),
    "tmt_jabatan": ("JABATAN TMT",),
    "eselon": ("ESELON",),
    "education_name": ("PENDIDIKAN NAMA",),
    "education_level": ("PENDIDIKAN TINGKAT", "TINGKAT PENDIDIKAN"),
    "opd": ("UNIT KERJA", "PERANGKAT DAERAH"),
}


def load(layout: Layout, file: str) -> Result:
    """Load a SIMPEG DUK list (NIP and name in one cell, golongan and TMT columns)."""
    body, rows = start(layout, file)
    cell = body["nama_nip"].astype("string")
    parts = cell.str.rsplit("\n", n=1, expand=True).reindex(columns=[0, 1])
    nama, raw_nip = parts[0].str.strip(), parts[1].fillna("")
    nip = check_nip(rows, raw_nip.astype(object), column="nama_nip")
    gol, bad = nz.to_golongan(body["golongan"])
    rows.note(bad.to_numpy(), "golongan", "label_unknown", body["golongan"])
    edu, bad = nz.to_education(None, body["education_level"]) if "education_level" in body \
        else (None, pd.Series(False, index=body.index))  # fmt: skip
    rows.note(bad.to_numpy(), "education_level", "label_unknown", body.get("education_level"))
    es = nz.text(body["eselon"]) if "eselon" in body else pd.Series(pd.NA, index=body.index)
    roman = es.str.extract(r"^\s*([IV]+)", expand=False)
    jj = roman.map({"I": "JPT", "II": "JPT", "III": "Administrator", "IV": "Pengawas"})
    p = nip_parts(nip)
    year = year_of(layout, file)
    require_year(rows, year)
    frame = pd.DataFrame(
        {
            "year": year, "nip": nip, "nama": nama, "sex": p["sex"].map({1: "L", 2: "P"}),
            "birth_date": p["birth_date"], "jenis_pegawai": "PNS", "golongan": gol,
            "jabatan": nz.text(body["jabatan"]), "jenis_jabatan": jj, "eselon": es,
            "education": edu, "tmt_cpns": p["tmt_cpns"],
            "education_name": nz.text(body["education_name"]) if "education_name" in body
            else None,
            "opd": nz.text(body["opd"]), "source": "simpeg_duk",
        }
    )  # fmt: skip
    return finish("roster", rows, frame, {"year": year})


SPECS = (
    Spec(
        "simpeg_duk", "roster", "SIMPEG Daftar Urut Kepangkatan (DUK)", HEADERS,
        signature=("nama_nip", "golongan", "jabatan"), required=("nama_nip", "opd"), load=load,
        header_rows=2,
    ),
)  # fmt: skip
