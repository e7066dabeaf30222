"""The same people written in the layouts agencies' exports really have: header wording, case,
depth and position, column order, extra columns, stacked cells, group headings per unit, a row
of column numbers, headers repeated per page, totals and signature blocks, cover sheets, xlsx,
xls and csv. The layout tests render every class and random mixes of them, and assert that
each loads to the same canonical table with the same rejected rows as the plain layout.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field, replace
from pathlib import Path

import xlsxwriter
import xlwt

from .outcomes import COMPETENCIES

YEAR = 2024
OPDS = [
    "Dinas Kesehatan",
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "Kecamatan Mojoroto",
]
NAMES = [
    "Siti Rahayu",
    "Budi Santoso",
    "Dewi Lestari",
    "Agus Wijaya",
    "Rina Kurniawati",
    "Eko Prasetyo",
    "Sri Wahyuni",
    "Hadi Susanto",
    "Nur Aini",
    "Joko Purnomo",
    "Lina Marlina",
    "Teguh Riyadi",
]
JABATAN = [
    "Analis Sumber Daya Manusia Aparatur Ahli Pertama",
    "Kepala Bidang Pelayanan",
    "Pengolah Data",
    "Perawat Ahli Muda",
    "Sekretaris",
    "Camat",
]
ESELON = ["", "III.b", "", "", "III.a", "III.a"]
GOL = ["III/a", "III/d", "II/c", "III/c", "IV/a", "IV/b"]
RATINGS = ["Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi"]
PREDIKAT = {
    ("Di Atas Ekspektasi", "Di Atas Ekspektasi"): "Sangat Baik",
    ("Di Atas Ekspektasi", "Sesuai Ekspektasi"): "Baik",
    ("Sesuai Ekspektasi", "Sesuai Ekspektasi"): "Baik",
    ("Sesuai Ekspektasi", "Di Atas Ekspektasi"): "Baik",
    ("Di Bawah Ekspektasi", "Sesuai Ekspektasi"): "Butuh Perbaikan",
    ("Sesuai Ekspektasi", "Di Bawah Ekspektasi"): "Kurang/Misconduct",
}
COMP_SPELLINGS = {
    "Kerja Sama": ["KERJASAMA", "Kerjasama", "KERJA SAMA"],
    "Pengembangan Diri dan Orang Lain": [
        "PENGEMBANGAN DIRI & ORANG LAIN",
        "Pengembangan Diri dan Orang Lain",
    ],
    "Orientasi pada Hasil": ["ORIENTASI PADA HASIL", "Orientasi Pada Hasil"],
}
#: rows of every table whose NIP is damaged, and how: the loader must reject them
DAMAGED = {3: "number", 8: "short"}
SIGNATURE = [
    ["Kediri, 31 Desember 2024"],
    ["Kepala Badan Kepegawaian dan Pengembangan SDM"],
    [],
    ["Drs. HARTONO, M.Si."],
    ["Pembina Utama Muda"],
    ["NIP. 19700101 199003 1 001"],
]


def nip_of(i: int) -> str:
    """A valid 18-digit PNS NIP for person ``i`` (birth date, TMT CPNS, sex, serial)."""
    birth = f"{1965 + i * 2}{(i % 12) + 1:02d}{(i * 3 % 27) + 1:02d}"
    tmt = f"{1990 + i * 2}{(i % 11) + 1:02d}"
    return f"{birth}{tmt}{1 + i % 2}{i + 1:03d}"


@dataclass
class Field:
    """One column of a table: its concept, a value per person, the spellings of its header
    (the first is the plain layout's) and, for two-row headers, a parent and child names."""

    concept: str
    values: list
    names: list[str]
    parent: str | None = None
    child: list[str] | None = None


@dataclass
class Table:
    """What one export holds, before a layout is chosen."""

    kind: str
    fields: list[Field]
    title: list[str]
    stacks: list[tuple[list[str], list[str]]] = field(default_factory=list)
    # (concepts that may share one cell, header spellings of the stacked cell)
    unit: str | None = "opd"  # the concept a group-heading layout moves into heading rows
    standard: list | None = None  # a "LEVEL STANDAR" row under the header (one per field)
    sheets: list[tuple[str, list[int]]] | None = None  # (sheet name, people) per sheet
    footers: bool = True
    year: int = YEAR


@dataclass
class Style:
    """One layout. The default is the plain layout every variant must load the same as."""

    fmt: str = "xlsx"
    title_rows: int = 99  # title lines written (all of them by default)
    blank_after_title: bool = True
    names: dict[str, int] = field(default_factory=dict)  # concept -> spelling index
    case: str = "as is"  # as is | upper | lower | title
    order_seed: int | None = None  # shuffle the columns
    extra_columns: int = 0
    two_row: bool = False
    numbers_row: bool = False
    page_rows: int | None = None  # repeat the header every n data rows
    footer: str | None = None  # total | total+signature | signature
    stacked: bool = False
    groups: bool = False
    blank_rows: tuple[int, ...] = ()  # a blank row before these people
    cover_sheet: bool = False
    delimiter: str = ","
    nip_form: str = "plain"  # plain | spaces | apostrophe
    header_lines: bool = False  # long header names wrapped on two lines in the cell
    group_form: str = "plain"  # plain | prefixed | numbered (a group heading's text)


# --------------------------------------------------------------------------- the tables


def _nips(n: int, fmt_number: bool) -> list:
    out = []
    for i in range(n):
        nip = nip_of(i)
        if DAMAGED.get(i) == "number":
            out.append(float(f"{float(nip):.14e}") if fmt_number else f"{float(nip):.14E}")
        elif DAMAGED.get(i) == "short":
            out.append(nip[:9] + nip[10:])
        else:
            out.append(nip)
    return out


def _people(n: int = 12) -> dict[str, list]:
    return {
        "nama": [NAMES[i % len(NAMES)] for i in range(n)],
        "jabatan": [JABATAN[i % len(JABATAN)] for i in range(n)],
        "eselon": [ESELON[i % len(ESELON)] for i in range(n)],
        "golongan": [GOL[i % len(GOL)] for i in range(n)],
        "opd": [OPDS[min(i // 4, len(OPDS) - 1)] for i in range(n)],
    }


def ekinerja(n: int = 12) -> Table:
    """An e-Kinerja "Laporan Penilaian SKP" (annual)."""
    p = _people(n)
    pairs = list(PREDIKAT)
    hk = [pairs[i % len(pairs)][0] if i != 5 else "-" for i in range(n)]
    pk = [pairs[i % len(pairs)][1] if i != 5 else "-" for i in range(n)]
    pred = [PREDIKAT[(a, b)] if a != "-" else "-" for a, b in zip(hk, pk, strict=True)]
    return Table(
        "ekinerja_penilaian",
        [
            Field("no", list(range(1, n + 1)), ["No", "NO", "No."]),
            Field("nip", [], ["nip", "NIP", "NIP Pegawai", "nip_baru"]),
            Field("nama", p["nama"], ["nama", "Nama", "Nama Pegawai"]),
            Field("unit", [f"Bidang {x.split()[-1]}" for x in p["opd"]], ["skp_unor", "Unor"]),
            Field("opd", p["opd"], ["skp_unor_induk", "Unor Induk", "SKP Unor Induk"]),
            Field("jabatan", p["jabatan"], ["skp_jabatan", "Jabatan"]),
            Field("hasil_kerja", hk, ["hasil_kerja", "Rating Hasil Kerja", "Hasil Kerja"]),
            Field(
                "perilaku_kerja", pk, ["perilaku_kerja", "Rating Perilaku Kerja", "Perilaku Kerja"]
            ),
            Field("hasil_akhir", pred, ["hasil_akhir", "Predikat Kinerja", "Hasil Akhir"]),
            Field("golongan", p["golongan"], ["golru", "Golongan", "Gol/Ruang"]),
            Field("jenis_pegawai", ["PNS"] * n, ["jenis_pegawai", "Jenis Pegawai"]),
            Field("acting", [0] * n, ["is_skp_plt_plh_pjb", "Plt/Plh"]),
        ],
        [
            f"LAPORAN PENILAIAN SKP TAHUN {YEAR}",
            "PEMERINTAH KOTA KEDIRI",
            "Periode : Tahunan",
            "Unor Induk : ALL",
            "Unor : ALL",
            "Data ditarik pada : 14-01-2025 09:12",
        ],
        unit=None,
    )


def legacy(n: int = 12, year: int = 2019) -> Table:
    """A legacy SKP recap (PP 46/2011): nilai SKP, perilaku, prestasi kerja and sebutan."""
    p = _people(n)
    skp = [round(76 + (i * 7.37) % 20, 2) for i in range(n)]
    per = [round(75 + (i * 5.11) % 22, 2) for i in range(n)]
    tot = [round(0.6 * a + 0.4 * b, 2) for a, b in zip(skp, per, strict=True)]
    seb = ["Sangat Baik" if v >= 91 else "Baik" if v >= 76 else "Cukup" for v in tot]
    return Table(
        "legacy_skp",
        [
            Field("no", list(range(1, n + 1)), ["NO", "No.", "NO URUT"]),
            Field("nip", [], ["NIP", "NIP BARU", "NIP Pegawai"]),
            Field("nama", p["nama"], ["NAMA", "Nama Pegawai", "NAMA LENGKAP"]),
            Field("jabatan", p["jabatan"], ["JABATAN", "Nama Jabatan"]),
            Field("opd", p["opd"], ["UNIT KERJA", "Perangkat Daerah", "OPD"]),
            Field(
                "nilai_skp",
                skp,
                ["NILAI SKP", "Nilai SKP (60%)", "Nilai Capaian SKP"],
                "NILAI",
                ["SKP", "SKP (60%)"],
            ),
            Field(
                "nilai_perilaku",
                per,
                ["NILAI PERILAKU KERJA", "Nilai Perilaku (40%)", "Perilaku Kerja"],
                "NILAI",
                ["PERILAKU KERJA", "PERILAKU"],
            ),
            Field(
                "nilai",
                tot,
                ["NILAI PRESTASI KERJA", "Nilai Akhir", "Prestasi Kerja"],
                "NILAI",
                ["PRESTASI KERJA", "JUMLAH NILAI"],
            ),
            Field("sebutan", seb, ["SEBUTAN", "Kategori", "Sebutan Nilai"]),
        ],
        [
            "REKAPITULASI NILAI PRESTASI KERJA PEGAWAI NEGERI SIPIL",
            "PEMERINTAH KOTA KEDIRI",
            f"TAHUN {year}",
            "Dasar: PP Nomor 46 Tahun 2011 (60% SKP + 40% Perilaku Kerja)",
        ],
        unit=None,
        year=year,
    )


def duk(n: int = 12) -> Table:
    """A SIMPEG DUK / daftar nominatif of PNS."""
    p = _people(n)
    tmt_gol = [f"01-04-{2010 + i}" for i in range(n)]
    tmt_jab = [f"0{1 + i % 9}-0{1 + i % 9}-{2015 + i % 8}" for i in range(n)]
    edu = ["S-1", "S-2", "D-III", "S-1", "S-2", "SLTA"]
    return Table(
        "simpeg_duk",
        [
            Field("no", list(range(1, n + 1)), ["NO", "No.", "NO URUT"]),
            Field("nama", p["nama"], ["NAMA", "Nama Pegawai", "NAMA LENGKAP"]),
            Field("nip", [], ["NIP", "NIP BARU", "N I P"]),
            Field(
                "golongan",
                p["golongan"],
                ["GOL/RUANG", "Gol. Ruang", "PANGKAT/GOL"],
                "PANGKAT",
                ["GOL/RUANG", "GOL"],
            ),
            Field(
                "tmt_golongan",
                tmt_gol,
                ["TMT PANGKAT", "TMT Gol", "TMT GOLONGAN"],
                "PANGKAT",
                ["TMT"],
            ),
            Field("jabatan", p["jabatan"], ["JABATAN", "Nama Jabatan"], "JABATAN", ["NAMA"]),
            Field("eselon", p["eselon"], ["ESELON", "Eselon"], "JABATAN", ["ESELON"]),
            Field("tmt_jabatan", tmt_jab, ["TMT JABATAN", "TMT Jabatan"], "JABATAN", ["TMT"]),
            Field(
                "education_level",
                [edu[i % len(edu)] for i in range(n)],
                ["TINGKAT PENDIDIKAN", "Jenjang Pendidikan"],
                "PENDIDIKAN",
                ["TINGKAT"],
            ),
            Field("opd", p["opd"], ["UNIT KERJA", "Unit Kerja", "SKPD"]),
        ],
        [
            "DAFTAR URUT KEPANGKATAN PEGAWAI NEGERI SIPIL",
            "PEMERINTAH KOTA KEDIRI",
            f"KEADAAN PER 31 DESEMBER {YEAR}",
        ],
        stacks=[
            (["nama", "nip"], ["NAMA\nNIP", "NAMA / NIP"]),
            (["golongan", "tmt_golongan"], ["GOL. RUANG\nTMT PANGKAT"]),
            (["jabatan", "eselon", "tmt_jabatan"], ["JABATAN\nESELON\nTMT JABATAN"]),
        ],
    )


def competency_people(n: int = 12) -> tuple[list[list[int]], list[list[int]]]:
    """Required and assessed levels per person and competency (required by position level)."""
    req = [[3 + (i % 2)] * len(COMPETENCIES) for i in range(n)]
    ass = [
        [max(1, min(5, r + ((i + k) % 3) - 1)) for k, r in enumerate(rr)]
        for i, rr in enumerate(req)
    ]
    return req, ass


def _jpm(req: list[int], ass: list[int]) -> float:
    return round(sum(ass) / sum(req) * 100, 2)


def competency(n: int = 12, shape: str = "paired") -> Table:
    """An assessment recap, one row per person: ``paired`` (a STD and an IND column per
    competency), ``standard_row`` (levels only, the required levels in a row under the
    header), ``sheets`` (one sheet per required level, "Standar Level 4")."""
    p = _people(n)
    req, ass = competency_people(n)
    if shape == "standard_row":  # one required level per competency for everyone
        req = [[3] * len(COMPETENCIES) for _ in range(n)]
    jpm = [_jpm(r, a) for r, a in zip(req, ass, strict=True)]
    kat = ["Optimal" if v >= 90 else "Cukup Optimal" if v >= 78 else "Kurang Optimal" for v in jpm]
    fields = [
        Field("no", list(range(1, n + 1)), ["NO", "No.", "NO URUT"]),
        Field("nip", [], ["NIP", "NIP BARU", "NIP Pegawai"]),
        Field("nama", p["nama"], ["NAMA", "Nama Pegawai", "NAMA LENGKAP"]),
        Field("jabatan", p["jabatan"], ["JABATAN", "Nama Jabatan"]),
        Field("opd", p["opd"], ["UNIT KERJA", "Perangkat Daerah"]),
        Field("jenis_asesmen", ["Pemetaan"] * n, ["JENIS ASESMEN", "Tujuan Asesmen"]),
        Field(
            "tanggal",
            [f"{10 + i % 9} Mei {YEAR}" for i in range(n)],
            ["TANGGAL ASESMEN", "Tgl Pelaksanaan"],
        ),
    ]
    for k, c in enumerate(COMPETENCIES):
        spell = [c.upper(), *COMP_SPELLINGS.get(c, []), c]
        if shape == "paired":
            fields.append(
                Field(
                    f"std_{k}",
                    [r[k] for r in req],
                    [f"{s} STD" for s in spell[:1]] + [f"{c} (Std)", f"{c} Standar"],
                    spell[0],
                    ["STD", "STANDAR", "Level Standar"],
                )
            )
        fields.append(
            Field(
                f"lvl_{k}",
                [a[k] for a in ass],
                (
                    spell
                    if shape != "paired"
                    else [f"{s} IND" for s in spell[:1]] + [f"{c} (Ind)", f"{c} Capaian"]
                ),
                spell[0] if shape == "paired" else None,
                ["IND", "CAPAIAN", "Level Individu"] if shape == "paired" else None,
            )
        )
    fields += [
        Field("jpm", jpm, ["JPM (%)", "JPM", "Nilai JPM"]),
        Field("kategori", kat, ["KATEGORI", "Kategori JPM"]),
    ]
    t = Table(
        "competency_wide",
        fields,
        ["REKAPITULASI HASIL PENILAIAN KOMPETENSI", f"PEMERINTAH KOTA KEDIRI TAHUN {YEAR}"],
        unit=None,
    )
    if shape == "standard_row":
        t.standard = [None] * len(fields)
        for j, f in enumerate(fields):
            if f.concept.startswith("lvl_"):
                t.standard[j] = 3
    if shape == "sheets":
        levels = sorted({r[0] for r in req})
        t.sheets = [
            (f"Standar Level {lv}", [i for i in range(n) if req[i][0] == lv]) for lv in levels
        ]
    return t


def competency_long(n: int = 6) -> Table:
    """An assessment recap with one row per person and competency."""
    p = _people(n)
    req, ass = competency_people(n)
    rows = [(i, k) for i in range(n) for k in range(len(COMPETENCIES))]
    comp = [COMP_SPELLINGS.get(COMPETENCIES[k], [COMPETENCIES[k]])[0] for _, k in rows]
    return Table(
        "competency_long",
        [
            Field("no", list(range(1, len(rows) + 1)), ["NO", "No."]),
            Field("nip", [], ["NIP", "NIP BARU"]),
            Field("nama", [p["nama"][i] for i, _ in rows], ["NAMA", "Nama Pegawai"]),
            Field("opd", [p["opd"][i] for i, _ in rows], ["UNIT KERJA", "OPD"]),
            Field("tanggal", [f"12-05-{YEAR}"] * len(rows), ["TANGGAL ASESMEN", "Tgl Asesmen"]),
            Field("kompetensi", comp, ["KOMPETENSI", "Nama Kompetensi"]),
            Field(
                "required",
                [req[i][k] for i, k in rows],
                ["LEVEL STANDAR", "Standar", "Level yang Dipersyaratkan"],
            ),
            Field(
                "assessed",
                [ass[i][k] for i, k in rows],
                ["LEVEL INDIVIDU", "Capaian", "Level yang Dimiliki"],
            ),
            Field("gap", [ass[i][k] - req[i][k] for i, k in rows], ["GAP", "Selisih"]),
        ],
        [f"HASIL PENILAIAN KOMPETENSI PER KOMPETENSI TAHUN {YEAR}"],
        unit=None,
        footers=True,
    )


def training(n: int = 12) -> Table:
    """A training history (one row per training event)."""
    p = _people(n)
    return Table(
        "training",
        [
            Field("no", list(range(1, n + 1)), ["NO", "No."]),
            Field("nip", [], ["NIP", "NIP BARU"]),
            Field("nama", p["nama"], ["NAMA", "Nama Pegawai"]),
            Field("opd", p["opd"], ["UNIT KERJA", "Perangkat Daerah"]),
            Field(
                "pelatihan",
                [f"Pelatihan Teknis {i}" for i in range(n)],
                ["NAMA PELATIHAN", "Nama Diklat", "Judul Pelatihan"],
            ),
            Field("jenis", ["Teknis"] * n, ["JENIS PELATIHAN", "Jenis Diklat"]),
            Field(
                "selesai",
                [f"{1 + i}-0{1 + i % 9}-{YEAR}" for i in range(n)],
                ["TANGGAL SELESAI", "Tgl Selesai"],
            ),
            Field("jp", [8 * (1 + i % 5) for i in range(n)], ["JUMLAH JP", "JP", "Jam Pelajaran"]),
        ],
        ["RIWAYAT PELATIHAN ASN", f"TAHUN {YEAR}"],
        unit=None,
    )


def nominations(n: int = 9) -> Table:
    """An ASN Award nomination list."""
    p = _people(n)
    cats = ["ASN Berkinerja", "ASN Berprestasi", "ASN Berinovasi"]
    return Table(
        "asn_award_nominations",
        [
            Field("no", list(range(1, n + 1)), ["NO", "No."]),
            Field("opd", p["opd"], ["PERANGKAT DAERAH", "OPD", "Unit Kerja"]),
            Field("kategori", [cats[i % 3] for i in range(n)], ["KATEGORI", "Kategori Usulan"]),
            Field("nip", [], ["NIP", "NIP BARU"]),
            Field("nama", p["nama"], ["NAMA", "Nama Pegawai"]),
            Field("jabatan", p["jabatan"], ["JABATAN", "Nama Jabatan"]),
            Field(
                "uraian", [f"Inovasi layanan {i}" for i in range(n)], ["URAIAN", "Uraian Prestasi"]
            ),
            Field("rekomendasi", ["Ya"] * n, ["REKOMENDASI KEPALA OPD", "Rekomendasi"]),
        ],
        [f"USULAN ASN AWARD TAHUN {YEAR}", "PEMERINTAH KOTA KEDIRI"],
        unit=None,
    )


def siasn(n: int = 12) -> Table:
    """A SIASN "Data ASN" download (the columns the loader reads and a few others)."""
    p = _people(n)
    return Table(
        "siasn_roster",
        [
            Field("pns_id", [f"{i:032X}" for i in range(n)], ["PNS ID"]),
            Field("nip", [], ["NIP BARU"]),
            Field("nama", p["nama"], ["NAMA"]),
            Field(
                "birth_date",
                [f"{nip_of(i)[6:8]}-{nip_of(i)[4:6]}-{nip_of(i)[:4]}" for i in range(n)],
                ["TANGGAL LAHIR"],
            ),
            Field("jenis_pegawai", ["PNS"] * n, ["JENIS PEGAWAI NAMA"]),
            Field("golongan", p["golongan"], ["GOL AKHIR NAMA"]),
            Field("jenis_jabatan", ["Fungsional Tertentu"] * n, ["JENIS JABATAN NAMA"]),
            Field("jabatan", p["jabatan"], ["JABATAN NAMA"]),
            Field("education_id", ["40"] * n, ["TINGKAT PENDIDIKAN ID"]),
            Field("unit", ["Sekretariat"] * n, ["UNOR NAMA"]),
            Field("opd", p["opd"], ["UNOR INDUK NAMA"]),
        ],
        [],
        unit=None,
        footers=False,
    )


TABLES = {
    "ekinerja_penilaian": ekinerja,
    "legacy_skp": legacy,
    "simpeg_duk": duk,
    "competency_wide": competency,
    "competency_long": competency_long,
    "training": training,
    "asn_award_nominations": nominations,
    "siasn_roster": siasn,
}

#: named layout classes: each must load to what the plain layout loads
CLASSES: dict[str, tuple[str, dict, Style]] = {
    "ekinerja_signature_footer": ("ekinerja_penilaian", {}, Style(footer="total+signature")),
    "ekinerja_title_case_csv": (
        "ekinerja_penilaian",
        {},
        Style(
            fmt="csv",
            names={"nama": 1, "opd": 1, "hasil_kerja": 1, "perilaku_kerja": 1, "hasil_akhir": 1},
            case="title",
            delimiter=";",
        ),
    ),
    "legacy_one_row_xls": ("legacy_skp", {}, Style(fmt="xls")),
    "legacy_two_row_weights": ("legacy_skp", {}, Style(two_row=True, names={"nilai_skp": 1})),
    "legacy_decimal_comma_csv": ("legacy_skp", {}, Style(fmt="csv", delimiter=";")),
    "duk_stacked_two_row_numbers_pages": (
        "simpeg_duk",
        {},
        Style(fmt="xls", stacked=True, two_row=True, numbers_row=True, page_rows=5),
    ),
    "nominatif_group_headings": ("simpeg_duk", {}, Style(groups=True, footer="signature")),
    "nominatif_one_row_csv": ("simpeg_duk", {}, Style(fmt="csv", names={"nama": 1, "nip": 1})),
    "competency_paired_two_row": ("competency_wide", {"shape": "paired"}, Style(two_row=True)),
    "competency_paired_suffix": (
        "competency_wide",
        {"shape": "paired"},
        Style(names={f"{p}_{k}": 1 for p in ("std", "lvl") for k in range(9)}),
    ),
    "competency_standard_row": ("competency_wide", {"shape": "standard_row"}, Style()),
    "competency_sheet_per_standard": ("competency_wide", {"shape": "sheets"}, Style()),
    "competency_long": ("competency_long", {}, Style(names={"required": 2, "assessed": 2})),
    "training_csv_pages": ("training", {}, Style(fmt="csv", page_rows=4)),
    "nominations_cover_sheet": ("asn_award_nominations", {}, Style(cover_sheet=True)),
    "siasn_pipe_csv": (
        "siasn_roster",
        {},
        Style(fmt="csv", delimiter="|", blank_after_title=False),
    ),
}


# --------------------------------------------------------------------------- rendering

GROUP_FORMS = {"plain": "{unit}", "prefixed": "UNIT KERJA : {unit}", "numbered": "{n}. {unit}"}


def _case(text: str, case: str) -> str:
    if case == "upper":
        return text.upper()
    if case == "lower":
        return text.lower()
    if case == "title":
        return text.title()
    return text


def _nip_text(v, form: str):
    if not isinstance(v, str) or len(v) != 18:
        return v
    if form == "spaces":
        return f"{v[:8]} {v[8:14]} {v[14]} {v[15:]}"
    if form == "apostrophe":
        return "'" + v
    return v


@dataclass
class Rendered:
    """Where the data rows of a rendered file went: (sheet, spreadsheet row) per person."""

    path: Path
    rows: list[tuple[str | None, int]]


def render(table: Table, style: Style, path: Path) -> Rendered:
    """Write ``table`` in layout ``style`` to ``path`` (its suffix is set by the format)."""
    rng = random.Random(style.order_seed)
    fields = [replace(f) for f in table.fields]
    n = max(len(f.values) for f in fields)
    nip = _nips(n, fmt_number=style.fmt != "csv")
    for f in fields:
        if f.concept == "nip":
            f.values = [_nip_text(v, style.nip_form) for v in nip]
    # columns: stacked groups become one column; a group-heading layout drops the unit
    cols: list[tuple[str, list[Field], str | None]] = []  # (header, fields, parent)
    stacked = {c: st for st in table.stacks for c in st[0]} if style.stacked else {}
    done: set[str] = set()
    for f in fields:
        if f.concept in done or (style.groups and f.concept == "opd"):
            continue
        if f.concept in stacked:
            concepts, names = stacked[f.concept]
            members = [g for g in fields if g.concept in concepts]
            cols.append((names[style.names.get("stack", 0) % len(names)], members, None))
            done.update(concepts)
            continue
        i = style.names.get(f.concept, 0)
        parent = f.parent if style.two_row and f.parent else None
        name = f.child[i % len(f.child)] if parent else f.names[i % len(f.names)]
        if style.header_lines and len(name) > 12 and " " in name and not parent:
            cut = (
                name.index(" ", len(name) // 2 - 2)
                if " " in name[len(name) // 2 - 2 :]
                else name.index(" ")
            )
            name = name[:cut] + "\n" + name[cut + 1 :]
        cols.append((_case(name, style.case), [f], _case(parent, style.case) if parent else None))
        done.add(f.concept)
    if style.order_seed is not None:
        # keep the number column first and children of one parent together
        head, rest = cols[:1], cols[1:]
        blocks: list[list] = []
        for c in rest:
            if c[2] and blocks and blocks[-1][0][2] == c[2]:
                blocks[-1].append(c)
            else:
                blocks.append([c])
        rng.shuffle(blocks)
        cols = head + [c for b in blocks for c in b]
    for k in range(style.extra_columns):
        cols.insert(
            min(len(cols), 2 + 3 * k), (_case(f"Keterangan Lain {k + 1}", style.case), [], None)
        )
    width = len(cols)

    def cell(col, i):
        _, fs, _ = col
        if not fs:
            return ""
        if len(fs) == 1:
            v = fs[0].values[i]
            return (
                _decimal(v)
                if style.fmt == "csv" and isinstance(v, float) and fs[0].concept not in ("nip",)
                else v
            )
        parts = []
        for f in fs:
            v = f.values[i]
            if isinstance(v, float) and f.concept == "nip":
                v = f"{v:.14E}"
            parts.append("" if v is None else str(v))
        return "\n".join(parts)

    top = [c[2] or c[0] for c in cols]
    sub = [c[0] if c[2] else "" for c in cols]
    header = [top, sub] if style.two_row and any(sub) else [top]
    merges = []
    if len(header) == 2:
        c = 0
        while c < width:
            if cols[c][2]:
                e = c
                while e + 1 < width and cols[e + 1][2] == cols[c][2]:
                    e += 1
                if e > c:
                    merges.append((1, c, 1, e, cols[c][2]))  # row offsets fixed below
                c = e + 1
            else:
                merges.append((1, c, 2, c, cols[c][0]))
                c += 1
        for j, cc in enumerate(cols):  # the parent written once, over its children
            if cc[2] and j > 0 and cols[j - 1][2] == cc[2]:
                top[j] = ""
    if style.numbers_row:
        header.append([float(i + 1) for i in range(width)])
    if table.standard is not None:
        std = ["LEVEL STANDAR"] + [""] * (width - 1)
        for j, (_, fs, _) in enumerate(cols):
            if len(fs) == 1 and fs[0].concept.startswith("lvl_"):
                std[j] = float(
                    table.standard[
                        table.fields.index(
                            next(f for f in table.fields if f.concept == fs[0].concept)
                        )
                    ]
                )
        header.append(std)
    page_header = header[:-1] if table.standard is not None else header
    title = [[t] for t in table.title[: style.title_rows]]
    if title and style.blank_after_title:
        title.append([])
    people = table.sheets or [(None, list(range(n)))]
    sheets: list[tuple[str, list[list], list]] = []
    where: list[tuple[str | None, int]] = [(None, 0)] * n
    for sheet_name, members in people:
        rows = [list(t) for t in title] + [list(h) for h in header]
        sheet = sheet_name or "Data"
        units = [next((f.values[i] for f in fields if f.concept == "opd"), "") for i in members]
        last_unit = None
        for k, i in enumerate(members):
            if style.groups and units[k] != last_unit:
                rows.append(
                    [GROUP_FORMS[style.group_form].format(unit=units[k], n=len({*units[: k + 1]}))]
                    + [""] * (width - 1)
                )
                last_unit = units[k]
            if k in style.blank_rows:
                rows.append([""] * width)
            if style.page_rows and k and k % style.page_rows == 0:
                rows += [list(h) for h in page_header]
            rows.append([cell(c, i) for c in cols])
            where[i] = (sheet if style.fmt != "csv" else None, len(rows))
        if style.footer and table.footers:
            if "total" in style.footer:
                rows.append(["JUMLAH"] + [""] * (width - 1))
            if "signature" in style.footer:
                rows.append([])
                rows += [[""] * max(0, width - 3) + r for r in SIGNATURE]
        sheets.append((sheet, rows, merges))
    # the year is in the file name too, so a layout without title rows keeps it
    path = path.with_name(f"{path.name}_{table.year}").with_suffix(
        {"xlsx": ".xlsx", "xls": ".xls", "csv": ".csv"}[style.fmt]
    )
    offset = len(title)
    merges = [(r1 + offset - 1, c1, r2 + offset - 1, c2, t) for r1, c1, r2, c2, t in merges]
    if style.fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter=style.delimiter)
            for r in sheets[0][1]:
                w.writerow(["" if v is None else _csv_cell(v) for v in r])
    elif style.fmt == "xlsx":
        _xlsx(path, sheets, merges, style.cover_sheet)
    else:
        _xls(path, sheets, merges, style.cover_sheet)
    return Rendered(path, where)


def _decimal(v: float) -> str:
    return f"{v:.2f}".replace(".", ",")


def _csv_cell(v) -> str:
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def _xlsx(path, sheets, merges, cover):
    wb = xlsxwriter.Workbook(
        str(path),
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    if cover:
        wb.add_worksheet("Petunjuk").write(0, 0, "Petunjuk pengisian: jangan ubah susunan kolom.")
    bold = wb.add_format({"bold": True, "text_wrap": True})
    for name, rows, _ in sheets:
        ws = wb.add_worksheet(name[:31])
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v in ("", None):
                    continue
                if isinstance(v, str):
                    ws.write_string(r, c, v)
                else:
                    ws.write_number(r, c, float(v))
        for r1, c1, r2, c2, text in merges:
            if (r1, c1) != (r2, c2):
                ws.merge_range(r1, c1, r2, c2, text, bold)
    wb.close()


def _xls(path, sheets, merges, cover):
    wb = xlwt.Workbook(encoding="utf-8")
    if cover:
        wb.add_sheet("Petunjuk").write(0, 0, "Petunjuk pengisian: jangan ubah susunan kolom.")
    for name, rows, _ in sheets:
        ws = wb.add_sheet(name[:31], cell_overwrite_ok=True)
        cells = {
            (r1 + dr, c1 + dc)
            for r1, c1, r2, c2, _ in merges
            for dr in range(r2 - r1 + 1)
            for dc in range(c2 - c1 + 1)
        }
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v in ("", None) or (r, c) in cells:
                    continue
                ws.write(r, c, v if isinstance(v, str) else float(v))
        for r1, c1, r2, c2, text in merges:
            ws.write_merge(r1, r2, c1, c2, text)
    wb.save(str(path))


def sample(name: str, folder: Path) -> tuple[Table, Rendered]:
    """Render the named layout class (see :data:`CLASSES`) into ``folder``."""
    kind, kw, style = CLASSES[name]
    table = TABLES[kind](**kw)
    return table, render(table, style, folder / name)


def plain(kind: str, folder: Path, **kw) -> tuple[Table, Rendered]:
    """The plain layout of a kind: what every variant must load the same as."""
    table = TABLES[kind](**kw)
    return table, render(table, Style(), folder / f"plain_{kind}")
