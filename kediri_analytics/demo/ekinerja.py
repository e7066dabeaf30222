"""e-Kinerja exports: "Laporan Penilaian SKP" (annual and monthly) and "Laporan SKP" documents."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.fmt import BULAN
from .layout import (
    NIP_DAMAGE,
    Export,
    Sheet,
    append_rows,
    fmt_date,
    insert_rows,
    new_body,
    pick,
    record,
)
from .outcomes import EKINERJA_YEARS, MONTHLY_YEAR, Outcomes
from .render import JENIS_JABATAN_EKINERJA, person_year
from .world import World

VARIANTS = {
    "Di Atas Ekspektasi": ["Diatas Ekspektasi", "DI ATAS EKSPEKTASI", "Di Atas Espektasi"],
    "Sesuai Ekspektasi": ["SESUAI EKSPEKTASI", "Sesuai Espektasi", "sesuai ekspektasi"],
    "Di Bawah Ekspektasi": ["Dibawah Ekspektasi", "DIBAWAH EKSPEKTASI", "Di Bawah Espektasi"],
    "Sangat Baik": ["SANGAT BAIK", "Sangat baik"],
    "Baik": ["BAIK"],
    "Butuh Perbaikan": ["BUTUH PERBAIKAN", "Butuh perbaikan"],
    "Kurang/Misconduct": ["Kurang", "KURANG", "Kurang / Misconduct"],
    "Sangat Kurang": ["SANGAT KURANG"],
}
PENILAIAN_COLUMNS = [
    "No",
    "nip",
    "nama",
    "skp_unor",
    "skp_unor_induk",
    "skp_jabatan",
    "hasil_kerja",
    "perilaku_kerja",
    "hasil_akhir",
    "golru",
    "jenis_pegawai",
    "skp_jenis_jabatan",
    "is_skp_plt_plh_pjb",
]
DOC_COLUMNS = [
    "nip",
    "nama",
    "jabatan",
    "unit",
    "jenis_pegawai",
    "skp_status",
    "skp_unor",
    "skp_unor_induk",
    "periode_awal",
    "periode_akhir",
    "is_plt_plh",
]


def exports(w: World, o: Outcomes, rng: np.random.Generator) -> list[Export]:
    """All e-Kinerja files of the demo: annual and monthly ratings, SKP document lists."""
    out = []
    for year in EKINERJA_YEARS:
        out.append(_annual(w, o, year, rng))
        out.append(_documents(w, o, year, rng))
    for month in range(1, 13):
        out.append(_monthly(w, o, month, rng))
    return out


def _title(year: int, periode: str, pulled: str) -> list[list]:
    return [
        [f"LAPORAN PENILAIAN SKP TAHUN {year}"],
        ["PEMERINTAH KOTA KEDIRI"],
        [f"Periode : {periode}"],
        ["Unor Induk : ALL"],
        ["Unor : ALL"],
        [f"Data ditarik pada : {pulled}"],
        [],
    ]


def _cells(w: World, rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    py = person_year(w, rows)
    acting = rows["acting"].to_numpy()
    post = w.jobs["jabatan"].to_numpy()[np.where(acting, rows["post_job_id"], 0)]
    jabatan = np.where(acting, "Plt. " + post, py["jabatan"])
    jenis = np.where(
        acting,
        w.jobs["jenis_jabatan"].to_numpy()[np.where(acting, rows["post_job_id"], 0)],
        py["jenis_jabatan"],
    )
    cells = pd.DataFrame(
        {
            "nip": py["nip"],
            "nama": py["nama_gelar"],
            "skp_unor": py["unit"],
            "skp_unor_induk": py["opd"],
            "skp_jabatan": jabatan,
            "hasil_kerja": rows["hasil_kerja"].fillna("-").to_numpy(),
            "perilaku_kerja": rows["perilaku"].fillna("-").to_numpy(),
            "hasil_akhir": rows["predikat"].fillna("-").to_numpy(),
            "golru": py["golongan"],
            "jenis_pegawai": py["jenis_pegawai"],
            "skp_jenis_jabatan": pd.Series(jenis).map(JENIS_JABATAN_EKINERJA).to_numpy(),
            "is_skp_plt_plh_pjb": acting.astype(int),
        }
    )
    return cells, py


def _damage_ratings(ex: Export, body: pd.DataFrame, rng, k: int, kurang_always: bool) -> None:
    for col in ("hasil_kerja", "perilaku_kerja", "hasil_akhir"):
        labels = pick(rng, body, k, body[col].isin(list(VARIANTS)))
        if kurang_always and col == "hasil_akhir":
            labels = sorted(set(labels) | set(body.index[body[col].eq("Kurang/Misconduct")]))
        for lab in labels:
            v = body.at[lab, col]
            choices = VARIANTS[v]
            body.at[lab, col] = (
                "Kurang"
                if kurang_always and v == "Kurang/Misconduct"
                else choices[int(rng.integers(len(choices)))]
            )
        record(ex, body, labels, col, "predikat_variant")


#: a hasil_akhir an operator typed that the matrix does not give for the row's ratings
WRONG_PREDIKAT = {
    "Sangat Baik": "Baik",
    "Baik": "Sangat Baik",
    "Butuh Perbaikan": "Baik",
    "Kurang/Misconduct": "Butuh Perbaikan",
    "Sangat Kurang": "Butuh Perbaikan",
}


def _disagree_with_matrix(ex: Export, body: pd.DataFrame, k: int = 3) -> None:
    """Three rows whose hasil_akhir disagrees with the predikat matrix (chosen by position,
    without drawing from the generator, so every other file stays as it was)."""
    ok = (
        body["_kind"].eq("data")
        & body["_outcome"].eq("load")
        & body["hasil_akhir"].isin(list(WRONG_PREDIKAT))
        & body["hasil_kerja"].ne("-")
        & body["perilaku_kerja"].ne("-")
        & ~body["nip"].duplicated(keep=False)
    )
    idx = body.index[ok.to_numpy()]
    labels = list(idx[:: max(len(idx) // k, 1)][:k])
    for lab in labels:
        body.at[lab, "hasil_akhir"] = WRONG_PREDIKAT[body.at[lab, "hasil_akhir"]]
    record(ex, body, labels, "hasil_akhir", "predikat_matrix_mismatch")


def _damage_nips(
    ex: Export, body: pd.DataFrame, rng, apostrophe=0, spaces=0, number=0, short=0
) -> None:
    safe = ~body["nip"].duplicated(keep=False)  # leave transfer duplicates alone
    for kind, k in (
        ("nip_apostrophe", apostrophe),
        ("nip_spaces", spaces),
        ("nip_as_number", number),
        ("nip_17_digits", short),
    ):
        labels = pick(rng, body, k, safe & body["_kind"].eq("data"))
        for lab in labels:
            nip = body.at[lab, "nip"]
            body.at[lab, "nip"] = NIP_DAMAGE[kind](nip)
        record(ex, body, labels, "nip", kind)
        safe &= ~body.index.isin(labels)


def _annual(w: World, o: Outcomes, year: int, rng) -> Export:
    rows = o.skp[o.skp["year"] == year].reset_index(drop=True)
    cells, py = _cells(w, rows)
    cells["periode_awal_skp"] = fmt_date(rows["begin"], "iso" if year < 2024 else "dmy-").to_numpy()
    cells["periode_akhir_skp"] = fmt_date(rows["end"], "iso" if year < 2024 else "dmy-").to_numpy()
    if year == 2024:
        rated_at = pd.Timestamp("2025-01-06") + pd.to_timedelta(
            rng.integers(0, 20 * 24 * 3600, len(rows)), unit="s"
        )
        cells["waktu_dinilai"] = np.where(
            rows["rated"], rated_at.strftime("%Y-%m-%d %H:%M:%S"), "-"
        )
    order = np.lexsort(
        (
            cells["nip"].to_numpy(),
            rows["segment"].to_numpy(),
            cells["skp_unor"].to_numpy(),
            cells["skp_unor_induk"].to_numpy(),
        )
    )
    cells, rows = cells.iloc[order], rows.iloc[order]
    cells.insert(0, "No", np.arange(1, len(cells) + 1))
    body = new_body(cells, rows["pid"].map(w.people.set_index("pid")["nip"]).to_numpy())
    body = body.assign(
        _year=year,
        _period="Tahunan",
        _opd=cells["skp_unor_induk"].to_numpy(),
        _predikat=rows["predikat"].to_numpy(),
        _acting=rows["acting"].to_numpy(),
        _jenis_pegawai=cells["jenis_pegawai"].to_numpy(),
    )
    header_row = 7 if year == 2022 else 8
    title = _title(year, "Tahunan", f"{year + 1}-01-{10 + year % 10:02d} 09:12:33")
    if year == 2022:
        title = title[:4] + title[5:]  # the 2022 release had no "Unor" line: header on row 7
    name = {
        2022: "Laporan_Penilaian_SKP_Tahunan_2022.xlsx",
        2023: "download (3).xlsx",
        2024: "Laporan_Penilaian_SKP_Tahunan_2024.xlsx",
    }[year]
    ex = Export(
        path=f"ekinerja/{name}",
        kind="ekinerja_penilaian",
        fmt="xlsx",
        sheets=[],
        data_sheet="Sheet1",
        facts={"year": year, "period": "Tahunan", "header_row": header_row},
    )
    # a transferred person's earlier SKP of the year is superseded by the latest one
    later = body.loc[rows["segment"].to_numpy() == 1, "_nip"]
    first = body.index[
        (rows["segment"].to_numpy() == 0)
        & ~rows["acting"].to_numpy()
        & body["_nip"].isin(later).to_numpy()
    ]
    record(ex, body, first, "periode_akhir_skp", "transfer_duplicate")
    record(ex, body, body.index[body["hasil_akhir"].eq("-")], "hasil_akhir", "not_rated")
    _damage_ratings(ex, body, rng, 12, kurang_always=year == 2022)
    if year == 2023:
        _disagree_with_matrix(ex, body)
    _damage_nips(
        ex,
        body,
        rng,
        apostrophe=3,
        spaces=3,
        number=2 if year == 2023 else 0,
        short=1 if year == 2024 else 0,
    )
    blanks = pick(rng, body, 2)
    body = insert_rows(body, blanks, [{}] * len(blanks), "blank")
    if year == 2023:  # an analyst added a total line at the bottom before saving
        body = append_rows(body, [{"No": "JUMLAH", "nip": f"{len(rows)} pegawai"}], "total")
    ex.sheets.append(
        Sheet(
            "Sheet1",
            header=[list(cells.columns)],
            body=body,
            title=title,
            widths={1: 22, 2: 34, 3: 30, 4: 40, 5: 40},
        )
    )
    assert ex.sheet().first_body_row == header_row + 1
    return ex


def _monthly(w: World, o: Outcomes, month: int, rng) -> Export:
    rows = o.skp_monthly[o.skp_monthly["month"] == month].reset_index(drop=True)
    cells, _ = _cells(w, rows)
    order = np.lexsort(
        (cells["nip"].to_numpy(), cells["skp_unor"].to_numpy(), cells["skp_unor_induk"].to_numpy())
    )
    cells, rows = cells.iloc[order], rows.iloc[order]
    cells.insert(0, "No", np.arange(1, len(cells) + 1))
    body = new_body(cells, rows["pid"].map(w.people.set_index("pid")["nip"]).to_numpy())
    body = body.assign(
        _year=MONTHLY_YEAR,
        _period=f"Bulanan {month}",
        _opd=cells["skp_unor_induk"].to_numpy(),
        _predikat=rows["predikat"].to_numpy(),
        _acting=rows["acting"].to_numpy(),
        _jenis_pegawai=cells["jenis_pegawai"].to_numpy(),
    )
    pulled = (
        pd.Timestamp(MONTHLY_YEAR, month, 1)
        + pd.offsets.MonthBegin(1)
        + pd.Timedelta(days=9, hours=8, minutes=month)
    )
    ex = Export(
        path=f"ekinerja/bulanan/Laporan_Penilaian_SKP_{BULAN[month - 1]}_{MONTHLY_YEAR}.xlsx",
        kind="ekinerja_penilaian",
        fmt="xlsx",
        sheets=[],
        data_sheet="Sheet1",
        facts={"year": MONTHLY_YEAR, "period": f"Bulanan {month}", "month": month, "header_row": 8},
    )
    record(ex, body, body.index[body["hasil_akhir"].eq("-")], "hasil_akhir", "not_rated")
    _damage_ratings(ex, body, rng, 3, kurang_always=False)
    _damage_nips(ex, body, rng, apostrophe=1)
    ex.sheets.append(
        Sheet(
            "Sheet1",
            header=[list(cells.columns)],
            body=body,
            title=_title(MONTHLY_YEAR, f"Bulanan {month}", pulled.strftime("%Y-%m-%d %H:%M:%S")),
        )
    )
    return ex


def _documents(w: World, o: Outcomes, year: int, rng) -> Export:
    rows = o.skp[o.skp["year"] == year].reset_index(drop=True)
    cells, py = _cells(w, rows)
    docs = pd.DataFrame(
        {
            "nip": cells["nip"],
            "nama": cells["nama"],
            "jabatan": cells["skp_jabatan"],
            "unit": cells["skp_unor"],
            "jenis_pegawai": cells["jenis_pegawai"],
            "skp_status": rows["status"].to_numpy(),
            "skp_unor": cells["skp_unor"],
            "skp_unor_induk": cells["skp_unor_induk"],
            "periode_awal": fmt_date(rows["begin"], "iso").to_numpy(),
            "periode_akhir": fmt_date(rows["end"], "iso").to_numpy(),
            "is_plt_plh": cells["is_skp_plt_plh_pjb"],
        }
    )
    order = np.lexsort((docs["nip"].to_numpy(), docs["skp_unor_induk"].to_numpy()))
    docs, rows = docs.iloc[order], rows.iloc[order]
    body = new_body(docs, rows["pid"].map(w.people.set_index("pid")["nip"]).to_numpy())
    body = body.assign(
        _year=year,
        _opd=docs["skp_unor_induk"].to_numpy(),
        _status=rows["status"].to_numpy(),
        _acting=rows["acting"].to_numpy(),
        _segment=rows["segment"].to_numpy(),
        _begin=rows["begin"].to_numpy(),
    )
    ex = Export(
        path=f"ekinerja/Laporan_SKP_{year}.xlsx",
        kind="ekinerja_dokumen",
        fmt="xlsx",
        sheets=[],
        data_sheet="Laporan SKP",
        facts={"year": year, "header_row": 6},
    )
    _damage_nips(ex, body, rng, spaces=2)
    title = [
        [f"LAPORAN SKP TAHUN {year}"],
        ["PEMERINTAH KOTA KEDIRI"],
        ["Unor Induk : ALL"],
        [f"Data ditarik pada : {year + 1}-01-05 07:45:10"],
        [],
    ]
    ex.sheets.append(Sheet("Laporan SKP", header=[DOC_COLUMNS], body=body, title=title))
    return ex
