"""Legacy SKP recaps (before 2022): numeric nilai under PP 46/2011 or PP 30/2019."""

from __future__ import annotations

import re

import pandas as pd

from .. import rules
from . import normalize as nz
from .base import (
    Layout,
    Part,
    Result,
    Spec,
    check_nip,
    finish,
    parse_dates,
    require_year,
    title_text,
    year_of,
)


def regime_of(layout: Layout, year: int | None) -> str:
    """The regulation named in the title ('Dasar: PP Nomor 30 Tahun 2019'), else by year."""
    t = title_text(layout)
    m = re.search(r"PP\s*(?:Nomor|No\.?)?\s*(\d+)\s*(?:Tahun|/)\s*(\d{4})", t, re.IGNORECASE)
    if m:
        return f"PP {m.group(1)}/{m.group(2)}"
    return "PP 30/2019" if year and year >= 2021 else "PP 46/2011"


def load(part: Part) -> Result:
    """Load a legacy SKP recap (PP 46/2011 or PP 30/2019 numeric results)."""
    layout, file, body, rows = part
    nip = check_nip(rows, body["nip"])
    if "year" in body:  # a recap of several years has a TAHUN column
        col, bad = nz.to_int(body["year"])
        rows.flag((bad | col.isna()).to_numpy(), "reject", "year", "year_unknown", body["year"])
        year = col
        meta_year = int(col.mode().iloc[0]) if col.notna().any() else None
    else:
        year = meta_year = year_of(layout, file)
        require_year(rows, year)
    nums = {}
    for c in ("nilai_skp", "nilai_perilaku", "nilai"):
        if c in body:
            vals, bad = nz.to_number(body[c])
            rows.note(bad.to_numpy(), c, "number_invalid", body[c])
            nums[c] = vals
    if "sebutan" in body:
        labels = rules.labels_legacy().sebutan
        seb, bad = nz.to_label(body["sebutan"], {}, labels, blank=("", "-"))
        rows.note(bad.to_numpy(), "sebutan", "label_unknown", body["sebutan"])
        seb = seb.astype(object)
    else:
        seb = None
    dates = parse_dates(rows, body, ("tanggal",))
    if isinstance(year, pd.Series):  # the regulation of each year, once per year
        regimes = {y: regime_of(layout, None if pd.isna(y) else int(y)) for y in year.unique()}
        regime = year.map(regimes)
    else:
        regime = regime_of(layout, year)
    frame = pd.DataFrame(
        {
            "nip": nip,
            "nama": nz.text(body["nama"]) if "nama" in body else None,
            "opd": nz.text(body["opd"]) if "opd" in body else None,
            "unit": nz.text(body["unit"]) if "unit" in body else None,
            "jabatan": nz.text(body["jabatan"]) if "jabatan" in body else None,
            "year": year,
            "period": "Tahunan",
            "regime": regime,
            "rated": nums["nilai"].notna(),
            "sebutan": seb,
            "acting": False,
            "waktu_dinilai": dates.get("tanggal"),
            **nums,
        }
    )
    return finish("skp", rows, frame, {"year": meta_year})


SPECS = (
    Spec(
        "legacy_skp",
        "skp",
        "SKP recap (PP 46/2011 or PP 30/2019)",
        required=("nip", "nilai"),
        load=load,
        checks={"nilai": "number", "sebutan": "sebutan"},
    ),
)
