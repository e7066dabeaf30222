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
    assert res.problems == []


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
