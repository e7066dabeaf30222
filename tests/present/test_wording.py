"""Report sentences built from metric results, checked word for word on small cases; one
failure case each where a sentence can fail."""

from __future__ import annotations

import types

import pandas as pd
import pytest

from kediri_analytics.metrics import merit
from kediri_analytics.present import wording


def test_signed():
    assert [wording.signed(x) for x in (95.5, -2, 0, None)] == ["+95,5", "-2,0", "+0,0", "-"]
    assert wording.signed(float("nan")) == "-"


def test_merit_band_note():
    row = pd.Series({"year": 2024, "framework": "KASN 2018", "index": 0.8075, "band": "Baik"})
    assert wording.merit_band_note(row) == "indeks 0,807, kategori Baik"  # 0,8075 to 3 places
    row = row.copy()
    row["band"], row["framework"] = None, "PermenPANRB 19/2025"
    assert wording.merit_band_note(row) == (
        "kerangka PermenPANRB 19/2025: kategori belum ditetapkan di aturan"
    )
    with pytest.raises(KeyError):
        wording.merit_band_note(pd.Series({"band": "Baik"}))


def test_merit_points_lists_results_standings_movers_and_scope():
    refs = merit.reference_points()
    movers = pd.DataFrame({"aspek": ["A", "B"], "change": [23.5, -1.0]})
    text = wording.merit_points(refs, movers, per_opd=True)
    lines = text.splitlines()
    assert lines[0] == (
        "- Hasil resmi KASN: 254,4 (Baik), Verifikasi KASN, 13 Februari 2022; 272,5 (Baik), "
        "Anugerah Meritokrasi ASN 2022, 8 Desember 2022 (diberitakan 12 Desember 2022)."
    )
    assert lines[1].startswith("- Sebelum penilaian 2022 Kota Kediri berada pada kategori Buruk")
    assert lines[2] == "- Aspek yang paling bergerak: A (+23,5 poin); B (-1,0 poin)."
    assert lines[3] == (
        "- Indeks sistem merit dinilai untuk instansi secara keseluruhan, bukan per OPD."
    )
    assert len(wording.merit_points(refs, movers.iloc[:0]).splitlines()) == 2
    with pytest.raises(KeyError):
        wording.merit_points(refs.drop(columns="score"), movers)


COMPARED = pd.DataFrame({"opd": ["A", "B", "C"], "selisih": [0.074, -0.01, -0.046]})


def test_opd_extremes_and_rank():
    assert wording.opd_extremes(COMPARED, 2024, n=1) == (
        "- OPD paling di atas rata-rata instansi pada indikator merit 2024: A (+7,4 poin "
        "persen).\n- Paling di bawah: C (-4,6 poin persen)."
    )
    assert wording.opd_rank(COMPARED, "B", 2024) == (
        "- Pada indikator merit 2024, B berada di peringkat 2 dari 3 OPD (-1,0 poin persen dari "
        "rata-rata instansi)."
    )
    with pytest.raises(ValueError, match="no OPD to compare"):
        wording.opd_extremes(COMPARED.iloc[:0], 2024)
    with pytest.raises(ValueError, match="'D' is not in the comparison of 2024"):
        wording.opd_rank(COMPARED, "D", 2024)


def test_caption_clauses():
    assert wording.bridged([2019, 2020]) == (
        "; 2019, 2020: nilai SKP angka (PP 46/2011, PP 30/2019) dijembatani ke predikat "
        "menurut rules/legacy_bands.yaml"
    )
    assert wording.bridged([]) == ""
    assert wording.delayering(2022).startswith("; mulai 2022 jabatan pengawas (eselon IV)")


def test_sort_order():
    keys = [{"column": "jpm", "ascending": False}, {"column": "nama", "ascending": True}]
    assert wording.sort_order(keys) == "jpm turun, nama naik"
    with pytest.raises(ValueError, match="needs 'column' and 'ascending'"):
        wording.sort_order([{"column": "jpm"}])


def test_award_actions():
    a = pd.DataFrame(
        {
            "metric": ["merit_index", "skp_rated_share"],
            "label": ["Indeks merit", "SKP dinilai"],
            "value": [0.6775, 0.9],
            "threshold": [0.7, 0.95],
            "gain": [0.25, 0.125],
            "categories": ["K1", "K1; K2"],
        }
    )
    assert wording.award_actions(a).splitlines() == [
        "- Indeks merit: dari 0,677 ke 0,700 (+25 poin persen skor kesiapan, dijumlahkan atas "
        "kategori: K1)",
        "- SKP dinilai: dari 90,0% ke 95,0% (+12 poin persen skor kesiapan, dijumlahkan atas "
        "kategori: K1; K2)",
    ]
    with pytest.raises(AttributeError):
        wording.award_actions(a.drop(columns="gain"))


def _month(**kw):
    base = dict(
        year=2024,
        month=3,
        label="Maret 2024",
        roster_year=2024,
        not_in_roster=pd.DataFrame({"opd": ["X", "Y"]}),
        not_started=1,
        duplicates=2,
        has_documents=False,
        renamed={"Kominfo": "Kominfo dan Statistik"},
    )
    return types.SimpleNamespace(**(base | kw))


def test_monthly_notes():
    jan = types.SimpleNamespace(year=2024, month=1, label="Januari 2024")
    notes = wording.monthly_notes(_month(roster_year=2023), jan, opd="X")
    assert notes == [
        "Belum ada roster SIASN 2024: roster 2023 dipakai.",
        "1 orang ada di e-Kinerja Maret 2024 tetapi tidak ada di roster SIASN 2023 (masuk "
        "setelah roster ditarik, atau barisnya di roster ditolak saat dimuat: lihat laporan "
        "kualitas data): tidak dihitung kurang dan tidak masuk penyebut.",
        "1 orang di roster dengan TMT setelah Maret 2024 belum diharapkan bulan ini.",
        "2 NIP muncul dua kali dalam ekspor Maret 2024 (pindah OPD): dihitung sekali, baris "
        "yang periodenya berakhir terakhir.",
        "Laporan SKP 2024 tidak ada: persetujuan SKP tidak dapat diukur.",
        "Ekspor bulan sebelum Maret 2024 belum ada: perubahan dihitung dari Januari 2024.",
        "Kominfo dibaca sebagai Kominfo dan Statistik (rules/opd_renames.yaml).",
    ]
    clean = _month(
        not_in_roster=pd.DataFrame({"opd": []}),
        not_started=0,
        duplicates=0,
        has_documents=True,
        renamed={},
    )
    feb = types.SimpleNamespace(year=2024, month=2, label="Februari 2024")
    assert wording.monthly_notes(clean, feb) == []
    assert wording.monthly_notes(clean, None) == [
        "Tidak ada ekspor bulan sebelumnya: perubahan tidak dihitung."
    ]
    with pytest.raises(AttributeError):
        wording.monthly_notes(None, None)
