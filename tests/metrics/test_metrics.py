"""Metrics on tiny hand-made tables: values worked out by hand, one failure case each."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kediri_analytics import rules, schemas
from kediri_analytics.loaders.competency import jpm as jpm_of
from kediri_analytics.metrics import (
    awards,
    competency,
    ip_asn,
    merit,
    performance,
    qualification,
    talent,
)

DA, SE, DB = "Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi"


def nip(i: int) -> str:
    return f"19800101200501{1 + i % 2}{i:03d}"


def skp(rows) -> pd.DataFrame:
    base = {
        "period": "Tahunan",
        "regime": "PermenPANRB 6/2022",
        "acting": False,
        "rated": True,
        "source_file": "t",
        "source_row": 1,
    }
    df = pd.DataFrame([{**base, **r} for r in rows])
    if "rated" not in df or df["predikat"].isna().any():
        df["rated"] = df["predikat"].notna() | df.get("sebutan", pd.Series(dtype=object)).notna()
    return schemas.conform("skp", df)


def roster(rows) -> pd.DataFrame:
    base = {"source": "siasn", "source_file": "t", "source_row": 1}
    return schemas.conform("roster", pd.DataFrame([{**base, **r} for r in rows]))


# ------------------------------------------------------------------ performance


def test_annual_predikat_own_rows_bridge_and_not_rated():
    s = skp(
        [
            {"nip": nip(1), "year": 2024, "opd": "A", "predikat": "Baik"},
            {"nip": nip(1), "year": 2024, "opd": "A", "predikat": "Sangat Baik", "acting": True},
            {
                "nip": nip(2),
                "year": 2021,
                "opd": "A",
                "predikat": None,
                "sebutan": "Cukup",
                "nilai": 80.0,
                "regime": "PP 30/2019",
            },
            {"nip": nip(3), "year": 2024, "opd": "B", "predikat": None, "rated": False},
        ]
    )
    a = performance.annual_predikat(s).set_index("nip")
    assert len(a) == 3
    assert a.loc[nip(1), "predikat"] == "Baik"  # the acting SKP is not the person's own
    assert a.loc[nip(2), "predikat"] == "Butuh Perbaikan" and a.loc[nip(2), "bridged"]
    assert pd.isna(a.loc[nip(3), "predikat"]) and not a.loc[nip(3), "rated"]
    with pytest.raises(ValueError, match="lacks columns"):
        performance.annual_predikat(s.drop(columns=["acting"]))


def test_legacy_number_without_sebutan_is_banded_by_its_regime():
    s = skp(
        [
            {
                "nip": nip(1),
                "year": 2019,
                "opd": "A",
                "predikat": None,
                "nilai": 74.03,
                "regime": "PP 46/2011",
            },
            {
                "nip": nip(2),
                "year": 2021,
                "opd": "A",
                "predikat": None,
                "nilai": 90.0,
                "regime": "PP 30/2019",
            },
            {
                "nip": nip(3),
                "year": 2021,
                "opd": "A",
                "predikat": None,
                "nilai": 112.0,
                "regime": "PP 30/2019",
            },
        ]
    ).assign(rated=True)  # (the legacy loader: rated where a number is given)
    a = performance.annual_predikat(s).set_index("nip")
    # 74,03 Cukup (PP 46/2011) -> Butuh Perbaikan; 90 is Cukup under PP 30/2019 ("> 90" Baik)
    assert a.loc[nip(1), "predikat"] == "Butuh Perbaikan" and a.loc[nip(1), "banded"]
    assert a.loc[nip(2), "predikat"] == "Butuh Perbaikan"
    assert a.loc[nip(3), "predikat"] == "Sangat Baik" and a["rated"].all()


def test_distribution_shares_sum_to_one():
    s = skp(
        [
            {"nip": nip(i), "year": 2024, "opd": "A", "predikat": p}
            for i, p in enumerate(["Baik", "Baik", "Sangat Baik", None])
        ]
    )
    d = performance.distribution(performance.annual_predikat(s)).set_index("predikat")
    assert d.loc["Baik", "count"] == 2 and d.loc["Belum Dinilai", "count"] == 1
    assert d.loc["Baik", "share"] == 0.5 and d["share"].sum() == pytest.approx(1.0)


def test_compliance_counts_against_the_roster():
    r = roster([{"year": 2024, "nip": nip(i), "opd": "A"} for i in range(4)])
    s = skp(
        [
            {"nip": nip(0), "year": 2024, "opd": "A", "predikat": "Baik"},
            {"nip": nip(1), "year": 2024, "opd": "A", "predikat": None, "rated": False},
            {"nip": nip(9), "year": 2024, "opd": "A", "predikat": "Baik"},
        ]
    )  # not in roster
    docs = schemas.conform(
        "skp_documents",
        pd.DataFrame(
            [
                {
                    "nip": nip(i),
                    "year": 2024,
                    "approved": ok,
                    "acting": False,
                    "source_file": "t",
                    "source_row": 1,
                }
                for i, ok in ((0, True), (1, True), (2, False))
            ]
        ),
    )
    c = performance.compliance(r, s, docs, 2024).iloc[0]
    assert (c.asn, c.has_skp, c.approved, c.rated, c.no_skp) == (4, 3, 2, 1, 1)
    assert c.share_has_skp == 0.75
    with pytest.raises(ValueError, match="no roster for 2019"):
        performance.compliance(r, s, docs, 2019)


def _quota_fixture():
    rows = []
    for opd, mix in {
        "X": ["Baik"] * 8 + ["Butuh Perbaikan"] * 2,
        "Y": ["Baik"] * 6 + ["Sangat Baik"] * 3 + ["Butuh Perbaikan"],
    }.items():
        start = len(rows)
        rows += [
            {"nip": nip(start + i), "year": 2024, "opd": opd, "predikat": p}
            for i, p in enumerate(mix)
        ]
    org = schemas.conform(
        "opd_predikat",
        pd.DataFrame(
            [
                {"opd": o, "year": 2024, "predikat": "Baik", "source_file": "t", "source_row": 1}
                for o in ("X", "Y")
            ]
        ),
    )
    return performance.annual_predikat(skp(rows)), org


def test_quota_violation_and_pass():
    a, org = _quota_fixture()
    check = performance.quota_check(a, org, 2024)
    x = check[check["opd"] == "X"].set_index("labels")
    assert x.loc["Baik", "share"] == 0.8 and not x.loc["Baik", "ok"]  # more than 70% Baik
    summary = performance.quota_summary(check).set_index("opd")["ok"]
    assert summary.to_dict() == {"X": False, "Y": True}
    assert performance.quota_text(x.reset_index()).tolist() == [
        "Baik paling banyak 70,0% (nyata 80,0%)",
        "Butuh Perbaikan + Kurang/Misconduct paling sedikit 1 orang (nyata 2 orang)",
    ]
    # "at least some" Butuh Perbaikan or Kurang: an OPD with none breaks it by people, not 0,0%
    a2 = a[~((a["opd"] == "Y") & (a["predikat"] == "Butuh Perbaikan"))]
    y = performance.quota_check(a2, org, 2024)
    y = y[(y["opd"] == "Y") & y["ok"].eq(False)]
    assert performance.quota_text(y).tolist() == [
        "Butuh Perbaikan + Kurang/Misconduct paling sedikit 1 orang (nyata 0 orang)"
    ]
    org.loc[0, "predikat"] = "Luar Biasa"
    with pytest.raises(ValueError, match="has no quota"):
        performance.quota_check(a, org, 2024)
    with pytest.raises(rules.RuleError, match="no rule in force for 2019"):
        performance.quota_check(a, org, 2019)


def test_yoy_change():
    d = pd.DataFrame({"opd": "A", "predikat": "Baik", "year": [2023, 2024], "share": [0.6, 0.7]})
    out = performance.yoy_change(d)
    assert out["change"].iloc[1] == pytest.approx(0.1) and pd.isna(out["change"].iloc[0])


# ------------------------------------------------------------------ qualification


def test_requirement_with_d4_counting_as_s1_and_missing_standard():
    r = roster(
        [
            {"year": 2024, "nip": nip(1), "opd": "A", "jabatan": "Analis", "education": "D-IV"},
            {"year": 2024, "nip": nip(2), "opd": "A", "jabatan": "Perawat", "education": "SLTA"},
            {"year": 2024, "nip": nip(3), "opd": "A", "jabatan": "Baru", "education": "S-2"},
        ]
    )
    req = schemas.conform(
        "requirements",
        pd.DataFrame(
            [
                {"jabatan": j, "min_education": e, "source_file": "t", "source_row": 1}
                for j, e in (("Analis", "S-1"), ("Perawat", "D-III"))
            ]
        ),
    )
    p = qualification.meets_requirement(r, req, 2024).set_index("nip")
    assert p.loc[nip(1), "meets"] and not p.loc[nip(2), "meets"]
    assert pd.isna(p.loc[nip(3), "meets"]) and p.loc[nip(3), "reason"] == "tidak ada standar"
    s = qualification.share_meeting(p.reset_index()).iloc[0]
    assert (s.asn, s.judged, s.meeting, s.no_standard, s.share) == (3, 2, 1, 1, 0.5)
    with pytest.raises(ValueError, match="no roster rows for 2019"):
        qualification.meets_requirement(r, req, 2019)
    mix = qualification.education_mix(r)
    assert mix["share"].sum() == pytest.approx(1.0)


def test_profesi_needs_its_track_and_a_named_field_is_checked():
    r = roster(
        [
            {
                "year": 2024,
                "nip": nip(1),
                "opd": "A",
                "jabatan": "Dokter Ahli Pertama",
                "education": "S-2",
                "education_name": "S-2 KESEHATAN MASYARAKAT",
            },
            {
                "year": 2024,
                "nip": nip(2),
                "opd": "A",
                "jabatan": "Dokter Ahli Pertama",
                "education": "Profesi",
                "education_name": "PROFESI KEDOKTERAN",
            },
            {
                "year": 2024,
                "nip": nip(3),
                "opd": "A",
                "jabatan": "Dokter Ahli Pertama",
                "education": "Spesialis",
                "education_name": "SPESIALIS KEDOKTERAN ANAK",
            },
            {
                "year": 2024,
                "nip": nip(4),
                "opd": "A",
                "jabatan": "Analis Hukum",
                "education": "S-1",
                "education_name": "S-1 Akuntansi",
            },
            {
                "year": 2024,
                "nip": nip(5),
                "opd": "A",
                "jabatan": "Analis Hukum",
                "education": "S-2",
                "education_name": "S-2 Ilmu  Hukum",
            },
            {
                "year": 2024,
                "nip": nip(6),
                "opd": "A",
                "jabatan": "Pengadministrasi",
                "education": "SLTA",
                "education_name": "SMA IPS",
            },
        ]
    )
    req = schemas.conform(
        "requirements",
        pd.DataFrame(
            [
                {"jabatan": j, "min_education": e, "bidang": b, "source_file": "t", "source_row": 1}
                for j, e, b in (
                    ("Dokter Ahli Pertama", "Profesi", "KEDOKTERAN"),
                    ("Analis Hukum", "S-1", "ILMU HUKUM / HUKUM TATA NEGARA"),
                    ("Pengadministrasi", "SLTA", None),
                )
            ]
        ),
    )
    p = qualification.meets_requirement(r, req, 2024).set_index("nip")
    # an S-2 ranks above Profesi but does not make a doctor; a specialist does
    assert p["meets"].tolist() == [False, True, True, False, True, True]
    assert p["reason"].astype(object).tolist()[:4] == [
        "jenjang kurang",
        np.nan,
        np.nan,
        "bidang tidak sesuai",
    ]
    assert p["meets_field"].tolist()[3:] == [False, True, pd.NA]
    assert qualification.requirement_summary(req) == {
        "positions": 3,
        "with_field": 2,
        "without_field": 1,
    }
    with pytest.raises(KeyError):
        qualification.requirement_summary(req.drop(columns="jabatan"))


# ------------------------------------------------------------------ competency


def test_jpm_worked_example_on_both_scales():
    required = pd.DataFrame([[3] * 9], dtype="Float64")
    assessed = pd.DataFrame([[3, 2, 3, 3, 2, 3, 3, 3, 2]], dtype="Float64")
    value = jpm_of(required, assessed).iloc[0]
    assert value == 88.89  # 24 / 27 x 100
    a = pd.DataFrame({"jpm": [value, None], "jenis_asesmen": ["Seleksi", "Pemetaan"]})
    out = competency.jpm_categories(a)
    assert out.loc[0, "kategori_pemetaan"] == "Cukup Optimal"
    assert out.loc[0, "kategori_seleksi"] == "Memenuhi Syarat"
    assert out.loc[0, "kategori"] == "Memenuhi Syarat"  # a selection is read on its own scale
    assert pd.isna(out.loc[1, "kategori"])  # not assessed stays missing
    # an unknown (or missing) assessment type has no own-scale category: never pemetaan
    odd = competency.jpm_categories(
        pd.DataFrame({"jpm": [95.0, 95.0], "jenis_asesmen": ["Uji Kompetensi", None]})
    )
    assert odd["kategori"].isna().all() and (odd["kategori_pemetaan"] == "Optimal").all()
    with pytest.raises(ValueError, match="below 0"):
        competency.jpm_categories(pd.DataFrame({"jpm": [-1.0], "jenis_asesmen": ["Pemetaan"]}))


def test_gaps_coverage_training():
    c = pd.DataFrame(
        {
            "year": 2024,
            "opd": "A",
            "kompetensi": "Integritas",
            "nip": [nip(1), nip(2)],
            "required": [3, 3],
            "assessed": [2, 4],
        }
    )
    g = competency.gaps(c).iloc[0]
    assert (g.assessed_people, g.mean_gap, g.share_below) == (2, 0.0, 0.5)
    with pytest.raises(ValueError, match="below 1"):
        competency.gaps(c.assign(required=0))
    r = roster([{"year": 2024, "nip": nip(i), "opd": "A"} for i in range(4)])
    a = pd.DataFrame({"year": [2022, 2024, 2020], "nip": [nip(0), nip(1), nip(2)]})
    cov = competency.coverage(r, a, 2024, window=3).iloc[0]
    assert (cov.asn, cov.assessed, cov.share) == (4, 2, 0.5)
    t = pd.DataFrame({"year": 2024, "nip": [nip(0), nip(1), nip(1)], "jp": [20.0, 8.0, 4.0]})
    tr = competency.training_rule(r, t, 2024).iloc[0]
    assert (tr.asn, tr.meeting, tr.mean_jp) == (4, 1, 8.0)  # (20 + 12 + 0 + 0) / 4
    with pytest.raises(ValueError, match="no roster for 2030"):
        competency.training_rule(r, t, 2030)


# ------------------------------------------------------------------ talent


def test_nine_box_placement_and_pools():
    s = skp(
        [
            {"nip": nip(i), "year": 2024, "opd": "A", "nama": f"P{i}", "predikat": p}
            for i, p in enumerate(["Sangat Baik", "Baik", "Butuh Perbaikan", None])
        ]
    )
    a = pd.DataFrame(
        {
            "nip": [nip(0), nip(1), nip(2)],
            "year": 2024,
            "potensi": [85.0, 70.0, 60.0],
            "tanggal": pd.Timestamp("2024-05-01"),
        }
    )
    pl = talent.nine_box_placement(performance.annual_predikat(s), a, 2024).set_index("nip")
    assert [pl.loc[nip(i), "box"] for i in range(3)] == [9, 5, 1]
    assert pl.loc[nip(3), "reason"] == "belum dinilai dan belum diases"
    pool = talent.pools(pl.reset_index()).iloc[0]
    assert (pool.box_9, pool.pool_instansi, pool.pool_nasional, pool.placed) == (1, 1, 1, 3)


# ------------------------------------------------------------------ IP ASN


def _events(rows):
    base = {
        "opd": "A",
        "penyelenggara": None,
        "mulai": pd.NaT,
        "selesai": pd.NaT,
        "source_file": "t",
        "source_row": 1,
    }
    return schemas.conform("training_events", pd.DataFrame([base | r for r in rows]))


def _ip_case():
    p = [nip(i) for i in range(1, 6)]
    r = roster(
        [
            {
                "year": 2024,
                "nip": p[0],
                "opd": "A",
                "education": "S-2",
                "jenis_pegawai": "PNS",
                "jenis_jabatan": "Administrator",
            },
            {
                "year": 2024,
                "nip": p[1],
                "opd": "A",
                "education": "S-1",
                "jenis_pegawai": "PNS",
                "jenis_jabatan": "Fungsional",
            },
            {
                "year": 2024,
                "nip": p[2],
                "opd": "A",
                "education": "SLTA",
                "jenis_pegawai": "PNS",
                "jenis_jabatan": "Pelaksana",
            },
            {
                "year": 2024,
                "nip": p[3],
                "opd": "A",
                "education": "S-1",
                "jenis_pegawai": "PPPK",
                "jenis_jabatan": "Fungsional",
            },
            {
                "year": 2024,
                "nip": p[4],
                "opd": "A",
                "education": "S-1",
                "jenis_pegawai": "PNS",
                "jenis_jabatan": "Pelaksana",
            },
        ]
    )
    s = skp(
        [
            {"nip": n, "year": 2024, "opd": "A", "predikat": v}
            for n, v in zip(
                p, ["Baik", "Sangat Baik", "Butuh Perbaikan", "Baik", "Baik"], strict=True
            )
        ]
    )
    kep, tek, fun, sem = (
        "Pelatihan Kepemimpinan",
        "Pelatihan Teknis",
        "Pelatihan Fungsional",
        "Seminar/Webinar",
    )
    t = _events(
        [
            # p0: leadership of his own level in 2020 (counts at any time), a 16 JP technical
            # course (below 20 JP) and a seminar in the 3-year window
            {
                "nip": p[0],
                "year": 2020,
                "jenis": kep,
                "pelatihan": "Pelatihan Kepemimpinan Administrator",
                "jp": 200.0,
            },
            {"nip": p[0], "year": 2023, "jenis": tek, "pelatihan": "Pelayanan Prima", "jp": 16.0},
            {"nip": p[0], "year": 2024, "jenis": sem, "pelatihan": "Webinar", "jp": 2.0},
            # p1: functional and a 20 JP technical course; a leadership course of another level
            {
                "nip": p[1],
                "year": 2022,
                "jenis": fun,
                "pelatihan": "Pelatihan Dasar JF",
                "jp": 40.0,
            },
            {"nip": p[1], "year": 2023, "jenis": tek, "pelatihan": "Arsip", "jp": 20.0},
            {
                "nip": p[1],
                "year": 2023,
                "jenis": kep,
                "pelatihan": "Pelatihan Kepemimpinan Pengawas",
                "jp": 200.0,
            },
            # p1's technical course of 2021 is outside the window; p3 is PPPK (out of scope)
            {"nip": p[1], "year": 2021, "jenis": sem, "pelatihan": "Seminar", "jp": 4.0},
            {"nip": p[3], "year": 2024, "jenis": tek, "pelatihan": "Teknis", "jp": 40.0},
            # p4: a type no rule word matches: kompetensi cannot be computed for them
            {"nip": p[4], "year": 2024, "jenis": "Lainnya", "pelatihan": "Outbound", "jp": 8.0},
        ]
    )
    d = pd.DataFrame({"nip": [p[1]], "year": [2024], "tingkat": ["Ringan"]})
    return p, r, performance.annual_predikat(s), t, d


def test_ip_asn_three_worked_pns_from_training_history():
    p, r, annual, t, d = _ip_case()
    out = ip_asn.scores(r, annual, t, d, 2024).set_index("nip")
    assert p[3] not in out.index  # PPPK are not in Peraturan BKN 8/2019's scope
    dims = ["kualifikasi", "kompetensi", "kinerja", "disiplin", "total"]
    # S-2 20 + (leadership 15 + seminar 10) + Baik 25 + no sanction 5 = 75
    assert out.loc[p[0], dims].tolist() == [20, 25, 25, 5, 75]
    assert out.loc[p[0], "category"] == "Sedang"
    # S-1 15 + (functional 15 + technical 15) + Sangat Baik 30 + ringan 3 = 78
    assert out.loc[p[1], dims].tolist() == [15, 30, 30, 3, 78]
    # SLTA 5 + no training 0 + Butuh Perbaikan 15 + 5 = 25
    assert out.loc[p[2], dims].tolist() == [5, 0, 15, 5, 25]
    assert out.loc[p[2], "category"] == "Sangat Rendah"
    assert pd.isna(out.loc[p[4], "kompetensi"]) and pd.isna(out.loc[p[4], "total"])
    assert out.loc[p[4], "kompetensi_note"] == ip_asn.UNKNOWN_TYPE
    opd = ip_asn.by_opd(out.reset_index()).iloc[0]
    assert (opd.asn, opd.scored) == (4, 3) and opd["mean"] == pytest.approx((75 + 78 + 25) / 3)


def test_ip_asn_without_training_types_is_not_computed():
    p, r, annual, t, d = _ip_case()
    out = ip_asn.scores(r, annual, t.assign(jenis=None), d, 2024)
    assert out["kompetensi"].isna().all() and out["total"].isna().all()
    assert set(out["kompetensi_note"]) == {ip_asn.NO_TYPES}
    out = ip_asn.scores(r, annual, t.iloc[:0], d, 2024)
    assert set(out["kompetensi_note"]) == {ip_asn.NO_TRAINING}


def test_ip_asn_applies_all_four_weights_from_the_rule_file(tmp_path):
    p, r, annual, t, d = _ip_case()
    text = (rules.PACKAGE_DIR / "ip_asn.yaml").read_text(encoding="utf-8")
    (tmp_path / "ip_asn.yaml").write_text(
        text.replace(
            "weights: {kualifikasi: 25, kompetensi: 40, kinerja: 30, disiplin: 5}",
            "weights: {kualifikasi: 20, kompetensi: 30, kinerja: 40, disiplin: 10}",
        ),
        encoding="utf-8",
    )
    out = ip_asn.scores(r, annual, t, d, 2024, tmp_path).set_index("nip")
    # p1: 15/25 x 20 = 12; 30/40 x 30 = 22.5; 30/30 x 40 = 40; 3/5 x 10 = 6
    assert out.loc[
        p[1], ["kualifikasi", "kompetensi", "kinerja", "disiplin", "total"]
    ].tolist() == [12, 22.5, 40, 6, 80.5]
    (tmp_path / "ip_asn.yaml").write_text(
        text.replace("disiplin: 5}", "disiplin: 15}"), encoding="utf-8"
    )
    with pytest.raises(rules.RuleError, match="sum to 100"):
        ip_asn.scores(r, annual, t, d, 2024, tmp_path)
    (tmp_path / "ip_asn.yaml").write_text(
        text.replace("  min_teknis_jp: 20", "  min_jp: 20"), encoding="utf-8"
    )
    with pytest.raises(rules.RuleError, match="key 'kompetensi.min_teknis_jp': missing key"):
        ip_asn.scores(r, annual, t, d, 2024, tmp_path)


def test_ip_asn_disiplin_is_unknown_when_a_sanction_level_is():
    people = [nip(i) for i in range(1, 5)]
    r = roster(
        [
            {
                "year": 2024,
                "nip": n,
                "opd": "A",
                "education": "S-1",
                "jenis_pegawai": "PNS",
                "jenis_jabatan": "Pelaksana",
            }
            for n in people
        ]
    )
    s = skp([{"nip": n, "year": 2024, "opd": "A", "predikat": "Baik"} for n in people])
    t = _events(
        [
            {"nip": n, "year": 2024, "jenis": "Pelatihan Teknis", "pelatihan": "X", "jp": 24.0}
            for n in people
        ]
    )
    d = pd.DataFrame(
        {
            "nip": [people[0], people[1], people[1], people[2], people[2]],
            "year": 2024,
            "tingkat": ["Sedang", None, "Ringan", None, "Berat"],
        }
    )
    out = ip_asn.scores(r, performance.annual_predikat(s), t, d, 2024).set_index("nip")
    # S-1 15 + technical 15 + Baik 25 + disiplin
    assert out.loc[people[0], "disiplin"] == 1 and out.loc[people[0], "total"] == 56  # sedang
    assert pd.isna(out.loc[people[1], "disiplin"]) and pd.isna(out.loc[people[1], "total"])
    assert out.loc[people[2], "disiplin"] == 0  # berat is the least whatever the other was
    assert out.loc[people[3], "disiplin"] == 5  # no sanction


# ------------------------------------------------------------------ merit


def _merit(year, rows):
    return pd.DataFrame(
        [
            {
                "year": year,
                "aspek_no": a,
                "aspek": f"Aspek {a}",
                "sub_no": f"{a}.1",
                "bobot": b,
                "nilai": n,
            }
            for a, b, n in rows
        ]
    )


def test_merit_index_aspects_movers_gap():
    m = pd.concat([_merit(2023, [(1, 60, 3), (2, 40, 2)]), _merit(2024, [(1, 60, 3), (2, 40, 4)])])
    idx = merit.index_by_year(m).set_index("year")
    assert idx.loc[2023, "score"] == 260 and idx.loc[2023, "index"] == 0.65
    assert idx.loc[2023, "band"] == "Baik" and idx.loc[2024, "score"] == 340
    assert idx.loc[2024, "band"] == "Sangat Baik"
    mv = merit.movers(merit.by_aspect(m), 2023, 2024)
    assert mv.iloc[0]["aspek_no"] == 2 and mv.iloc[0]["change"] == 80
    assert merit.gap_to_next_band(254.4, 2022) == ("Sangat Baik", 70.6)
    assert merit.gap_to_next_band(330, 2024) == (None, 0.0)
    ref = merit.reference_points()
    scored = ref.dropna(subset=["score"])
    assert scored["score"].tolist() == [254.4, 272.5] and scored["index"].tolist() == [0.636, 0.681]
    # 272,5: the ceremony of 8 December 2022 (reported 12 December), never an invented day
    assert scored["date"].dt.strftime("%Y-%m-%d").tolist() == ["2022-02-13", "2022-12-08"]
    earlier = ref[ref["score"].isna()]  # the earlier Buruk standing: text, no score, no date
    assert earlier["band"].tolist() == ["Buruk"] and earlier["date"].isna().all()
    assert "tidak dipublikasikan" in earlier["text"].iloc[0]
    with pytest.raises(ValueError, match="outside 100-400"):
        merit.index_by_year(_merit(2024, [(1, 20, 4)]))
    # 2026 on (PermenPANRB 19/2025): range and bands not in our sources, so no index, no band
    # and no points to a next band
    new = merit.index_by_year(_merit(2026, [(1, 60, 3), (2, 40, 2)])).iloc[0]
    assert new["score"] == 260 and pd.isna(new["index"]) and new["band"] is None
    assert merit.gap_to_next_band(260, 2026) == (None, None)
    assert rules.merit_band(260, 2026) == (None, None)
    with pytest.raises(ValueError, match="no merit self-assessment for 2019"):
        merit.movers(merit.by_aspect(m), 2019, 2024)


# ------------------------------------------------------------------ awards


def test_readiness_scores_and_explains():
    metrics = ["skp_rated_share", "skp_approved_share", "quota_compliance_share"]
    ind = pd.DataFrame({"metric": metrics, "value": [0.96, 0.90, float("nan")]})
    cat = "Implementasi Penerapan Manajemen Kinerja"
    ev = schemas.conform(
        "award_evidence",
        pd.DataFrame(
            [
                {
                    "year": 2023,
                    "kategori": cat,
                    "bukti": b,
                    "ada": True,
                    "source_file": "t",
                    "source_row": 1,
                }
                for b in ("SK", "SOP")
            ]
        ),
    )
    r = awards.readiness(2023, ind, ev)
    k = r[r["category"] == "Implementasi Penerapan Manajemen Kinerja"].set_index("metric")
    assert bool(k.loc["skp_rated_share", "met"]) and not bool(k.loc["skp_approved_share", "met"])
    assert "kurang 5,0%" in k.loc["skp_approved_share", "why"]
    assert pd.isna(k.loc["quota_compliance_share", "met"])
    assert "data tidak tersedia" in k.loc["quota_compliance_share", "why"]
    # weights 3 (met) + 2 (not) + 2 (no data) + evidence 2 (met) -> 5 / 9
    assert k["score"].iloc[0] == pytest.approx(5 / 9) and k["status"].iloc[0] == "Belum siap"
    with pytest.raises(rules.RuleError, match="no BKN Award categories for 2030"):
        awards.readiness(2030, ind, ev)
    # no source gives a 2024 list: no readiness for it, never a copy of 2023
    with pytest.raises(rules.RuleError, match="no BKN Award categories for 2024"):
        awards.readiness(2024, ind, ev)
    r19 = awards.readiness(2019, ind, ev)
    assert r19["category"].nunique() == 5 and len(rules.load("bkn_award")["categories"][2018]) == 7
    assert awards.award_years()[-1] == 2023


def test_readiness_data_year_is_the_latest_with_rated_annual_skp():
    people = [nip(i) for i in range(4)]
    r = roster([{"year": y, "nip": n, "opd": "A"} for y in (2022, 2023, 2024) for n in people])
    # 2024: one of four rated (25% < 50%): still being rated; 2023: three of four
    s = skp(
        [{"nip": n, "year": 2023, "opd": "A", "predikat": "Baik"} for n in people[:3]]
        + [{"nip": people[0], "year": 2024, "opd": "A", "predikat": "Baik"}]
    )
    assert awards.data_year(r, s, 2024) == 2023
    assert awards.data_year(r, s, 2023) == 2023
    assert awards.data_year(r, s, 2022) is None


def _nominations(rows):
    cols = list(schemas.empty("nominations").columns)
    base = {c: None for c in cols} | {
        "year": 2024,
        "jabatan": "J",
        "source_file": "t",
        "source_row": 1,
    }
    return schemas.conform("nominations", pd.DataFrame([base | r for r in rows]))


def _award_case():
    p = [nip(i) for i in range(9)]
    r = roster(
        [
            {"year": 2024, "nip": n, "opd": "B" if i == 6 else "A", "nama": f"P{i}", "jabatan": "J"}
            for i, n in enumerate(p)
        ]
    )
    sb = "Sangat Baik"
    s = skp(
        [{"nip": p[0], "year": y, "opd": "A", "predikat": sb} for y in (2022, 2023)]
        + [{"nip": p[1], "year": 2022, "opd": "A", "predikat": sb}]
        # p7: Sangat Baik in 2023 and 2024 but Baik in 2022: the award year's own SKP is
        # not rated yet when nominations close, so p7 is not a berkinerja candidate
        + [
            {"nip": p[7], "year": y, "opd": "A", "predikat": v}
            for y, v in ((2022, "Baik"), (2023, sb), (2024, sb))
        ]
        # p8: Sangat Baik twice but 10 JP of training in 2023
        + [{"nip": p[8], "year": y, "opd": "A", "predikat": sb} for y in (2022, 2023)]
    )
    a = pd.DataFrame(
        {
            "nip": [p[0], p[1], p[2], p[8]],
            "year": 2024,
            "jpm": [95.0, 99.0, 90.0, 80],
            "tanggal": pd.NaT,
        }
    )
    t = pd.DataFrame(
        {"year": 2023, "nip": [p[0], p[4], p[5], p[8]], "jp": [30.0, 10.0, 40.0, 10.0]}
    )
    nom = _nominations(
        [
            {
                "opd": "A",
                "nip": p[1],
                "nama": "P1",
                "kategori": "ASN Berkinerja",
                "rekomendasi": True,
            },
            {
                "opd": "A",
                "nip": p[2],
                "nama": "P2",
                "kategori": "ASN Berprestasi",
                "rekomendasi": True,
            },
            {
                "opd": "A",
                "nip": p[3],
                "nama": "P3",
                "kategori": "ASN Berprestasi",
                "rekomendasi": True,
            },
            {
                "opd": "A",
                "nip": p[4],
                "nama": "P4",
                "kategori": "ASN Berinovasi",
                "rekomendasi": True,
            },
            {
                "opd": "A",
                "nip": p[5],
                "nama": "P5",
                "kategori": "ASN Berinovasi",
                "rekomendasi": True,
            },
            {
                "opd": "B",
                "nip": p[6],
                "nama": "P6",
                "kategori": "ASN Berinovasi",
                "rekomendasi": None,
            },
        ]
    )
    disc = pd.DataFrame({"nip": pd.Series([], dtype="str"), "year": pd.Series([], dtype="Int64")})
    return p, dict(roster=r, skp=s, assessments=a, training=t, discipline=disc, nominations=nom)


def test_shortlist_keeps_three_per_opd_in_total_across_categories():
    p, kw = _award_case()
    sl = awards.shortlist(2024, **kw).set_index("nip")
    # OPD A: 5 nominations + p0 and p8 from the data. Eligible: berkinerja p0; berprestasi p2
    # (JPM 90), p3 (no JPM, ranked after); berinovasi p5 (40 JP), p4 (10 JP). Places go in
    # turns: p0, p2, p5 (each category's first), then p3 and p4 are outside the 3 places.
    top = sl[sl["shortlisted"]].sort_values("rank")
    assert top.index.tolist() == [p[0], p[2], p[5]]
    assert top["rank"].tolist() == [1, 2, 3]
    assert sl.loc[p[3], "rank"] == 4 and sl.loc[p[4], "rank"] == 5
    assert sl.loc[p[3], "reason"] == "di luar 3 tempat OPD"
    assert sl.loc[p[3], "rank_kategori"] == 2
    # berkinerja is judged on 2023 and 2022 (2024 is not rated when nominations close)
    assert sl.loc[p[1], "reason"] == "tidak ada SKP tahunan 2023 yang sudah dinilai"
    assert sl.loc[p[0], "predikat_history"] == "2022: Sangat Baik; 2023: Sangat Baik"
    assert p[7] not in sl.index
    assert sl.loc[p[8], "reason"] == "pelatihan 2023 kurang dari 20 JP"
    assert sl.loc[p[6], "reason"] == "tanpa rekomendasi kepala OPD"
    assert sl.loc[p[0], "sumber"] == "data" and sl.loc[p[2], "sumber"] == "usulan"
    # only berkinerja needs a JPM: p3 and p5 have none and are not excluded for it
    assert pd.isna(sl.loc[p[5], "jpm"]) and sl.loc[p[5], "shortlisted"]
    assert int(sl.groupby("opd")["shortlisted"].sum().max()) == 3
    lebih = awards.over_limit(kw["nominations"], 2024, sl.reset_index())
    assert set(lebih["opd"]) == {"A"} and len(lebih) == 5
    assert lebih["usulan_opd"].unique().tolist() == [5]
    assert lebih["shortlisted"].sum() == 2  # p2 and p5 (p0 came from the data)
    assert awards.mask_nip(pd.Series(["198609262015051001"])).iloc[0] == "198609********1001"
    with pytest.raises(ValueError, match="no roster for 2025"):
        awards.shortlist(2025, **kw)


def test_shortlist_rule_file_without_a_key_names_file_and_key(tmp_path):
    _, kw = _award_case()
    text = (rules.PACKAGE_DIR / "asn_award.yaml").read_text(encoding="utf-8")
    (tmp_path / "asn_award.yaml").write_text(
        text.replace("  last_completed_offset: 1", "  last_offset: 1"), encoding="utf-8"
    )
    missing = "asn_award.yaml: key 'berkinerja.last_completed_offset': missing key"
    with pytest.raises(rules.RuleError, match=missing):
        awards.shortlist(2024, rules_dir=tmp_path, **kw)


def test_metric_outputs_are_checked_against_their_declaration():
    from pandera.errors import SchemaErrors

    from kediri_analytics.metrics.outputs import check

    ok = pd.DataFrame({"predikat": ["Baik"], "count": [2], "share": [1.0]})
    pd.testing.assert_frame_equal(check("distribution", ok), ok)
    with pytest.raises(SchemaErrors, match="share outside 0-1"):
        check("distribution", ok.assign(share=1.5))
    with pytest.raises(SchemaErrors, match="negative count"):
        check("distribution", ok.assign(count=-1))
    with pytest.raises(ValueError, match="lacks columns"):
        check("distribution", pd.DataFrame(columns=["predikat"]))


def test_indonesian_formats():
    from kediri_analytics.present import fmt

    assert fmt.number(1234567) == "1.234.567"
    assert fmt.number(254.4, 1) == "254,4"
    assert fmt.number(-1234.5, 2) == "-1.234,50"
    assert fmt.percent(0.985) == "98,5%"
    assert fmt.date("2026-11-23") == "23 November 2026"
    assert fmt.number(None) == fmt.percent(float("nan")) == fmt.date(None) == "-"


def test_award_actions_rank_by_score_gained_across_categories():
    ready = pd.DataFrame(
        {
            "category": ["A", "A", "B", "B"],
            "metric": ["x", "y", "x", "z"],
            "label": ["X", "Y", "X", "Z"],
            "value": [0.5, 0.9, 0.5, 0.1],
            "op": [">=", ">=", ">=", ">="],
            "threshold": [0.8, 0.8, 0.8, 0.2],
            "weight": [1.0, 3.0, 1.0, 1.0],
            "met": pd.array([False, True, False, False], dtype="boolean"),
        }
    )
    got = awards.actions(ready)
    # x: 1/4 in A + 1/2 in B = 0.75; z: 1/2 in B; y is met
    assert got["metric"].tolist() == ["x", "z"]
    assert got["gain"].tolist() == pytest.approx([0.75, 0.5])
    assert got.loc[0, "categories"] == "A; B" and got.loc[0, "gap"] == pytest.approx(0.3)
    assert awards.actions(ready.iloc[:0]).empty


def test_shortlist_names_a_misspelt_category_and_its_closest_match():
    n = nip(0)
    r = roster([{"year": 2024, "nip": n, "opd": "A", "nama": "P0", "jabatan": "J"}])
    s = skp([{"nip": n, "year": y, "opd": "A", "predikat": "Baik"} for y in (2023, 2024)])
    a = pd.DataFrame({"nip": [n], "year": 2024, "jpm": [90.0], "tanggal": pd.NaT})
    t = pd.DataFrame({"year": [2024], "nip": [n], "jp": [30.0]})
    disc = pd.DataFrame({"nip": pd.Series([], dtype="str"), "year": pd.Series([], dtype="Int64")})
    cols = list(schemas.empty("nominations").columns)
    nom = pd.DataFrame(
        [
            {c: None for c in cols}
            | {
                "year": 2024,
                "opd": "A",
                "nip": n,
                "nama": "P0",
                "jabatan": "J",
                "kategori": "ASN Berprestsi",
                "rekomendasi": True,
            }
        ]
    )
    sl = awards.shortlist(
        2024, roster=r, skp=s, assessments=a, training=t, discipline=disc, nominations=nom
    )
    bad = sl[sl["kategori"] == "ASN Berprestsi"]
    assert len(bad) == 1 and not bad["shortlisted"].any()
    assert bad["reason"].iloc[0] == (
        "kategori 'ASN Berprestsi' tidak ada di aturan (maksudnya 'ASN Berprestasi'?)"
    )


def test_readiness_indicators_without_a_training_list_say_no_data():
    people = [nip(i) for i in range(4)]
    r = roster([{"year": 2023, "nip": n, "opd": "A", "education": "S-1"} for n in people])
    s = skp([{"nip": n, "year": 2023, "opd": "A", "predikat": "Baik"} for n in people])
    empty = {
        t: schemas.empty(t)
        for t in (
            "skp_documents",
            "opd_predikat",
            "assessments",
            "training",
            "requirements",
            "merit_assessment",
        )
    }
    files = schemas.empty("files")
    v = awards.indicators(2023, roster=r, skp=s, files=files, **empty).set_index("metric")
    assert pd.isna(v.loc["training_20jp_share", "value"])  # no training list: not 0%
    assert v.loc["skp_rated_share", "value"] == 1.0
    with pytest.raises(ValueError, match="no roster for 2024"):
        awards.indicators(2024, roster=r, skp=s, files=files, **empty)
