"""The agency's merit-system self-assessment workbook (KASN instrument: aspects, sub-aspects,
weight x score)."""

from __future__ import annotations

import pandas as pd

from . import normalize as nz
from .base import Part, Result, Spec, finish, require_year, year_of

SCORE_RANGE = (1, 4)  # KASN instrument 2018: each sub-aspect scored 1-4


def load(part: Part) -> Result:
    """Load the merit-system self-assessment workbook (sub-aspects, weights, scores)."""
    layout, file, body, rows = part
    no = nz.text(body["no"]).fillna("")
    uraian = nz.text(body["uraian"])
    is_sub = no.str.fullmatch(r"\d+\.\d+")
    is_aspect = no.str.fullmatch(r"\d+")
    rows.skip(is_aspect.to_numpy(bool), "aspect")
    rows.skip((~is_sub & ~is_aspect).to_numpy(bool), "total")  # TOTAL SKOR, INDEKS, KATEGORI
    aspek_no = pd.to_numeric(no.where(is_aspect | is_sub).str.split(".").str[0], errors="coerce")
    aspek_name = uraian.where(is_aspect).ffill()
    bobot, bad = nz.to_number(body["bobot"])
    rows.note(bad.to_numpy(), "bobot", "number_invalid", body["bobot"])
    nilai, bad = nz.to_number(body["nilai"])
    rows.note(bad.to_numpy(), "nilai", "number_invalid", body["nilai"])
    lo, hi = SCORE_RANGE
    out = (nilai.notna() & ((nilai < lo) | (nilai > hi))).fillna(False)
    rows.flag(out.to_numpy(), "reject", "nilai", "value_out_of_range", body["nilai"])
    skor, bad = nz.to_number(body["skor"]) if "skor" in body else (bobot * nilai, None)
    skor = skor.fillna(bobot * nilai)
    year = year_of(layout, file)
    require_year(rows, year)
    frame = pd.DataFrame(
        {
            "year": year,
            "aspek_no": aspek_no.astype("Int64"),
            "aspek": aspek_name,
            "sub_no": no,
            "sub_aspek": uraian,
            "bobot": bobot,
            "nilai": nilai,
            "skor": skor,
            "bukti": nz.text(body["bukti"]) if "bukti" in body else None,
        }
    )
    return finish("merit_assessment", rows, frame, {"year": year})


SPECS = (
    Spec(
        "merit_assessment",
        "merit_assessment",
        "merit-system self-assessment",
        required=("no", "uraian", "bobot", "nilai"),
        load=load,
        checks={"bobot": "number"},
    ),
)
