"""SIASN "Data ASN" roster downloads per year (CSV, 63 or 68 columns; one saved as xlsx)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .layout import NIP_DAMAGE, Export, Sheet, duplicate_rows, fmt_date, new_body, pick, record
from .outcomes import Outcomes
from .render import JENIS_JABATAN_SIASN, person_year
from .world import YEARS, World

COLUMNS_68 = [
    "PNS ID",
    "NIP BARU",
    "NIP LAMA",
    "NAMA",
    "GELAR DEPAN",
    "GELAR BELAKANG",
    "TEMPAT LAHIR ID",
    "TEMPAT LAHIR NAMA",
    "TANGGAL LAHIR",
    "JENIS KELAMIN",
    "AGAMA ID",
    "AGAMA NAMA",
    "JENIS KAWIN ID",
    "JENIS KAWIN NAMA",
    "NIK",
    "NOMOR HP",
    "EMAIL",
    "ALAMAT",
    "NPWP",
    "BPJS",
    "JENIS PEGAWAI ID",
    "JENIS PEGAWAI NAMA",
    "KEDUDUKAN HUKUM ID",
    "KEDUDUKAN HUKUM NAMA",
    "STATUS CPNS PNS",
    "KARTU ASN VIRTUAL",
    "NOMOR SK CPNS",
    "TANGGAL SK CPNS",
    "TMT CPNS",
    "NOMOR SK PNS",
    "TANGGAL SK PNS",
    "TMT PNS",
    "GOL AWAL ID",
    "GOL AWAL NAMA",
    "GOL AKHIR ID",
    "GOL AKHIR NAMA",
    "TMT GOLONGAN",
    "MK TAHUN",
    "MK BULAN",
    "JENIS JABATAN ID",
    "JENIS JABATAN NAMA",
    "JABATAN ID",
    "JABATAN NAMA",
    "TMT JABATAN",
    "TINGKAT PENDIDIKAN ID",
    "TINGKAT PENDIDIKAN NAMA",
    "PENDIDIKAN ID",
    "PENDIDIKAN NAMA",
    "TAHUN LULUS",
    "KPKN ID",
    "KPKN NAMA",
    "LOKASI KERJA ID",
    "LOKASI KERJA NAMA",
    "UNOR ID",
    "UNOR NAMA",
    "UNOR INDUK ID",
    "UNOR INDUK NAMA",
    "INSTANSI INDUK ID",
    "INSTANSI INDUK NAMA",
    "INSTANSI KERJA ID",
    "INSTANSI KERJA NAMA",
    "SATUAN KERJA INDUK ID",
    "SATUAN KERJA INDUK NAMA",
    "SATUAN KERJA KERJA ID",
    "SATUAN KERJA KERJA NAMA",
    "ESELON ID",
    "ESELON NAMA",
    "IS VALID NIK",
]
#: The older download (2019-2020) lacks these five columns.
ADDED_LATER = ["NOMOR HP", "EMAIL", "BPJS", "KARTU ASN VIRTUAL", "IS VALID NIK"]
COLUMNS_63 = [c for c in COLUMNS_68 if c not in ADDED_LATER]
PLACES = np.array(
    [
        "KEDIRI",
        "KOTA KEDIRI",
        "NGANJUK",
        "BLITAR",
        "TULUNGAGUNG",
        "JOMBANG",
        "MALANG",
        "SURABAYA",
        "TRENGGALEK",
        "MADIUN",
    ]
)
RELIGIONS = np.array([("1", "Islam")] * 17 + [("2", "Kristen"), ("3", "Katholik"), ("4", "Hindu")])
ESELON_ID = {"II.a": "21", "II.b": "22", "III.a": "31", "III.b": "32", "IV.a": "41", "": ""}
#: year -> (columns, format, delimiter, encoding)
VARIANTS = {
    2019: (COLUMNS_63, "csv", "|", "utf-8"),
    2020: (COLUMNS_63, "csv", ",", "cp1252"),
    2021: (COLUMNS_68, "csv", ",", "utf-8-sig"),
    2022: (COLUMNS_68, "xlsx", None, None),
    2023: (COLUMNS_68, "csv", ";", "utf-8"),
    2024: (COLUMNS_68, "csv", ",", "utf-8"),
}


def exports(w: World, o: Outcomes, rng: np.random.Generator) -> list[Export]:
    """One roster download per year, each with the quirks of its release."""
    return [_roster(w, year, rng) for year in YEARS]


def _hexid(rng, n: int) -> np.ndarray:
    a = rng.integers(0, 2**62, n, dtype=np.int64)
    b = rng.integers(0, 2**62, n, dtype=np.int64)
    return np.char.add(np.char.mod("%016X", a), np.char.mod("%016X", b))


#: how SIASN names the employee types: short in older downloads, long from 2024
JENIS_PEGAWAI_SHORT = {"PNS": "PNS", "PPPK": "PPPK", "PPPK Paruh Waktu": "PPPK PARUH WAKTU"}
JENIS_PEGAWAI_LONG = {
    "PNS": "PNS Daerah Kab./Kota yang bekerja pada Kab./Kota",
    "PPPK": "PPPK Daerah Kab./Kota yang bekerja pada Kab./Kota",
    "PPPK Paruh Waktu": "PPPK Paruh Waktu Daerah Kab./Kota",
}
#: kedudukan hukum as the download writes it (ids are the demo's own, not BKN's)
KEDUDUKAN_NAMA = {
    "Aktif": "Aktif",
    "CLTN": "CLTN",
    "Tugas Belajar": "Tugas Belajar",
    "Pemberhentian Sementara": "Pemberhentian Sementara",
    "Masa Persiapan Pensiun": "Masa Persiapan Pensiun",
    "DPK": "Diperbantukan (DPK)",
}
KEDUDUKAN_ID = {k: f"{i + 1:02d}" for i, k in enumerate(KEDUDUKAN_NAMA)}


def _roster(w: World, year: int, rng) -> Export:
    p = w.panel[w.panel["year"] == year].reset_index(drop=True)
    py = person_year(w, p)
    n = len(p)
    snap = pd.Timestamp(f"{year}-12-31")
    tmt_cpns = pd.to_datetime(py["tmt_cpns"])
    service = (snap - tmt_cpns).dt.days // 30.4375
    pns = py["jenis_pegawai"].eq("PNS").to_numpy()
    rel = RELIGIONS[rng.integers(0, len(RELIGIONS), n)]
    jj = py["jenis_jabatan"].map(JENIS_JABATAN_SIASN)
    nip_lama = np.where(
        tmt_cpns.dt.year.to_numpy() < 1999,
        np.char.add("5", np.char.mod("%08d", rng.integers(0, 10**8, n))),
        "",
    )
    cells = {
        "PNS ID": _hexid(rng, n),
        "NIP BARU": py["nip"],
        "NIP LAMA": nip_lama,
        "NAMA": py["nama"].str.upper() if year >= 2023 else py["nama"],
        "GELAR DEPAN": py["gelar_depan"],
        "GELAR BELAKANG": py["gelar_belakang"],
        "TEMPAT LAHIR ID": "",
        "TEMPAT LAHIR NAMA": PLACES[p["pid"].to_numpy() % len(PLACES)],
        "TANGGAL LAHIR": fmt_date(py["birth_date"], "dmy-"),
        "JENIS KELAMIN": np.where(py["sex"] == 1, "M", "F"),
        "AGAMA ID": rel[:, 0],
        "AGAMA NAMA": rel[:, 1],
        "JENIS KAWIN ID": "2",
        "JENIS KAWIN NAMA": "Menikah",
        "NIK": "",
        "NOMOR HP": "",
        "EMAIL": "",
        "ALAMAT": "",
        "NPWP": "",
        "BPJS": "",
        "JENIS PEGAWAI ID": py["jenis_pegawai"].map(
            {"PNS": "4", "PPPK": "71", "PPPK Paruh Waktu": "73"}
        ),
        "JENIS PEGAWAI NAMA": py["jenis_pegawai"].map(
            JENIS_PEGAWAI_LONG if year >= 2024 else JENIS_PEGAWAI_SHORT
        ),
        "KEDUDUKAN HUKUM ID": p["kedudukan"].map(KEDUDUKAN_ID).to_numpy(),
        "KEDUDUKAN HUKUM NAMA": p["kedudukan"].map(KEDUDUKAN_NAMA).to_numpy(),
        "STATUS CPNS PNS": np.where(
            pns & (tmt_cpns.dt.year.to_numpy() == year), "C", np.where(pns, "P", "")
        ),
        "KARTU ASN VIRTUAL": "",
        "NOMOR SK CPNS": "",
        "TANGGAL SK CPNS": fmt_date(tmt_cpns - pd.Timedelta(days=20), "dmy-"),
        "TMT CPNS": fmt_date(tmt_cpns, "dmy-"),
        "NOMOR SK PNS": "",
        "TANGGAL SK PNS": np.where(pns, fmt_date(tmt_cpns + pd.DateOffset(years=1), "dmy-"), ""),
        "TMT PNS": np.where(pns, fmt_date(tmt_cpns + pd.DateOffset(years=1), "dmy-"), ""),
        "GOL AWAL ID": "",
        "GOL AWAL NAMA": "",
        "GOL AKHIR ID": np.where(py["golongan_id"] > 0, py["golongan_id"].astype(str), ""),
        "GOL AKHIR NAMA": py["golongan"],
        "TMT GOLONGAN": np.where(pns, fmt_date(p["tmt_gol"], "dmy-"), ""),
        "MK TAHUN": (service // 12).astype(int).astype(str),
        "MK BULAN": (service % 12).astype(int).astype(str),
        "JENIS JABATAN ID": jj.str[0].astype(str),
        "JENIS JABATAN NAMA": jj.str[1],
        "JABATAN ID": np.char.mod("%08X", p["job_id"].to_numpy() * 7919 + 1_000_003),
        "JABATAN NAMA": py["jabatan"],
        "TMT JABATAN": fmt_date(p["tmt_jab"], "dmy-"),
        "TINGKAT PENDIDIKAN ID": np.char.mod("%02d", py["edu_id"].to_numpy()),
        "TINGKAT PENDIDIKAN NAMA": py["edu_nama"],
        "PENDIDIKAN ID": "",
        "PENDIDIKAN NAMA": py["pendidikan"],
        "TAHUN LULUS": py["tahun_lulus"].astype(str),
        "KPKN ID": "",
        "KPKN NAMA": "KPPN KEDIRI",
        "LOKASI KERJA ID": "",
        "LOKASI KERJA NAMA": "KOTA KEDIRI",
        "UNOR ID": np.char.mod("%08X", p["unit_id"].to_numpy() * 104_729 + 77),
        "UNOR NAMA": py["unit"],
        "UNOR INDUK ID": np.char.mod("%08X", p["opd_id"].to_numpy() * 15_485_863 + 3),
        "UNOR INDUK NAMA": py["opd"],
        "INSTANSI INDUK ID": "A5EB03E23CFAF6A0E040640A040252AD",
        "INSTANSI INDUK NAMA": "Pemerintah Kota Kediri",
        "INSTANSI KERJA ID": "A5EB03E23CFAF6A0E040640A040252AD",
        "INSTANSI KERJA NAMA": "Pemerintah Kota Kediri",
        "SATUAN KERJA INDUK ID": "",
        "SATUAN KERJA INDUK NAMA": "PEMERINTAH KOTA KEDIRI",
        "SATUAN KERJA KERJA ID": "",
        "SATUAN KERJA KERJA NAMA": py["opd"].str.upper(),
        "ESELON ID": py["eselon"].map(ESELON_ID),
        "ESELON NAMA": py["eselon"],
        "IS VALID NIK": "",
    }
    columns, fmt, sep, enc = VARIANTS[year]
    frame = pd.DataFrame(
        {
            c: (np.full(n, v, dtype=object) if isinstance(v, str) else np.asarray(v, dtype=object))
            for c, v in cells.items()
        }
    )[columns]
    frame = frame.sort_values(["UNOR INDUK NAMA", "NIP BARU"], kind="stable")
    body = new_body(frame, frame["NIP BARU"].to_numpy())
    body = body.assign(
        _year=year,
        _opd=frame["UNOR INDUK NAMA"].to_numpy(),
        _jenis_pegawai=py["jenis_pegawai"].to_numpy()[frame.index],
    )
    name = f"siasn/Data_ASN_Kota_Kediri_{year}." + ("xlsx" if fmt == "xlsx" else "csv")
    ex = Export(
        path=name,
        kind="siasn_roster",
        fmt=fmt,
        sheets=[],
        data_sheet="Data ASN",
        sep=sep or ",",
        encoding=enc or "utf-8",
        newline="\r\n" if year in (2020, 2021) else "\n",
        facts={
            "year": year,
            "columns": len(columns),
            "delimiter": sep,
            "encoding": enc,
            "header_row": 1,
            "date_format": "dd-mm-yyyy",
        },
    )
    body = _damage(ex, body, year, rng)
    ex.sheets.append(Sheet("Data ASN", header=[columns], body=body))
    return ex


def _damage(ex: Export, body: pd.DataFrame, year: int, rng) -> pd.DataFrame:
    plan = {
        2019: {"nip_spaces": 2, "birthdate_mismatch": 1},
        2020: {"nip_17_digits": 1, "golongan_case": 6},
        2021: {"nip_apostrophe": 5, "duplicate_row": 2},
        2022: {"nip_as_number": 3, "nip_spaces": 1},
        2023: {"nip_as_number": 4, "birthdate_mismatch": 2},
        2024: {"nip_apostrophe": 3, "golongan_case": 10, "nip_17_digits": 1},
    }[year]
    pns = body["_jenis_pegawai"].eq("PNS")
    for kind, k in plan.items():
        if kind == "duplicate_row":
            continue
        labels = pick(rng, body, k, pns)
        col = {"birthdate_mismatch": "TANGGAL LAHIR", "golongan_case": "GOL AKHIR NAMA"}.get(
            kind, "NIP BARU"
        )
        for lab in labels:
            v = body.at[lab, col]
            body.at[lab, col] = {
                **NIP_DAMAGE,
                # day and month swapped: a classic typing slip, the NIP keeps the true date
                "birthdate_mismatch": lambda d: (
                    f"{d[3:5]}-{d[:2]}-{d[6:]}"
                    if int(d[:2]) <= 12 and d[:2] != d[3:5]
                    else f"{int(d[:2]) % 28 + 1:02d}{d[2:]}"
                ),
                "golongan_case": lambda g: g.upper(),
            }[kind](v)
        record(ex, body, labels, col, kind)
    if "duplicate_row" in plan:  # the same person pasted twice when merging two downloads
        body, copies = duplicate_rows(body, pick(rng, body, plan["duplicate_row"], pns))
        record(ex, body, copies, "NIP BARU", "duplicate_row")
    return body
