"""SIASN "Data ASN" roster downloads (63 or 68 columns; CSV with any delimiter, or xlsx)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import normalize as nz
from .base import (
    Part,
    Result,
    Spec,
    check_nip,
    finish_parts,
    jenis_jabatan,
    join_parts,
    kedudukan,
    name_year,
    parse_dates,
    per_part,
    require_years,
)
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


def load(parts: list[Part]) -> list[Result]:
    """Load SIASN "Data ASN" downloads (CSV or xlsx, 63 or 68 columns), in one pass."""
    body, rows = join_parts(parts)
    jp, bad = nz.to_jenis_pegawai(body["jenis_pegawai"])
    rows.note(bad.to_numpy(), "jenis_pegawai", "label_unknown", body["jenis_pegawai"])
    pppk = jp.astype(object).isin(["PPPK", "PPPK Paruh Waktu"]).to_numpy()
    nip = check_nip(rows, body["nip"], pppk)
    # the same line pasted twice when two downloads were merged
    live = rows.live
    dup = body[live].assign(_part=rows.part[live]).duplicated(keep="first")
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
    years = [name_year(p.file) for p in parts]
    if None in years:  # no title rows: the latest TMT in the data says when it was pulled
        tmts = [dates[c].dt.year for c in ("tmt_golongan", "tmt_jabatan") if c in dates]
        if tmts:
            latest = pd.concat(tmts, axis=1).max(axis=1).groupby(rows.part).max()
            years = [
                y if y is not None or pd.isna(latest.get(i)) else int(latest[i])
                for i, y in enumerate(years)
            ]
    require_years(rows, years)
    frame = pd.DataFrame(
        {
            "year": per_part(years, rows),
            "nip": nip,
            "nama": nz.text(body["nama"]),
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
            "kedudukan_hukum": kedudukan(rows, body),
            "source": "siasn",
        }
    )
    return finish_parts("roster", rows, frame, [{"year": y} for y in years])


SPECS = (
    Spec(
        "siasn_roster",
        "roster",
        "SIASN Data ASN roster",
        required=("siasn", "nip", "nama", "jenis_pegawai", "jenis_jabatan", "opd"),
        load=load,
        batched=True,
    ),
)
