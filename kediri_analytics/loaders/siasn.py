"""SIASN "Data ASN" roster downloads (63 or 68 columns; CSV with any delimiter, or xlsx)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import normalize as nz
from .base import (
    Layout,
    Result,
    Spec,
    check_nip,
    finish,
    jenis_jabatan,
    name_year,
    parse_dates,
    require_year,
)
from .body import start
from .nip import nip_parts

SEX = {
    "m": "L",
    "l": "L",
    "1": "L",
    "lakilaki": "L",
    "pria": "L",
    "f": "P",
    "p": "P",
    "2": "P",
    "perempuan": "P",
    "wanita": "P",
}


def to_sex(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """'L' (laki-laki) or 'P' (perempuan) from M/F, L/P, 1/2 or the words."""
    k = nz.label_key(s)
    out = k.map(SEX)
    return out.astype("string"), (out.isna() & k.notna() & k.ne("")).fillna(False)


def cross_check(rows, nip: pd.Series, birth: pd.Series | None, sex: pd.Series | None, raw) -> None:
    """Warn where the birth date or sex columns disagree with what the NIP encodes."""
    parts = nip_parts(nip)
    if birth is not None:
        bad = birth.notna() & parts["birth_date"].notna() & (birth != parts["birth_date"])
        rows.flag(
            bad.fillna(False).to_numpy(),
            "warn",
            "birth_date",
            "nip_birthdate_mismatch",
            raw["birth_date"],
        )
    if sex is not None:
        code = parts["sex"].map({1: "L", 2: "P"})
        bad = sex.notna() & code.notna() & (sex.astype(object) != code.astype(object))
        rows.flag(bad.fillna(False).to_numpy(), "warn", "sex", "nip_sex_mismatch", raw["sex"])


def load(layout: Layout, file: str) -> Result:
    """Load a SIASN "Data ASN" download (CSV or xlsx, 63 or 68 columns)."""
    body, rows = start(layout, file)
    jp, bad = nz.to_jenis_pegawai(body["jenis_pegawai"])
    rows.note(bad.to_numpy(), "jenis_pegawai", "label_unknown", body["jenis_pegawai"])
    pppk = jp.astype(object).isin(["PPPK", "PPPK Paruh Waktu"]).to_numpy()
    nip = check_nip(rows, body["nip"], pppk)
    # the same line pasted twice when two downloads were merged
    live = rows.live
    dup = body[live].duplicated(keep="first")
    mask = np.zeros(len(body), bool)
    mask[np.flatnonzero(live)[dup.to_numpy()]] = True
    rows.flag(mask, "drop", "nip", "duplicate_row", body["nip"])
    birth = sex = None
    dates = parse_dates(rows, body, ("birth_date", "tmt_cpns", "tmt_golongan", "tmt_jabatan"))
    birth = dates.get("birth_date")
    if "sex" in body:
        sex, bad = to_sex(body["sex"])
        rows.note(bad.to_numpy(), "sex", "label_unknown", body["sex"])
    cross_check(rows, nip, birth, sex, body)
    gol, bad = nz.to_golongan(body["golongan"]) if "golongan" in body else (None, None)
    if bad is not None:
        rows.note(bad.to_numpy(), "golongan", "label_unknown", body["golongan"])
    jj = jenis_jabatan(rows, body, body.get("eselon"))
    edu, bad = nz.to_education(body.get("education_id"), body.get("education_level"))
    rows.note(bad.to_numpy(), "education_level", "label_unknown", body.get("education_level"))
    year = name_year(file)
    if year is None:  # no title rows: the latest TMT in the data says when it was pulled
        tmts = [dates[c].dt.year.max() for c in ("tmt_golongan", "tmt_jabatan") if c in dates]
        year = int(max(tmts)) if tmts and pd.notna(max(tmts)) else None
    require_year(rows, year)
    nama = nz.text(body["nama"])
    frame = pd.DataFrame(
        {
            "year": year,
            "nip": nip,
            "nama": nama,
            "sex": sex,
            "birth_date": birth,
            "jenis_pegawai": jp,
            "golongan": gol,
            "jabatan": nz.text(body["jabatan"]) if "jabatan" in body else None,
            "jenis_jabatan": jj,
            "eselon": nz.text(body["eselon"]) if "eselon" in body else None,
            "education": edu,
            "education_name": nz.text(body["education_name"]) if "education_name" in body else None,
            "tmt_cpns": dates.get("tmt_cpns"),
            "opd": nz.text(body["opd"]),
            "unit": nz.text(body["unit"]) if "unit" in body else None,
            "source": "siasn",
        }
    )
    return finish("roster", rows, frame, {"year": year})


SPECS = (
    Spec(
        "siasn_roster",
        "roster",
        "SIASN Data ASN roster",
        required=("siasn", "nip", "nama", "jenis_pegawai", "jenis_jabatan", "opd"),
        load=load,
    ),
)
