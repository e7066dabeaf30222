"""Assessment-centre recaps: wide (one row per person, STD/CAPAIAN per competency under a
merged name) and long (one row per person and competency)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import rules
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

COMMON = {
    "no": ("NO",),
    "nip": ("NIP", "NIP BARU"),
    "nama": ("NAMA",),
    "jabatan": ("JABATAN",),
    "opd": ("UNIT KERJA", "PERANGKAT DAERAH", "OPD"),
    "jenis_asesmen": ("JENIS ASESMEN", "JENIS PENILAIAN", "TUJUAN ASESMEN"),
    "tanggal": ("TANGGAL ASESMEN", "TGL ASESMEN", "TANGGAL PENILAIAN"),
    "jpm": ("JPM (%)", "JPM", "JPM %"),
    "kategori": ("KATEGORI", "KATEGORI JPM"),
    "potensi": ("NILAI POTENSI", "POTENSI"),
    "potensi_kategori": ("KATEGORI POTENSI",),
}


def _competencies() -> list[dict]:
    return list(rules.load("labels_kompetensi")["competencies"])


def _wide_headers() -> dict[str, tuple[str, ...]]:
    h = dict(COMMON)
    for i, c in enumerate(_competencies()):
        for part, key in (("STD", "std"), ("STANDAR", "std"), ("CAPAIAN", "lvl"),
                          ("LEVEL", "lvl"), ("HASIL", "lvl")):  # fmt: skip
            names = (f"{c['name']} {part}", f"{c['abbr']} {part}")
            h[f"{key}_{i}"] = h.get(f"{key}_{i}", ()) + names
    return h


LONG_HEADERS = {
    **COMMON,
    "kompetensi": ("KOMPETENSI", "NAMA KOMPETENSI"),
    "required": ("LEVEL STANDAR", "STANDAR", "LEVEL STD"),
    "assessed": ("LEVEL CAPAIAN", "CAPAIAN", "LEVEL HASIL"),
    "gap": ("GAP",),
}


def _levels(rows, body, col) -> pd.Series:
    lo, hi = rules.load("labels_kompetensi")["levels"]
    vals, bad = nz.to_number(body[col])
    rows.note(bad.to_numpy(), col, "number_invalid", body[col])
    out = (vals.notna() & ((vals < lo) | (vals > hi) | (vals.round() != vals))).fillna(False)
    rows.flag(out.to_numpy(), "reject", col, "level_out_of_range", body[col])
    return vals.round().astype("Int64")


def _people(rows, body, layout, file) -> tuple[dict, int | None]:
    nip = check_nip(rows, body["nip"], "unknown")
    tanggal, bad = nz.to_date(body["tanggal"]) if "tanggal" in body else (None, None)
    if bad is not None:
        rows.note(bad.to_numpy(), "tanggal", "date_invalid", body["tanggal"])
    year = year_of(layout, file, tanggal)
    require_year(rows, year)
    jpm, bad = nz.to_number(body["jpm"]) if "jpm" in body else (None, None)
    if bad is not None:
        rows.note(bad.to_numpy(), "jpm", "number_invalid", body["jpm"])
    pot, bad = nz.to_number(body["potensi"]) if "potensi" in body else (None, None)
    if bad is not None:
        rows.note(bad.to_numpy(), "potensi", "number_invalid", body["potensi"])
    cols = {
        "year": year, "nip": nip, "tanggal": tanggal, "jpm_reported": jpm, "potensi": pot,
        **{c: nz.text(body[c]) for c in ("nama", "jabatan", "opd", "jenis_asesmen",
                                          "potensi_kategori") if c in body},
        "kategori_reported": nz.text(body["kategori"]) if "kategori" in body else None,
    }  # fmt: skip
    return cols, year


def jpm(required: pd.Series, assessed: pd.Series) -> pd.Series:
    """Job Person Match: sum of assessed levels / sum of required levels x 100 (per row of
    aligned frames: competencies in columns)."""
    return (assessed.sum(axis=1, min_count=1) / required.sum(axis=1, min_count=1) * 100).round(2)


def load_wide(layout: Layout, file: str) -> Result:
    """Load an assessment recap in the wide layout (one row per person, competencies across)."""
    body, rows = start(layout, file)
    comps = _competencies()
    idx = [i for i in range(len(comps)) if f"std_{i}" in body and f"lvl_{i}" in body]
    std = pd.DataFrame({i: _levels(rows, body, f"std_{i}") for i in idx})
    lvl = pd.DataFrame({i: _levels(rows, body, f"lvl_{i}") for i in idx})
    cols, year = _people(rows, body, layout, file)
    people = pd.DataFrame(cols, index=body.index)
    people["jpm"] = jpm(std.astype("Float64"), lvl.astype("Float64"))
    res = finish("assessments", rows, people, {"year": year})
    live = rows.live
    n = int(live.sum())
    k = len(idx)
    base = people[live].reset_index(drop=True)
    long = pd.DataFrame(
        {
            "year": year,
            **{c: np.repeat(base[c].to_numpy(), k) for c in ("nip", "nama", "jabatan", "opd",
                                                            "jenis_asesmen", "tanggal")
               if c in base},
            "kompetensi": np.tile([comps[i]["name"] for i in idx], n),
            "required": std[live].to_numpy().reshape(-1),
            "assessed": lvl[live].to_numpy().reshape(-1),
            "source_file": file,
            "source_row": np.repeat(np.flatnonzero(live) + rows.first_row, k),
        }
    )  # fmt: skip
    from .. import schemas

    res.extra["competency"] = schemas.enforce("competency", long)
    return res


def load_long(layout: Layout, file: str) -> Result:
    """Load an assessment recap in the long layout (one row per person and competency)."""
    body, rows = start(layout, file)
    names = {nz.key(c["name"]): c["name"] for c in _competencies()}
    names.update({nz.key(c["abbr"]): c["name"] for c in _competencies()})
    komp, bad = nz.to_label(body["kompetensi"], names, [c["name"] for c in _competencies()])
    rows.flag(bad.to_numpy(), "reject", "kompetensi", "competency_unknown", body["kompetensi"])
    required = _levels(rows, body, "required")  # a required level of 0 is out of range too
    assessed = _levels(rows, body, "assessed")
    cols, year = _people(rows, body, layout, file)
    frame = pd.DataFrame(
        {k: v for k, v in cols.items() if k in ("year", "nip", "nama", "jabatan", "opd",
                                                 "jenis_asesmen", "tanggal")},
        index=body.index,
    )  # fmt: skip
    frame["kompetensi"] = komp.astype(object)
    frame["required"], frame["assessed"] = required, assessed
    res = finish("competency", rows, frame, {"year": year})
    # one assessment per person: JPM from its rows, only if none of them was rejected
    people = pd.DataFrame(cols, index=body.index).assign(
        _live=rows.live, _row=np.arange(len(body)) + rows.first_row,
        _req=required.astype("Float64"), _ass=assessed.astype("Float64"),
    )[rows.status != "skip"]  # fmt: skip
    g = people.groupby(["nip", "tanggal", "jenis_asesmen"], dropna=False, sort=False)
    agg = g.agg(
        _all=("_live", "all"), _req=("_req", "sum"), _ass=("_ass", "sum"), _row=("_row", "min")
    )
    first = g.head(1).set_index(["nip", "tanggal", "jenis_asesmen"])
    ppl = first.drop(columns=["_live", "_row", "_req", "_ass"]).join(agg).reset_index()
    ppl = ppl[ppl["_all"] & ppl["nip"].notna()]
    ppl["jpm"] = (ppl["_ass"] / ppl["_req"] * 100).round(2)
    from .. import schemas

    res.extra["assessments"] = schemas.enforce(
        "assessments",
        ppl.assign(source_file=file, source_row=ppl["_row"]).reset_index(drop=True),
    )
    return res


SPECS = (
    Spec(
        "competency_wide", "assessments", "assessment recap (one row per person)",
        _wide_headers(), signature=("nip", "std_0", "lvl_0"), required=("nip", "std_0", "lvl_0"),
        load=load_wide, header_rows=2,
    ),
    Spec(
        "competency_long", "competency", "assessment recap (one row per competency)",
        LONG_HEADERS, signature=("nip", "kompetensi", "required", "assessed"),
        required=("nip", "kompetensi", "required", "assessed"), load=load_long,
    ),
)  # fmt: skip
