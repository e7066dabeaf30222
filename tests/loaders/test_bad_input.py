"""Each kind of bad input gives a clear message naming the file (and sheet/row/column)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
import xlsxwriter

import kediri_analytics as ka
from kediri_analytics.loaders import load_file

HEADER = [
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
ROW = [
    1,
    "198609262015051001",
    "Ani",
    "Bidang A",
    "Dinas Kesehatan",
    "Analis",
    "Sesuai Ekspektasi",
    "Sesuai Ekspektasi",
    "Baik",
    "III/b",
    "PNS",
    "Jabatan Fungsional",
    0,
]


def workbook(path, rows, sheet="Sheet1", cover=False):
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    if cover:
        wb.add_worksheet("Petunjuk").write(0, 0, "Petunjuk pengisian")
    ws = wb.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    wb.close()
    return path


def title(year=2024):
    return [
        [f"LAPORAN PENILAIAN SKP TAHUN {year}"],
        ["PEMERINTAH KOTA KEDIRI"],
        ["Periode : Tahunan"],
        [],
    ]


def error_of(path):
    r = load_file(path)
    assert r.error is not None and not r.results
    assert str(path) in str(r.error)
    return r.error


def test_empty_file(tmp_path):
    p = tmp_path / "kosong.xlsx"
    p.write_bytes(b"")
    e = error_of(p)
    assert e.reason == "file_empty" and "empty" in str(e)


def test_truncated_workbook(demo_small, tmp_path):
    root, _ = demo_small
    src = next(root.glob("ekinerja/Laporan_Penilaian_SKP_Tahunan_2024.xlsx"))
    p = tmp_path / "potong.xlsx"
    p.write_bytes(src.read_bytes()[:5000])
    e = error_of(p)
    assert e.reason == "file_corrupt" and "damaged or truncated" in str(e)


def test_html_saved_as_xlsx(tmp_path):
    p = tmp_path / "laporan.xlsx"
    p.write_text("<html><body><table><tr><td>nip</td></tr></table></body></html>")
    e = error_of(p)
    assert e.reason == "file_is_html" and "Save As" in str(e)


def test_csv_saved_as_xlsx_is_read_as_csv_and_said(tmp_path):
    p = tmp_path / "data_2024.xlsx"
    pd.DataFrame([ROW], columns=HEADER).to_csv(p, index=False)
    r = load_file(p)
    assert r.error is None and r.results[0][1] == "ekinerja_penilaian"
    assert any("text (CSV)" in n for n in r.notes)
    ds = ka.load_folder([p], no_cache=True)
    assert (ds.problems["reason"] == "file_misnamed").sum() == 1


def test_no_recognisable_header_names_sheets_and_closest_kind(tmp_path):
    p = workbook(tmp_path / "x.xlsx", [["judul"], ["nip", "nama", "hasil_akhr"], ["1", "a", "b"]])
    e = error_of(p)
    assert e.reason == "header_not_found"
    assert "'Sheet1'" in str(e) and "first 30 rows" in str(e)


def test_rows_without_a_year_are_rejected_saying_where_to_put_it(tmp_path):
    p = tmp_path / "data.csv"
    pd.DataFrame([ROW], columns=HEADER).to_csv(p, index=False)
    res = load_file(p).results[0][3]
    assert res.counts["rejected"] == 1
    assert res.problems[0]["reason"] == "year_unknown" and "file name" in res.problems[0]["message"]


def test_header_with_zero_data_rows(tmp_path):
    p = workbook(tmp_path / "kosong.xlsx", [*title(), HEADER])
    r = load_file(p)
    assert r.error is None
    res = r.results[0][3]
    assert len(res.frame) == 0
    assert [x["reason"] for x in res.problems] == ["no_data_rows"]
    assert "no data rows" in res.problems[0]["message"]


def test_duplicated_header_names(tmp_path):
    p = workbook(tmp_path / "dup.xlsx", [*title(), [*HEADER, "nip"], [*ROW, "x"]])
    e = error_of(p)
    assert e.reason == "header_duplicated"
    assert "'nip' in column B" in str(e) and "'nip' in column N" in str(e)
    assert "sheet 'Sheet1'" in str(e)


def test_schema_drift_names_missing_and_unexpected_columns(tmp_path):
    head = [h if h != "skp_unor_induk" else "unit_induk_baru" for h in HEADER]
    p = workbook(tmp_path / "drift.xlsx", [*title(), head, ROW])
    e = error_of(p)
    assert e.reason == "schema_drift"
    assert "missing opd" in str(e) and "'unit_induk_baru'" in str(e) and "header row 5" in str(e)


def test_wrong_encodings_are_read(tmp_path):
    df = pd.DataFrame(
        {
            "NO": [1],
            "NIP": ["198609262015051001"],
            "NAMA": ["Siti Nurhayati Ç"],
            "NAMA PELATIHAN": ["Pelatihan Dasar"],
            "JUMLAH JP": ["20,5"],
            "TANGGAL SELESAI": ["12 Desember 2022"],
        }
    )
    for enc in ("cp1252", "utf-16", "utf-8-sig"):
        p = tmp_path / f"pel_{enc}.csv"
        df.to_csv(p, index=False, sep=";", encoding=enc)
        r = load_file(p)
        assert r.error is None, (enc, r.error)
        ev = r.results[0][3].frame
        assert ev["nama"].iloc[0] == "Siti Nurhayati Ç"
        assert ev["jp"].iloc[0] == 20.5
        assert ev["selesai"].iloc[0] == pd.Timestamp("2022-12-12")


def test_binary_junk(tmp_path):
    p = tmp_path / "junk.csv"
    p.write_bytes(bytes(range(256)) * 4)
    e = error_of(p)
    assert e.reason == "file_unreadable"


def test_formula_cells_read_as_values(demo_small):
    root, m = demo_small
    ds = ka.load_folder(root / "merit", no_cache=True)
    facts = {
        e["facts"]["year"]: e["facts"]["total_score"]
        for e in m["files"]
        if e["kind"] == "merit_assessment"
    }
    got = ds.merit_assessment.groupby("year")["skor"].sum()
    assert {y: round(v, 2) for y, v in got.items()} == facts


def test_very_large_cell_is_cut_and_reported(tmp_path):
    p = tmp_path / "besar.csv"
    big = "A" * 40_000
    pd.DataFrame({"NIP": ["198609262015051001"], "NAMA PELATIHAN": [big], "JUMLAH JP": [5]}).to_csv(
        p, index=False
    )
    r = load_file(p)
    res = r.results[0][3]
    assert len(res.frame["pelatihan"].iloc[0]) == 32_767
    (prob,) = [x for x in res.problems if x["reason"] == "text_too_long"]
    assert prob["row"] == 2 and prob["column"] == "NAMA PELATIHAN"


def test_bad_rows_are_named_by_row_and_column(tmp_path):
    rows = [
        *title(),
        HEADER,
        ROW,
        [2, 1.98609262015051e17, *ROW[2:]],
        [3, "19860926201505100", *ROW[2:]],
    ]
    p = workbook(tmp_path / "skp.xlsx", rows, cover=True)
    r = load_file(p)
    sheet, kind, header_row, res = r.results[0]
    assert (sheet, kind, header_row) == ("Sheet1", "ekinerja_penilaian", 5)
    probs = [(x["sheet"], x["row"], x["column"], x["reason"], x["severity"]) for x in res.problems]
    assert probs == [
        ("Sheet1", 7, "nip", "nip_precision_lost", "error"),
        ("Sheet1", 8, "nip", "nip_invalid", "error"),
    ]
    assert res.counts["loaded"] == 1 and res.counts["rejected"] == 2


def test_sanction_level_is_recognised_or_reported_never_guessed(tmp_path):
    head = ["NO", "NIP", "NAMA", "JENIS HUKUMAN DISIPLIN", "TINGKAT", "TANGGAL SK"]
    nip = "198609262015051001"
    levels = ["RINGAN", "Hukuman Disiplin Berat", "sedang/berat", None, "Teguran"]
    rows = [
        head,
        *([i + 1, nip, "Ani", "Teguran lisan", lv, "12-03-2024"] for i, lv in enumerate(levels)),
    ]
    r = load_file(workbook(tmp_path / "Rekap_Hukuman_Disiplin.xlsx", rows))
    _, kind, _, res = r.results[0]
    assert kind == "discipline"
    df = res.frame
    assert df["tingkat"].tolist()[:2] == ["Ringan", "Berat"]
    assert df["tingkat"].iloc[2:].isna().all() and len(df) == 5  # kept, level not guessed
    probs = [(x["row"], x["column"], x["reason"], x["severity"]) for x in res.problems]
    assert probs == [
        (5, "TINGKAT", "value_missing", "warning"),
        (4, "TINGKAT", "sanction_level_unknown", "warning"),
        (6, "TINGKAT", "sanction_level_unknown", "warning"),
    ]


def test_one_bad_file_never_stops_the_others(demo_small, tmp_path):
    root, m = demo_small
    shutil.copytree(root / "agency", tmp_path / "agency")
    (tmp_path / "agency" / "rusak.xlsx").write_bytes(b"PK\x03\x04 broken")
    (tmp_path / "agency" / "kosong.csv").write_bytes(b"")
    ds = ka.load_folder(tmp_path, no_cache=True)
    bad = ds.files[ds.files["error"].notna()]
    assert sorted(bad["path"]) == ["agency/kosong.csv", "agency/rusak.xlsx"]
    assert ds.files["error"].isna().sum() == sum(
        1 for e in m["files"] if e["path"].startswith("agency/")
    )
    assert len(ds.requirements) > 0
    errs = ds.problems[ds.problems["severity"].eq("error")]
    assert set(errs["file"]) == {"agency/kosong.csv", "agency/rusak.xlsx"}


def test_folder_with_no_usable_file(tmp_path):
    (tmp_path / "catatan.txt").write_text("hanya catatan\n")
    ds = ka.load_folder(tmp_path, no_cache=True)
    assert ds.files["error"].notna().all()
    assert "no recognisable header" in ds.files["error"].iloc[0]


@pytest.mark.parametrize("value", ["=SUM(A1:A2)", "+62811", "-1+2", "@cmd", "\tx"])
def test_written_cells_are_formula_safe(value, tmp_path):
    from kediri_analytics.present.excel import safe_cell, write_csv, write_excel

    assert safe_cell(value) == "'" + value
    assert safe_cell("-") == "-" and safe_cell(-5) == -5
    df = pd.DataFrame({"v": [value]})
    write_csv(tmp_path / "a.csv", df)
    assert (tmp_path / "a.csv").read_text(encoding="utf-8-sig").splitlines()[1].startswith("'")
    write_excel(tmp_path / "a.xlsx", {"S": df})
    back = pd.read_excel(tmp_path / "a.xlsx", engine="calamine")
    assert back["v"].iloc[0] == "'" + value


def test_hasil_akhir_disagreeing_with_the_matrix_is_reported_and_the_matrix_used(tmp_path):
    # Sesuai x Sesuai is Baik by the matrix; the export says Sangat Baik on the second row
    rows = [
        *title(),
        HEADER,
        ROW,
        [2, "198609262015051002", *ROW[2:8], "Sangat Baik", *ROW[9:]],
        [
            3,
            "198609262015051003",
            *ROW[2:6],
            "DIATAS EKSPEKTASI",
            "Diatas Espektasi",
            "SANGAT BAIK",
            *ROW[9:],
        ],
    ]
    r = load_file(workbook(tmp_path / "skp.xlsx", rows))
    _, kind, _, res = r.results[0]
    assert kind == "ekinerja_penilaian"
    probs = [(x["row"], x["column"], x["reason"], x["value"]) for x in res.problems]
    assert probs == [(7, "hasil_akhir", "predikat_matrix_mismatch", "Sangat Baik")]
    df = res.frame
    assert df["predikat"].tolist() == ["Baik", "Baik", "Sangat Baik"]
    assert df["hasil_akhir"].tolist() == ["Baik", "Sangat Baik", "Sangat Baik"]


def test_opd_predikat_spellings_are_read_as_the_quota_labels(tmp_path):
    head = ["NO", "PERANGKAT DAERAH", "TAHUN", "PREDIKAT KINERJA OPD"]
    rows = [
        head,
        [1, "Dinas A", 2024, "BAIK"],
        [2, "Dinas B", 2024, "butuh perbaikan"],
        [3, "Dinas C", 2024, "Luar Biasa"],
    ]
    r = load_file(workbook(tmp_path / "Predikat_Kinerja_OPD_2024.xlsx", rows))
    _, kind, _, res = r.results[0]
    assert kind == "opd_predikat"
    assert res.frame["predikat"].tolist()[:2] == ["Baik", "Butuh Perbaikan"]
    assert pd.isna(res.frame["predikat"].iloc[2])
    assert [(x["row"], x["reason"]) for x in res.problems] == [(4, "label_unknown")]


def test_unknown_assessment_type_is_reported_not_read_as_a_mapping(tmp_path):
    head = [
        "NO",
        "NIP",
        "NAMA",
        "JABATAN",
        "UNIT KERJA",
        "JENIS ASESMEN",
        "TANGGAL ASESMEN",
        "KOMPETENSI",
        "LEVEL STANDAR",
        "LEVEL INDIVIDU",
    ]
    comps = [
        "Integritas",
        "Kerja Sama",
        "Komunikasi",
        "Orientasi pada Hasil",
        "Pelayanan Publik",
        "Pengembangan Diri dan Orang Lain",
        "Mengelola Perubahan",
        "Pengambilan Keputusan",
        "Perekat Bangsa",
    ]
    rows, no = [["REKAP HASIL ASESMEN KOMPETENSI TAHUN 2024"], [], head], 1
    for nip, jenis in (("198609262015051001", "PEMETAAN"), ("198609262015051002", "Uji Jenjang")):
        for c in comps:
            rows.append([no, nip, "Ani", "Analis", "Dinas Kesehatan", jenis, "12-03-2024", c, 3, 3])
            no += 1
    r = load_file(workbook(tmp_path / "Rekap_Asesmen_2024.xlsx", rows))
    res = {kind: res for _, kind, _, res in r.results}
    people = next(v for k, v in res.items() if k.startswith("competency")).frame
    a = people.drop_duplicates("nip").set_index("nip")
    assert a.loc["198609262015051001", "jenis_asesmen"] == "Pemetaan"  # the rules' spelling
    assert a.loc["198609262015051002", "jenis_asesmen"] == "Uji Jenjang"  # kept as written
    probs = {x["reason"] for v in res.values() for x in v.problems}
    assert "assessment_type_unknown" in probs
