"""Header vocabulary, header shapes and kind detection on small hand-made sheets: what each
column means, stacked cells, group headings, footers, ambiguity and partial fits."""

from __future__ import annotations

import pandas as pd
import pytest
import xlsxwriter

import kediri_analytics as ka
from kediri_analytics.loaders import load_file
from kediri_analytics.loaders import vocab as vocabulary
from kediri_analytics.loaders.body import _split, unit_name
from kediri_analytics.loaders.competency import check_reported
from kediri_analytics.loaders.header import numbers_row
from kediri_analytics.loaders.normalize import education_prefix, to_golongan
from kediri_analytics.rules import RuleError

NIP = ["196501011990011001", "196702041992022002", "196903071994031003"]


def sheet(path, rows, merges=(), name="Data"):
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    ws = wb.add_worksheet(name)
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v not in (None, ""):
                ws.write(r, c, v)
    for r1, c1, r2, c2 in merges:
        ws.merge_range(r1, c1, r2, c2, rows[r1][c1])
    wb.close()
    return path


# --------------------------------------------------------------------------- vocabulary


def test_headers_match_by_meaning_after_normalising():
    v = vocabulary.load()
    assert v.concept("legacy_skp", "Nilai SKP (60%)") == ("nilai_skp", 0)
    assert v.concept("legacy_skp", "NILAI\nPRESTASI KERJA")[0] == "nilai"
    assert v.concept("simpeg_duk", "GOL.RUANG")[0] == "golongan"
    assert v.concept("ekinerja_penilaian", "Rating Hasil Kerja")[0] == "hasil_kerja"
    assert v.concept("ekinerja_penilaian", "nilai akhir") is None


def test_a_child_needs_its_parent_when_it_is_a_generic_word():
    v = vocabulary.load()
    assert v.lookup("simpeg_duk", ["JABATAN", "NAMA"])[0] == "jabatan"
    assert v.lookup("simpeg_duk", ["PANGKAT", "TMT"])[0] == "tmt_golongan"
    assert v.lookup("simpeg_duk", ["JABATAN", "ESELON"])[0] == "eselon"
    assert v.lookup("simpeg_duk", ["DATA PEGAWAI", "NAMA"])[0] == "nama"
    assert v.lookup("simpeg_duk", ["UNIT", "TMT"]) is None


def test_competency_columns_and_roles():
    v = vocabulary.load()
    assert v.competency("Integritas (Std)") == (0, "required")
    assert v.competency("KERJASAMA IND") == (1, "assessed")
    assert v.competency("Orientasi Pada Hasil") == (3, None)
    assert v.competency("Orientasi pada Hasil Capaian") == (3, "assessed")
    assert v.competency("Pengembangan Diri & Orang Lain (Ind)") == (5, "assessed")
    assert v.competency("Kepemimpinan") is None
    assert v.role("LEVEL YANG DIPERSYARATKAN") == "required"
    assert v.role("Level Individu") == "assessed"
    assert v.role("NAMA") is None


def test_an_agency_adds_a_name_without_code(tmp_path, monkeypatch):
    (tmp_path / "headers.yaml").write_text(
        "kinds:\n  training:\n    jp: [LAMANYA BELAJAR]\n", encoding="utf-8"
    )
    assert vocabulary.load().concept("training", "Lamanya Belajar") is None
    monkeypatch.setenv("KEDIRI_RULES_DIR", str(tmp_path))
    v = vocabulary.load()
    assert v.concept("training", "Lamanya Belajar") == ("jp", 0)
    assert v.concept("training", "JUMLAH JP")[0] == "jp"  # the shipped names stay


def test_a_malformed_headers_file_names_the_file_and_key(tmp_path):
    (tmp_path / "headers.yaml").write_text("kinds:\n  training:\n    jp: LAMA\n", "utf-8")
    with pytest.raises(RuleError, match=r"headers.yaml: kinds.training.jp should be a list"):
        vocabulary.load(tmp_path)
    (tmp_path / "headers.yaml").write_text("common:\n  no: [NO]\n", "utf-8")
    with pytest.raises(RuleError, match="yes/no key"):
        vocabulary.load(tmp_path)


# --------------------------------------------------------------------------- shapes


def test_numbers_row():
    assert numbers_row([1.0, 2.0, "", 3.0, 4.0])
    assert numbers_row(["(1)", "(2)", "(3)"])
    assert not numbers_row([1, 2, 5])
    assert not numbers_row(["NIP", 2, 3])


def test_stacked_cells_split_by_the_header_lines():
    cells = pd.Series(
        [
            "Kepala Bidang\nIII.b\n01-02-2020",
            "Analis\n02-03-2021",
            None,
            "Dr. Siti\nRahayu\n196501011990011001",
        ],
        dtype=object,
    )
    got = _split(cells, ["jabatan", "eselon", "tmt_jabatan"], "\n")
    assert got.iloc[0].tolist() == ["Kepala Bidang", "III.b", "01-02-2020"]
    assert got.iloc[1].tolist() == ["Analis", None, "02-03-2021"]  # the date goes last
    assert got.iloc[2].isna().all()
    two = _split(cells.iloc[3:], ["nama", "nip"], "\n")
    assert two.iloc[0].tolist() == ["Dr. Siti Rahayu", "196501011990011001"]
    slash = _split(pd.Series(["Budi / 196702041992022002"]), ["nama", "nip"], "/")
    assert slash.iloc[0].tolist() == ["Budi", "196702041992022002"]


def test_unit_names_from_group_headings():
    assert unit_name("UNIT KERJA : DINAS KESEHATAN (25 orang)") == "DINAS KESEHATAN"
    assert unit_name("II. Dinas Pendidikan") == "Dinas Pendidikan"
    assert unit_name("Kecamatan Kota") == "Kecamatan Kota"


def test_golongan_inside_a_pangkat_and_education_prefix():
    vals, bad = to_golongan(pd.Series(["Penata Muda Tk. I (III/b)", "Pembina, IV/a", "X/z"]))
    assert vals.astype(object).tolist()[:2] == ["III/b", "IV/a"] and bad.tolist() == [0, 0, 1]
    assert education_prefix(pd.Series(["S-1 Manajemen", "D III Keperawatan", "Kursus"])).tolist()[
        :2
    ] == ["S-1", "D III"]


# --------------------------------------------------------------------------- detection


def test_a_two_row_duk_with_stacked_cells_groups_and_footer(tmp_path):
    rows = [
        ["DAFTAR URUT KEPANGKATAN PEGAWAI NEGERI SIPIL"],
        ["TAHUN 2024"],
        [],
        ["NO", "NAMA\nNIP", "PANGKAT", "", "JABATAN"],
        ["", "", "GOL/RUANG", "TMT", ""],
        [1, 2, 3, 4, 5],
        ["UNIT KERJA : DINAS KESEHATAN"],
        [1, f"Siti\n{NIP[0]}", "III/a", "01-04-2010", "Perawat"],
        [2, f"Budi\n{NIP[1]}", "III/b", "01-04-2011", "Dokter"],
        ["KECAMATAN KOTA"],
        [3, f"Dewi\n{NIP[2]}", "II/c", "01-04-2012", "Pengadministrasi"],
        ["JUMLAH", "3 orang"],
        [],
        ["", "", "", "Kediri, 31 Desember 2024"],
        ["", "", "", "NIP. 19700101 199003 1 001"],
    ]
    p = sheet(tmp_path / "duk.xlsx", rows, merges=[(3, 2, 3, 3), (3, 0, 4, 0), (3, 1, 4, 1)])
    (sheet_name, kind, header_row, res) = load_file(p).results[0]
    assert (kind, header_row) == ("simpeg_duk", 4)
    f = res.frame
    assert f["nip"].tolist() == NIP
    assert f["nama"].tolist() == ["Siti", "Budi", "Dewi"]
    assert f["opd"].tolist() == ["DINAS KESEHATAN", "DINAS KESEHATAN", "KECAMATAN KOTA"]
    assert f["golongan"].astype(str).tolist() == ["III/a", "III/b", "II/c"]
    assert (f["jenis_pegawai"] == "PNS").all() and f["year"].eq(2024).all()
    assert res.counts["skipped"] == {"blank": 1, "footer": 2, "group": 2, "total": 1}
    # one sheet note says where the OPD came from; no row is reported
    assert [p["reason"] for p in res.problems] == ["opd_from_headings"]
    assert "DINAS KESEHATAN (2), KECAMATAN KOTA (1)" in res.problems[0]["message"]


def test_a_wide_recap_is_never_taken_for_award_nominations(tmp_path):
    head = [
        "NO",
        "NIP",
        "NAMA",
        "UNIT KERJA",
        "INTEGRITAS",
        "KERJASAMA",
        "KOMUNIKASI",
        "ORIENTASI PADA HASIL",
        "JPM",
        "KATEGORI",
    ]
    std = ["LEVEL STANDAR", "", "", "", 3, 3, 3, 3, "", ""]
    data = [
        [1, NIP[0], "Siti", "Dinas Kesehatan", 3, 4, 3, 2, 100.0, "Optimal"],
        [2, NIP[1], "Budi", "Dinas Kesehatan", 2, 3, 3, 3, 91.67, "Cukup Optimal"],
    ]
    p = sheet(tmp_path / "Rekap_Asesmen_2023.xlsx", [["REKAP ASESMEN 2023"], head, std, *data])
    _, kind, _, res = load_file(p).results[0]
    assert kind == "competency_wide"
    assert res.frame["jpm"].tolist() == [100.0, 91.67]
    # the second person's category does not follow from the JPM: reported, row kept
    assert [(x["row"], x["reason"]) for x in res.problems] == [(5, "kategori_mismatch")]
    # without the standard row the recap cannot be typed: a named error, never nominations
    p = sheet(tmp_path / "Rekap_Asesmen_2022.xlsx", [["REKAP ASESMEN 2022"], head, *data])
    e = load_file(p).error
    assert e.reason == "schema_drift" and "assessment recap" in str(e)
    assert "required levels" in str(e) and "nominations" not in str(e)


def test_award_nominations_need_award_categories(tmp_path):
    head = ["NO", "OPD", "KATEGORI", "NIP", "NAMA"]
    rows = [
        head,
        [1, "Dinas Kesehatan", "Optimal", NIP[0], "Siti"],
        [2, "Dinas Kesehatan", "Kurang Optimal", NIP[1], "Budi"],
    ]
    e = load_file(sheet(tmp_path / "x_2024.xlsx", rows)).error
    assert e.reason == "schema_drift" and "ASN Award categories" in str(e)
    rows[1][2], rows[2][2] = "ASN Berkinerja", "ASN Berinovasi"
    _, kind, _, res = load_file(sheet(tmp_path / "y_2024.xlsx", rows)).results[0]
    assert kind == "asn_award_nominations" and len(res.frame) == 2


def test_two_kinds_that_explain_different_columns_are_an_error(tmp_path):
    head = ["NIP", "NAMA", "JENIS HUKUMAN DISIPLIN", "NAMA PELATIHAN", "JUMLAH JP"]
    rows = [head, [NIP[0], "Siti", "Teguran lisan", "Diklat PIM", 20]]
    e = load_file(sheet(tmp_path / "campur.xlsx", rows)).error
    assert e.reason == "header_ambiguous"
    assert "disciplinary sanctions" in str(e) and "training history" in str(e)


def test_a_renamed_column_gives_a_mapping_ready_to_paste(tmp_path, monkeypatch):
    head = ["NO", "NIP", "NAMA", "NAMA DIKLAT", "LAMA BELAJAR (JAM)"]
    rows = [head, [1, NIP[0], "Siti", "Diklat PIM IV", 30], [2, NIP[1], "Budi", "Latsar", 40]]
    p = sheet(tmp_path / "diklat_2024.xlsx", rows)
    e = load_file(p).error
    assert e.reason == "schema_drift" and "missing jp" in str(e)
    assert 'jp: ["LAMA BELAJAR (JAM)"]   # column E' in str(e)
    # pasted into the rules folder, the same file loads
    block = str(e)[str(e).index("kinds:") :]
    rules = tmp_path / "aturan"
    rules.mkdir()
    (rules / "headers.yaml").write_text(block, encoding="utf-8")
    monkeypatch.setenv("KEDIRI_RULES_DIR", str(rules))
    _, kind, _, res = load_file(p).results[0]
    assert kind == "training" and res.frame["jp"].tolist() == [30.0, 40.0]


def test_an_unplaceable_sheet_beside_a_loaded_one_is_reported(tmp_path):
    wb = xlsxwriter.Workbook(str(tmp_path / "nominasi_2024.xlsx"))
    ok = wb.add_worksheet("Usulan")
    rows = [["NO", "OPD", "KATEGORI", "NIP", "NAMA"], [1, "Dinkes", "ASN Berprestasi", NIP[0], "X"]]
    for r, row in enumerate(rows):
        ok.write_row(r, 0, row)
    odd = wb.add_worksheet("Lain")
    for r, row in enumerate([["NO", "OPD", "KATEGORI", "NIP"], [1, "Dinkes", "Optimal", NIP[1]]]):
        odd.write_row(r, 0, row)
    wb.close()
    ds = ka.load_folder(tmp_path, no_cache=True)
    assert len(ds.nominations) == 1
    bad = ds.files[ds.files["error"].notna()]
    assert bad["sheet"].tolist() == ["Lain"]
    assert ds.problems.loc[ds.problems["sheet"].eq("Lain"), "reason"].tolist() == ["schema_drift"]


def test_reported_jpm_and_category_are_compared_with_the_computed_one():
    from kediri_analytics.loaders.base import Rows

    rows = Rows("f.xlsx", "S", 5, 3, {"jpm": "JPM", "kategori": "KATEGORI"})
    computed = pd.Series([95.0, 80.0, 70.0])
    rep = check_reported(
        rows,
        computed,
        pd.Series([0.95, 80.5, 70.0]),
        pd.Series(["Optimal", "Cukup Optimal", "Optimal"]),
    )
    assert rep.tolist() == [95.0, 80.5, 70.0]  # 0.95 was a percent-formatted cell
    assert [(p["row"], p["reason"]) for p in rows.problems] == [
        (6, "jpm_mismatch"),
        (7, "kategori_mismatch"),
    ]
    assert check_reported(rows, computed, None, None) is None


def test_value_words_weights_and_key_words():
    v = vocabulary.load()
    assert v.lookup("legacy_skp", ["NILAI PRESTASI KERJA", "ANGKA"])[0] == "nilai"
    assert v.lookup("legacy_skp", ["NILAI PRESTASI KERJA", "SEBUTAN"])[0] == "sebutan"
    assert v.lookup("legacy_skp", ["SASARAN KERJA PEGAWAI", "NILAI"])[0] == "nilai_skp"
    # key words are the last resort, ranked after every name
    hit = v.lookup("asn_award_nominations", ["Kategori penghargaan yang diusulkan"])
    assert hit[0] == "kategori" and hit[1] >= 1000
    assert v.lookup("asn_award_nominations", ["NIP ASN yang Diusulkan"])[0] == "nip"
    assert v.lookup("legacy_skp", ["Catatan atasan"]) is None


def test_a_weighted_column_beside_the_plain_one_is_no_duplicate(tmp_path):
    rows = [
        ["REKAP NILAI PRESTASI KERJA TAHUN 2019"],
        ["NO", "NIP", "NAMA", "SASARAN KERJA PEGAWAI", "", "NILAI PRESTASI KERJA", ""],
        ["", "", "", "NILAI", "x 60%", "ANGKA", "SEBUTAN"],
        [1, NIP[0], "Siti", "80,00", "48,00", "82,00", "Baik"],
        [2, NIP[1], "Budi", 90.0, 54.0, 91.5, "SANGAT BAIK"],
    ]
    p = sheet(tmp_path / "npk.xlsx", rows, merges=[(1, 3, 1, 4), (1, 5, 1, 6)])
    _, kind, header_row, res = load_file(p).results[0]
    assert (kind, header_row) == ("legacy_skp", 2)
    f = res.frame
    assert f["nilai_skp"].tolist() == [80.0, 90.0]  # the plain value, not the weighted one
    assert f["nilai"].tolist() == [82.0, 91.5] and f["sebutan"].tolist() == ["Baik", "Sangat Baik"]


def test_a_sheet_of_competency_levels_is_never_another_kind(tmp_path):
    head = [
        "NO",
        "NIP",
        "NAMA",
        "PANGKAT / GOL",
        "UNIT KERJA",
        "INTEGRITAS",
        "KERJASAMA",
        "KOMUNIKASI",
        "PELAYANAN PUBLIK",
    ]
    label = ["LEVEL STANDAR KOMPETENSI JPT PRATAMA", "", "", "", "", 4, 4, 4, 4]
    data = [1, NIP[0], "Siti", "Pembina (IV/a)", "Dinas Kesehatan", 4, 5, 3, 4]
    p = sheet(tmp_path / "seleksi_2025.xlsx", [["HASIL SELEKSI 2025"], head, label, data])
    _, kind, _, res = load_file(p).results[0]
    assert kind == "competency_wide" and res.frame["jpm"].tolist() == [100.0]
    # without the required-level row: an assessment recap that misses something, not a DUK
    p = sheet(tmp_path / "seleksi_2024.xlsx", [["HASIL SELEKSI 2024"], head, data])
    e = load_file(p).error
    assert e.reason == "schema_drift" and "assessment recap" in str(e)


def test_names_that_begin_like_a_signature_are_data(tmp_path):
    rows = [
        ["REKAP NILAI PRESTASI KERJA TAHUN 2019"],
        ["NAMA", "NIP", "UNIT KERJA", "NILAI PRESTASI KERJA", "SEBUTAN"],
        ["SITI", NIP[0], "Dinas Kesehatan", 88.0, "Baik"],
        ["ANDI PRASETYO", NIP[1], "Dinas Kesehatan", None, None],
        ["UBAIDILLAH", NIP[2], "Dinas Kesehatan", None, None],
        [],
        ["", "", "Kediri, 31 Desember 2019"],
        ["", "", "a.n. Kepala Badan"],
        ["", "", "NIP. 19700101 199003 1 001"],
    ]
    _, _, _, res = load_file(sheet(tmp_path / "npk.xlsx", rows)).results[0]
    assert res.frame["nip"].tolist() == NIP  # the two not yet rated are data, not a footer
    assert res.counts["skipped"] == {"blank": 1, "footer": 3}


def test_group_headings_that_name_no_unit_and_an_issuer_title(tmp_path):
    rows = [
        ["PEMERINTAH KOTA KEDIRI"],
        ["BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA"],
        ["DAFTAR URUT KEPANGKATAN PEGAWAI NEGERI SIPIL TAHUN 2024"],
        ["NO", "NAMA", "NIP", "GOL/RUANG"],
        ["DINAS KESEHATAN"],
        ["GOLONGAN IV"],
        [1, "Siti", NIP[0], "IV/a"],
        ["GOLONGAN III"],
        [2, "Budi", NIP[1], "III/b"],
        ["DINAS PENDIDIKAN"],
        [3, "Dewi", NIP[2], "III/a"],
    ]
    _, kind, _, res = load_file(sheet(tmp_path / "duk.xlsx", rows)).results[0]
    assert kind == "simpeg_duk"
    # the OPD headings win over the issuer's letterhead; "GOLONGAN" headings name no unit
    assert res.frame["opd"].tolist() == ["DINAS KESEHATAN"] * 2 + ["DINAS PENDIDIKAN"]
    assert res.counts["skipped"] == {"group": 4}
    notes = [p for p in res.problems if p["reason"] == "opd_from_headings"]
    assert len(notes) == 1 and "DINAS KESEHATAN (2)" in notes[0]["message"]


def test_a_sentence_beginning_with_jumlah_is_data_not_a_total(tmp_path):
    rows = [
        ["CHECKLIST BUKTI DUKUNG BKN AWARD 2024"],
        ["NO", "KATEGORI", "BUKTI DUKUNG", "STATUS"],
        [1, "Implementasi Penerapan Manajemen Kinerja", "SK tim penilai kinerja", "Ada"],
        [2, "", "Jumlah ASN yang telah menyusun SKP tepat waktu", "Ada"],
        [3, "", "Rata-rata nilai IP ASN per OPD", "Belum Ada"],
        ["JUMLAH", "", "", "2 ada"],
    ]
    _, _, _, res = load_file(sheet(tmp_path / "bukti_2024.xlsx", rows)).results[0]
    assert len(res.frame) == 3 and res.counts["skipped"] == {"total": 1}


def test_a_file_that_breaks_the_loader_fails_alone(tmp_path):
    from kediri_analytics.loaders import ekinerja, load_files

    head = ["No", "nip", "nama", "skp_unor_induk", "hasil_kerja", "perilaku_kerja", "hasil_akhir"]
    good = [1, NIP[0], "Siti", "Dinkes", "Sesuai Ekspektasi", "Sesuai Ekspektasi", "Baik"]
    a = sheet(tmp_path / "a_2024.xlsx", [["LAPORAN PENILAIAN SKP TAHUN 2024"], head, good])
    b = sheet(tmp_path / "b_2024.xlsx", [["LAPORAN PENILAIAN SKP TAHUN 2024"], head, good])
    real = ekinerja.load_penilaian

    def breaks_on_b(parts):
        if any(p.file.endswith("b_2024.xlsx") for p in parts):
            raise RuntimeError("boom")
        return real(parts)

    spec = next(s for s in ekinerja.SPECS if s.kind == "ekinerja_penilaian")
    object.__setattr__(spec, "load", breaks_on_b)
    try:
        fa, fb = load_files([(a, None, None), (b, None, None)])
    finally:
        object.__setattr__(spec, "load", real)
    assert fa.error is None and len(fa.results[0][3].frame) == 1
    assert fb.error.reason == "loader_failed" and "boom" in str(fb.error)


def test_a_bad_required_level_row_is_reported_and_left_out_of_the_jpm(tmp_path):
    head = [
        "NO",
        "NIP",
        "NAMA",
        "INTEGRITAS",
        "KERJASAMA",
        "KOMUNIKASI",
        "PELAYANAN PUBLIK",
        "ORIENTASI PADA HASIL",
    ]
    std = ["LEVEL STANDAR", "", "", 4, 4, "", 9, 2]
    p = sheet(
        tmp_path / "asesmen_2024.xlsx",
        [["REKAP 2024"], head, std, [1, NIP[0], "Siti", 3, 4, 5, 5, 2]],
    )
    _, kind, _, res = load_file(p).results[0]
    assert kind == "competency_wide"
    assert res.frame["jpm"].tolist() == [90.0]  # (3 + 4 + 2) / (4 + 4 + 2): two left out
    bad = [(x["column"], x["reason"]) for x in res.problems]
    assert bad == [("KOMUNIKASI", "level_out_of_range"), ("PELAYANAN PUBLIK", "level_out_of_range")]


def test_every_unusable_sheet_of_a_file_is_listed(tmp_path):
    wb = xlsxwriter.Workbook(str(tmp_path / "dua.xlsx"))
    for name in ("Dinas A", "Dinas B"):
        ws = wb.add_worksheet(name)
        for r, row in enumerate(
            [["NO", "NIP", "NAMA", "NAMA DIKLAT", "LAMA"], [1, NIP[0], "Siti", "PIM", 30]]
        ):
            ws.write_row(r, 0, row)
    wb.close()
    ds = ka.load_folder(tmp_path, no_cache=True)
    assert ds.files["sheet"].tolist() == ["Dinas A", "Dinas B"]
    assert ds.problems["sheet"].tolist() == ["Dinas A", "Dinas B"]


def test_a_status_pegawai_column_of_kedudukan_hukum_is_read_as_such(tmp_path):
    rows = [
        ["DAFTAR URUT KEPANGKATAN PNS DINAS KESEHATAN TAHUN 2024"],
        ["NO", "NIP", "NAMA", "GOL/RUANG", "STATUS PEGAWAI", "UNIT KERJA"],
        [1, NIP[0], "Siti", "III/a", "Aktif", "Dinas Kesehatan"],
        [2, NIP[1], "Budi", "III/b", "CLTN", "Dinas Kesehatan"],
        [3, NIP[2], "Dewi", "II/c", "Tugas Belajar", "Dinas Kesehatan"],
    ]
    _, kind, _, res = load_file(sheet(tmp_path / "duk.xlsx", rows)).results[0]
    assert kind == "simpeg_duk" and res.problems == []
    f = res.frame
    assert f["kedudukan_hukum"].astype(object).tolist() == ["Aktif", "CLTN", "Tugas Belajar"]
    assert (f["jenis_pegawai"] == "PNS").all()  # from the title: a DUK lists PNS


def test_a_first_data_row_saying_syarat_is_no_standard_row(tmp_path):
    comps = ["INTEGRITAS", "KERJA SAMA", "KOMUNIKASI"]
    top = ["NO", "NIP", "NAMA", *[x for c in comps for x in (c, "")], "JPM", "KATEGORI"]
    sub = ["", "", "", *["STD", "CAPAIAN"] * 3, "", ""]
    data = [
        [1, NIP[0], "Siti", 4, 4, 4, 3, 4, 3, 83.33, "Masih Memenuhi Syarat"],
        [2, NIP[1], "Budi", 3, 3, 3, 3, 3, 2, 88.89, "Masih Memenuhi Syarat"],
    ]
    merges = [(1, 3 + 2 * i, 1, 4 + 2 * i) for i in range(3)]
    p = sheet(tmp_path / "asesmen_2023.xlsx", [["REKAP 2023"], top, sub, *data], merges=merges)
    _, kind, _, res = load_file(p).results[0]
    assert kind == "competency_wide" and res.frame["nip"].tolist() == NIP[:2]
    assert res.frame["jpm"].tolist() == [83.33, 88.89]


def test_the_delimiter_of_a_wide_table_beats_commas_in_its_signature_block():
    from kediri_analytics.loaders.read import sniff_delimiter

    head = ";".join(f"K{i}" for i in range(27))
    data = [";".join(str(i) for i in range(27))] * 12
    sign = [";" * 24 + "Kediri, 31 Desember 2024", ";" * 24 + "Drs. HARTONO, M.Si."] * 7
    assert sniff_delimiter([head, *data, *sign]) == ";"
    assert sniff_delimiter(["a,b,c", "1,2,3", "Siti; Budi,2,3"]) == ","
    assert sniff_delimiter(["one column", "only"]) == ","  # nothing splits: the default
