"""Legacy SKP results 2019-2021 from the local SIMPEG recap (numeric, PP 46/2011 and PP 30/2019)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .layout import (
    NIP_DAMAGE,
    Export,
    Sheet,
    append_rows,
    fmt_decimal,
    insert_rows,
    new_body,
    pick,
    record,
)
from .outcomes import LEGACY_REGIME, LEGACY_YEARS, Outcomes
from .render import person_year
from .world import World

REGIME_TEXT = {
    "PP 46/2011": "Dasar: PP Nomor 46 Tahun 2011 (60% SKP + 40% Perilaku Kerja)",
    "PP 30/2019": "Dasar: PP Nomor 30 Tahun 2019 (70% SKP + 30% Perilaku Kerja)",
}
HEADER_TOP = ["NO", "NIP", "NAMA", "JABATAN", "UNIT KERJA", "NILAI", None, None, "SEBUTAN"]
HEADER_SUB = [None, None, None, None, None, "SKP", "PERILAKU KERJA", "PRESTASI KERJA", None]


def exports(w: World, o: Outcomes, rng: np.random.Generator) -> list[Export]:
    """One recap workbook per legacy year."""
    return [_year(w, o, y, rng) for y in LEGACY_YEARS]


def _year(w: World, o: Outcomes, year: int, rng) -> Export:
    rows = o.legacy[o.legacy["year"] == year].reset_index(drop=True)
    panel = w.panel[w.panel["year"] == year].set_index("pid").loc[rows["pid"]].reset_index()
    py = person_year(w, panel)
    nip = py["nip"]
    spaced = nip.str[:8] + " " + nip.str[8:14] + " " + nip.str[14] + " " + nip.str[15:]
    comma = year == 2020
    num = (lambda x: fmt_decimal(x).to_numpy()) if comma else (lambda x: np.asarray(x, float))
    sebutan = rows["sebutan"].str.upper() if year == 2019 else rows["sebutan"]
    cells = pd.DataFrame(
        {
            "NO": np.arange(1, len(rows) + 1),
            "NIP": spaced if year != 2021 else nip,
            "NAMA": py["nama_gelar"],
            "JABATAN": py["jabatan"],
            "UNIT KERJA": py["opd"],
            "SKP": num(rows["nilai_skp"]),
            "PERILAKU": num(rows["nilai_perilaku"]),
            "PRESTASI": num(rows["nilai"]),
            "SEBUTAN": sebutan.to_numpy(),
        }
    )
    order = np.lexsort((nip.to_numpy(), cells["UNIT KERJA"].to_numpy()))
    cells, rows = cells.iloc[order].reset_index(drop=True), rows.iloc[order].reset_index(drop=True)
    cells["NO"] = np.arange(1, len(cells) + 1)
    body = new_body(cells, nip.to_numpy()[order])
    body = body.assign(
        _year=year,
        _opd=cells["UNIT KERJA"].to_numpy(),
        _sebutan=rows["sebutan"].to_numpy(),
        _nilai=rows["nilai"].to_numpy(),
        _regime=LEGACY_REGIME[year],
    )
    ex = Export(
        path=f"skp_lama/Rekap_Nilai_Prestasi_Kerja_{year}.xlsx",
        kind="legacy_skp",
        fmt="xlsx",
        sheets=[],
        data_sheet=f"SKP {year}",
        facts={
            "year": year,
            "regime": LEGACY_REGIME[year],
            "header_row": 6,
            "decimal_comma": comma,
        },
    )
    kinds = {2019: {}, 2020: {"nip_as_number": 2}, 2021: {"nip_17_digits": 1}}[year]
    for kind, k in kinds.items():
        labels = pick(rng, body, k)
        for lab in labels:
            n = body.at[lab, "_nip"]
            body.at[lab, "NIP"] = NIP_DAMAGE[kind](n)
        record(ex, body, labels, "NIP", kind)
    if year == 2019:
        body = append_rows(
            body,
            [
                {
                    "NO": None,
                    "NAMA": "RATA-RATA",
                    "PRESTASI": float(np.round(rows["nilai"].mean(), 2)),
                }
            ],
            "total",
        )
    if year == 2020:
        blanks = pick(rng, body, 3)
        body = insert_rows(body, blanks, [{}] * len(blanks), "blank")
    title = [
        ["REKAPITULASI NILAI PRESTASI KERJA PEGAWAI NEGERI SIPIL"],
        ["PEMERINTAH KOTA KEDIRI"],
        [f"TAHUN {year}"],
        [REGIME_TEXT[LEGACY_REGIME[year]]],
    ]
    merges = [(4, c, 5, c, HEADER_TOP[c]) for c in (0, 1, 2, 3, 4, 8)] + [(4, 5, 4, 7, "NILAI")]
    ex.sheets.append(
        Sheet(
            f"SKP {year}",
            header=[HEADER_TOP, HEADER_SUB],
            body=body,
            title=title,
            merges=merges,
            widths={1: 24, 2: 34, 3: 34, 4: 40},
        )
    )
    return ex
