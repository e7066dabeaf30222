"""Assessment-centre recaps: wide (two header rows, STD/CAPAIAN per competency) and long layouts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .layout import (
    NIP_DAMAGE,
    Export,
    Sheet,
    append_rows,
    excel_serial,
    fmt_date,
    fmt_decimal,
    insert_rows,
    new_body,
    pick,
    record,
)
from .outcomes import COMPETENCIES, COMPETENCY_ABBR, Outcomes
from .render import person_year
from .world import World

FIXED = ["NO", "NIP", "NAMA", "JABATAN", "UNIT KERJA", "JENIS ASESMEN", "TANGGAL ASESMEN"]
TAIL = ["JPM (%)", "KATEGORI", "NILAI POTENSI", "KATEGORI POTENSI"]
DATE_STYLE = {2019: "serial", 2020: "dmy/", 2021: "long", 2022: "dmy-", 2023: "long", 2024: "dmy-"}
LONG_YEAR = 2024


def category(jpm: np.ndarray, jenis: np.ndarray) -> np.ndarray:
    """The label the assessment centre prints: mapping scale, or selection scale for Seleksi."""
    mapping = np.where(jpm >= 90, "Optimal", np.where(jpm >= 78, "Cukup Optimal", "Kurang Optimal"))
    selection = np.where(
        jpm >= 80,
        "Memenuhi Syarat",
        np.where(jpm >= 68, "Masih Memenuhi Syarat", "Kurang Memenuhi Syarat"),
    )
    return np.where(jenis == "Seleksi", selection, mapping)


def exports(w: World, o: Outcomes, rng: np.random.Generator) -> list[Export]:
    """One recap per year; the latest in the long layout."""
    years = sorted(o.assessments["year"].unique())
    return [(_long if y == LONG_YEAR else _wide)(w, o, int(y), rng) for y in years]


def _base(w: World, o: Outcomes, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    a = o.assessments[o.assessments["year"] == year].reset_index(drop=True)
    py = person_year(w, a)
    order = np.lexsort((py["nip"].to_numpy(), py["opd"].to_numpy()))
    return a.iloc[order].reset_index(drop=True), py.iloc[order].reset_index(drop=True)


def _date(s: pd.Series, year: int):
    style = DATE_STYLE[year]
    return excel_serial(s).to_numpy() if style == "serial" else fmt_date(s, style).to_numpy()


def _wide(w: World, o: Outcomes, year: int, rng) -> Export:
    a, py = _base(w, o, year)
    n = len(a)
    names = COMPETENCY_ABBR if year <= 2020 else [c.upper() for c in COMPETENCIES]
    cells = {
        "NO": np.arange(1, n + 1),
        "NIP": py["nip"],
        "NAMA": py["nama_gelar"],
        "JABATAN": py["jabatan"],
        "UNIT KERJA": py["opd"],
        "JENIS ASESMEN": a["jenis_asesmen"],
        "TANGGAL ASESMEN": _date(a["date"], year),
    }
    for i, _ in enumerate(COMPETENCIES):
        cells[f"std_{i}"] = a[f"std_{i}"].astype(float)
        cells[f"lvl_{i}"] = a[f"lvl_{i}"].astype(float)
    jpm = a["jpm"].to_numpy()
    cells["JPM (%)"] = fmt_decimal(jpm).to_numpy() if year == 2022 else jpm
    cells["KATEGORI"] = category(jpm, a["jenis_asesmen"].to_numpy())
    cells["NILAI POTENSI"] = a["potensi"].to_numpy()
    cells["KATEGORI POTENSI"] = a["potensi_kategori"].to_numpy()
    frame = pd.DataFrame({k: np.asarray(v, dtype=object) for k, v in cells.items()})
    body = new_body(frame, py["nip"].to_numpy())
    body = body.assign(_year=year, _opd=py["opd"].to_numpy(), _jpm=jpm)
    ex = Export(
        path=f"kompetensi/Rekap_Hasil_Asesmen_Kompetensi_{year}.xlsx",
        kind="competency_wide",
        fmt="xlsx",
        sheets=[],
        data_sheet="Rekap",
        facts={
            "year": year,
            "header_row": 5,
            "header_rows": 2,
            "competency_names": "abbreviated" if year <= 2020 else "full",
            "date_format": DATE_STYLE[year],
        },
    )
    if year == 2021:
        lab = pick(rng, body, 1)
        body.loc[lab, "lvl_3"] = 6.0
        record(ex, body, lab, "lvl_3", "level_out_of_range")
    if year == 2023:
        lab = pick(rng, body, 1)
        body.loc[lab, "std_6"] = 0.0
        record(ex, body, lab, "std_6", "required_level_zero")
    if year == 2022:
        lab = pick(rng, body, 1)
        body.loc[lab, "NIP"] = NIP_DAMAGE["nip_as_number"](body.loc[lab[0], "_nip"])
        record(ex, body, lab, "NIP", "nip_as_number")
    if year == 2021:
        blanks = pick(rng, body, 1)
        body = insert_rows(body, blanks, [{}], "blank")
    if year == 2020:
        body = append_rows(body, [{"NO": f"JUMLAH PESERTA: {n} orang"}], "total")
    top = FIXED + [x for name in names for x in (name, None)] + TAIL
    sub = [None] * len(FIXED) + ["STD", "CAPAIAN"] * len(names) + [None] * len(TAIL)
    title = [
        ["REKAPITULASI HASIL PENILAIAN KOMPETENSI APARATUR SIPIL NEGARA"],
        [f"PEMERINTAH KOTA KEDIRI TAHUN {year}"],
        ["UPT Penilaian Kompetensi BKPSDM"],
        [],
    ]
    h = len(title)
    merges = [(h, c, h + 1, c, top[c]) for c in range(len(FIXED))]
    merges += [(h, len(FIXED) + 2 * i, h, len(FIXED) + 2 * i + 1, nm) for i, nm in enumerate(names)]
    start = len(FIXED) + 2 * len(names)
    merges += [(h, start + j, h + 1, start + j, t) for j, t in enumerate(TAIL)]
    sheets = [
        Sheet(
            "Rekap",
            header=[top, sub],
            body=body,
            title=title,
            merges=merges,
            widths={1: 22, 2: 32, 3: 32, 4: 36},
        )
    ]
    if year == 2023:  # this year's workbook opens on an instructions sheet
        cover = new_body(
            pd.DataFrame(
                {
                    "a": [
                        "Petunjuk pengisian:",
                        "1. Level kompetensi diisi 1 sampai 5.",
                        "2. JPM = jumlah capaian / jumlah standar x 100%.",
                        "3. Jangan mengubah susunan kolom.",
                    ]
                }
            ),
            None,
        )
        sheets.insert(0, Sheet("Keterangan", header=[["KETERANGAN"]], body=cover))
    ex.sheets.extend(sheets)
    return ex


def _long(w: World, o: Outcomes, year: int, rng) -> Export:
    a, py = _base(w, o, year)
    k = len(COMPETENCIES)
    rep = np.repeat(np.arange(len(a)), k)
    comp = np.tile(np.arange(k), len(a))
    std = a[[f"std_{i}" for i in range(k)]].to_numpy()[rep, comp]
    lvl = a[[f"lvl_{i}" for i in range(k)]].to_numpy()[rep, comp]
    jpm = a["jpm"].to_numpy()[rep]
    frame = pd.DataFrame(
        {
            "NO": np.arange(1, len(rep) + 1),
            "NIP": py["nip"].to_numpy()[rep],
            "NAMA": py["nama_gelar"].to_numpy()[rep],
            "JABATAN": py["jabatan"].to_numpy()[rep],
            "UNIT KERJA": py["opd"].to_numpy()[rep],
            "JENIS ASESMEN": a["jenis_asesmen"].to_numpy()[rep],
            "TANGGAL ASESMEN": _date(a["date"], year)[rep],
            "KOMPETENSI": np.asarray(COMPETENCIES, dtype=object)[comp],
            "LEVEL STANDAR": std,
            "LEVEL CAPAIAN": lvl,
            "GAP": lvl - std,
            "JPM (%)": jpm,
            "KATEGORI": category(jpm, a["jenis_asesmen"].to_numpy()[rep]),
            "NILAI POTENSI": a["potensi"].to_numpy()[rep],
            "KATEGORI POTENSI": a["potensi_kategori"].to_numpy()[rep],
        }
    )
    body = new_body(frame, py["nip"].to_numpy()[rep])
    body = body.assign(_year=year, _opd=frame["UNIT KERJA"].to_numpy(), _jpm=jpm)
    ex = Export(
        path=f"kompetensi/Hasil_Asesmen_{year}_per_kompetensi.xlsx",
        kind="competency_long",
        fmt="xlsx",
        sheets=[],
        data_sheet="Hasil Asesmen",
        facts={"year": year, "header_row": 4, "people": int(len(a))},
    )
    title = [["HASIL PENILAIAN KOMPETENSI PER KOMPETENSI"], [f"TAHUN {year}"], []]
    ex.sheets.append(Sheet("Hasil Asesmen", header=[list(frame.columns)], body=body, title=title))
    return ex
