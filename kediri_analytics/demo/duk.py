"""The local SIMPEG "Daftar Urut Kepangkatan" (DUK): a legacy .xls with a merged two-row header."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .layout import Export, Sheet, fmt_date, new_body, pick, record
from .outcomes import Outcomes
from .render import full_name, person_year
from .world import YEARS, World

TOP = [
    "NO",
    "NAMA / NIP",
    "PANGKAT",
    None,
    "JABATAN",
    None,
    "ESELON",
    "MASA KERJA",
    None,
    "PENDIDIKAN",
    None,
    None,
    "USIA",
    "UNIT KERJA",
    "KET",
]
SUB = [
    None,
    None,
    "GOL/RUANG",
    "TMT",
    "NAMA",
    "TMT",
    None,
    "THN",
    "BLN",
    "NAMA",
    "LULUS THN",
    "TINGKAT",
    None,
    None,
    None,
]
PAGE_ROWS = 60  # SIMPEG repeats the header at every printed page
XLS_LIMIT = 65_000


def exports(w: World, o: Outcomes, rng: np.random.Generator) -> list[Export]:
    """The DUK of the latest year (PNS only, ordered by rank)."""
    return [_duk(w, rng)]


def _duk(w: World, rng) -> Export:
    year = YEARS[-1]
    p = w.panel[(w.panel["year"] == year) & w.panel["jenis_pegawai"].eq("PNS")]
    p = p.sort_values(["gol", "tmt_gol", "pid"], ascending=[False, True, True]).reset_index(
        drop=True
    )
    py = person_year(w, p)
    snap = pd.Timestamp(f"{year}-12-31")
    service = (snap - pd.to_datetime(py["tmt_cpns"])).dt.days // 30.4375
    age = ((snap - pd.to_datetime(py["birth_date"])).dt.days // 365.25).astype(int)
    nip = py["nip"]
    spaced = nip.str[:8] + " " + nip.str[8:14] + " " + nip.str[14] + " " + nip.str[15:]
    cells = pd.DataFrame(
        {
            "no": np.arange(1, len(p) + 1).astype(float),
            "nama_nip": full_name(py["nama"].str.upper(), py["gelar_depan"], py["gelar_belakang"])
            + "\n"
            + spaced,
            "gol": py["golongan"],
            "tmt_gol": fmt_date(p["tmt_gol"], "dmy-"),
            "jabatan": py["jabatan"],
            "tmt_jab": fmt_date(p["tmt_jab"], "dmy-"),
            "eselon": py["eselon"],
            "mk_thn": (service // 12).astype(float),
            "mk_bln": (service % 12).astype(float),
            "pendidikan": py["pendidikan"],
            "lulus": py["tahun_lulus"].astype(float),
            "tingkat": py["edu_nama"],
            "usia": age.astype(float),
            "unit": py["opd"],
            "ket": "",
        }
    )
    body = new_body(cells, nip.to_numpy())
    body = body.assign(_year=year, _opd=py["opd"].to_numpy())
    fmt = "xls" if len(cells) < XLS_LIMIT else "xlsx"
    ex = Export(
        path=f"simpeg/DUK_PNS_{year}.{fmt}",
        kind="simpeg_duk",
        fmt=fmt,
        sheets=[],
        data_sheet="DUK",
        facts={"year": year, "header_row": 5, "header_rows": 3},
    )
    labels = pick(rng, body, 1)
    for lab in labels:
        n = body.at[lab, "_nip"]
        body.at[lab, "nama_nip"] = (
            body.at[lab, "nama_nip"].split("\n")[0] + "\n" + (f"{n[:8]} {n[8:14]} {n[14]} {n[16:]}")
        )
    record(ex, body, labels, "nama_nip", "nip_17_digits")
    numbers = [float(i) for i in range(1, len(TOP) + 1)]
    header = [TOP, SUB, numbers]
    repeat = (
        body.index[np.arange(len(body)) % PAGE_ROWS == PAGE_ROWS - 1][:-1]
        if len(body) > PAGE_ROWS
        else []
    )
    if len(repeat):
        rows = [dict(zip(cells.columns, r, strict=True)) for r in header]
        pos = body.index.get_indexer(repeat)
        extra = pd.DataFrame([r for _ in repeat for r in rows], columns=body.columns)
        extra["_kind"], extra["_outcome"] = "header", "skip"
        start = int(body.index.max()) + 1
        extra.index = range(start, start + len(extra))
        order = np.concatenate(
            [
                np.arange(len(body)),
                np.repeat(pos, len(rows))
                + 0.1 * np.tile(np.arange(1, len(rows) + 1), len(repeat)) / 4
                + 0.5,
            ]
        )
        body = pd.concat([body, extra]).iloc[np.argsort(order, kind="stable")]
    title = [
        ["DAFTAR URUT KEPANGKATAN PEGAWAI NEGERI SIPIL"],
        ["PEMERINTAH KOTA KEDIRI"],
        [f"KEADAAN PER 31 DESEMBER {year}"],
        [],
    ]
    merges = [
        (0, 0, 0, len(TOP) - 1, title[0][0]),
        (1, 0, 1, len(TOP) - 1, title[1][0]),
        (2, 0, 2, len(TOP) - 1, title[2][0]),
    ]
    merges += [(4, c, 5, c, TOP[c]) for c in (0, 1, 6, 12, 13, 14)]
    merges += [
        (4, 2, 4, 3, "PANGKAT"),
        (4, 4, 4, 5, "JABATAN"),
        (4, 7, 4, 8, "MASA KERJA"),
        (4, 9, 4, 11, "PENDIDIKAN"),
    ]
    ex.sheets.append(
        Sheet(
            "DUK",
            header=header,
            body=body,
            title=title,
            merges=merges,
            widths={1: 36, 4: 34, 9: 30, 13: 36},
        )
    )
    return ex
