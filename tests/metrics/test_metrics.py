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
    base = {"period": "Tahunan", "regime": "PermenPANRB 6/2022", "acting": False, "rated": True,
            "source_file": "t", "source_row": 1}  # fmt: skip
    df = pd.DataFrame([{**base, **r} for r in rows])
    if "rated" not in df or df["predikat"].isna().any():
        df["rated"] = df["predikat"].notna() | df.get("sebutan", pd.Series(dtype=object)).notna()
    return schemas.conform("skp", df)


def roster(rows) -> pd.DataFrame:
    base = {"source": "siasn", "source_file": "t", "source_row": 1}
    return schemas.conform("roster", pd.DataFrame([{**base, **r} for r in rows]))


# ------------------------------------------------------------------ performance


def test_annual_predikat_own_rows_bridge_and_not_rated():
    s = skp([
        {"nip": nip(1), "year": 2024, "opd": "A", "predikat": "Baik"},
        {"nip": nip(1), "year": 2024, "opd": "A", "predikat": "Sangat Baik", "acting": True},
        {"nip": nip(2), "year": 2021, "opd": "A", "predikat": None, "sebutan": "Cukup",
         "nilai": 80.0, "regime": "PP 30/2019"},
        {"nip": nip(3), "year": 2024, "opd": "B", "predikat": None, "rated": False},
    ])  # fmt: skip
    a = performance.annual_predikat(s).set_index("nip")
    assert len(a) == 3
    assert a.loc[nip(1), "predikat"] == "Baik"  # the acting SKP is not the person's own
    assert a.loc[nip(2), "predikat"] == "Butuh Perbaikan" and a.loc[nip(2), "bridged"]
    assert pd.isna(a.loc[nip(3), "predikat"]) and not a.loc[nip(3), "rated"]
    with pytest.raises(ValueError, match="lacks columns"):
        performance.annual_predikat(s.drop(columns=["acting"]))


def test_distribution_shares_sum_to_one():
    s = skp([{"nip": nip(i), "year": 2024, "opd": "A", "predikat": p}
             for i, p in enumerate(["Baik", "Baik", "Sangat Baik", None])])  # fmt: skip
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
    docs = schemas.conform("skp_documents", pd.DataFrame(
        [{"nip": nip(i), "year": 2024, "approved": ok, "acting": False, "source_file": "t",
          "source_row": 1} for i, ok in ((0, True), (1, True), (2, False))]))  # fmt: skip
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
        rows += [{"nip": nip(start + i), "year": 2024, "opd": opd, "predikat": p}
                 for i, p in enumerate(mix)]  # fmt: skip
    org = schemas.conform("opd_predikat", pd.DataFrame(
        [{"opd": o, "year": 2024, "predikat": "Baik", "source_file": "t", "source_row": 1}
         for o in ("X", "Y")]))  # fmt: skip
    return performance.annual_predikat(skp(rows)), org


def test_quota_violation_and_pass():
    a, org = _quota_fixture()
    check = performance.quota_check(a, org, 2024)
    x = check[check["opd"] == "X"].set_index("labels")
    assert x.loc["Baik", "share"] == 0.8 and not x.loc["Baik", "ok"]  # more than 70% Baik
    summary = performance.quota_summary(check).set_index("opd")["ok"]
    assert summary.to_dict() == {"X": False, "Y": True}
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
    r = roster([
        {"year": 2024, "nip": nip(1), "opd": "A", "jabatan": "Analis", "education": "D-IV"},
        {"year": 2024, "nip": nip(2), "opd": "A", "jabatan": "Perawat", "education": "SLTA"},
        {"year": 2024, "nip": nip(3), "opd": "A", "jabatan": "Baru", "education": "S-2"},
    ])  # fmt: skip
    req = schemas.conform("requirements", pd.DataFrame(
        [{"jabatan": j, "min_education": e, "source_file": "t", "source_row": 1}
         for j, e in (("Analis", "S-1"), ("Perawat", "D-III"))]))  # fmt: skip
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
    r = roster([
        {"year": 2024, "nip": nip(1), "opd": "A", "jabatan": "Dokter Ahli Pertama",
         "education": "S-2", "education_name": "S-2 KESEHATAN MASYARAKAT"},
        {"year": 2024, "nip": nip(2), "opd": "A", "jabatan": "Dokter Ahli Pertama",
         "education": "Profesi", "education_name": "PROFESI KEDOKTERAN"},
        {"year": 2024, "nip": nip(3), "opd": "A", "jabatan": "Dokter Ahli Pertama",
         "education": "Spesialis", "education_name": "SPESIALIS KEDOKTERAN ANAK"},
        {"year": 2024, "nip": nip(4), "opd": "A", "jabatan": "Analis Hukum",
         "education": "S-1", "education_name": "S-1 Akuntansi"},
        {"year": 2024, "nip": nip(5), "opd": "A", "jabatan": "Analis Hukum",
         "education": "S-2", "education_name": "S-2 Ilmu  Hukum"},
        {"year": 2024, "nip": nip(6), "opd": "A", "jabatan": "Pengadministrasi",
         "education": "SLTA", "education_name": "SMA IPS"},
    ])  # fmt: skip
    req = schemas.conform("requirements", pd.DataFrame(
        [{"jabatan": j, "min_education": e, "bidang": b, "source_file": "t", "source_row": 1}
         for j, e, b in (("Dokter Ahli Pertama", "Profesi", "KEDOKTERAN"),
                         ("Analis Hukum", "S-1", "ILMU HUKUM / HUKUM TATA NEGARA"),
                         ("Pengadministrasi", "SLTA", None))]))  # fmt: skip
    p = qualification.meets_requirement(r, req, 2024).set_index("nip")
    # an S-2 ranks above Profesi but does not make a doctor; a specialist does
    assert p["meets"].tolist() == [False, True, True, False, True, True]
    assert p["reason"].astype(object).tolist()[:4] == [
        "jenjang kurang", np.nan, np.nan, "bidang tidak sesuai"]  # fmt: skip
    assert p["meets_field"].tolist()[3:] == [False, True, pd.NA]
    assert qualification.requirement_summary(req) == {
        "positions": 3, "with_field": 2, "without_field": 1}  # fmt: skip
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
    with pytest.raises(ValueError, match="below 0"):
        competency.jpm_categories(pd.DataFrame({"jpm": [-1.0], "jenis_asesmen": ["Pemetaan"]}))


def test_gaps_coverage_training():
    c = pd.DataFrame({"year": 2024, "opd": "A", "kompetensi": "Integritas",
                      "nip": [nip(1), nip(2)], "required": [3, 3], "assessed": [2, 4]})  # fmt: skip
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
    s = skp([{"nip": nip(i), "year": 2024, "opd": "A", "nama": f"P{i}", "predikat": p}
             for i, p in enumerate(["Sangat Baik", "Baik", "Butuh Perbaikan", None])])  # fmt: skip
    a = pd.DataFrame({"nip": [nip(0), nip(1), nip(2)], "year": 2024, "potensi": [85.0, 70.0, 60.0],
                      "tanggal": pd.Timestamp("2024-05-01")})  # fmt: skip
    pl = talent.nine_box_placement(performance.annual_predikat(s), a, 2024).set_index("nip")
    assert [pl.loc[nip(i), "box"] for i in range(3)] == [9, 5, 1]
    assert pl.loc[nip(3), "reason"] == "belum dinilai dan belum diases"
    pool = talent.pools(pl.reset_index()).iloc[0]
    assert (pool.box_9, pool.pool_instansi, pool.pool_nasional, pool.placed) == (1, 1, 1, 3)


# ------------------------------------------------------------------ IP ASN


def test_ip_asn_worked_example_and_missing_dimension():
    r = roster(
        [
            {"year": 2024, "nip": nip(1), "opd": "A", "education": "S-2"},
            {"year": 2024, "nip": nip(2), "opd": "A", "education": "S-1"},
        ]
    )
    s = skp([{"nip": nip(1), "year": 2024, "opd": "A", "predikat": "Baik"}])
    a = pd.DataFrame({"nip": [nip(1)], "year": 2024, "jpm": [90.0], "tanggal": pd.NaT})
    t = pd.DataFrame({"year": 2024, "nip": [nip(2)], "jp": [25.0]})
    d = pd.DataFrame({"nip": [nip(2)], "year": [2024], "tingkat": ["Ringan"]})
    out = ip_asn.scores(r, performance.annual_predikat(s), a, t, d, 2024).set_index("nip")
    one = out.loc[nip(1)]
    # S-2 20 + JPM 90 -> 36 of 40 + Baik 25 + no sanction 5 = 86
    assert (one.kualifikasi, one.kompetensi, one.kinerja, one.disiplin, one.total) == (
        20, 36, 25, 5, 86)  # fmt: skip
    assert one.category == "Tinggi"
    two = out.loc[nip(2)]
    assert (two.kualifikasi, two.kompetensi, two.disiplin) == (15, 10, 3)  # floor with 25 JP
    assert pd.isna(two.kinerja) and pd.isna(two.total)  # not rated: no total, never 0
    opd = ip_asn.by_opd(out.reset_index()).iloc[0]
    assert (opd.asn, opd.scored, opd["mean"]) == (2, 1, 86)


def test_ip_asn_disiplin_is_unknown_when_a_sanction_level_is():
    people = [nip(i) for i in range(1, 5)]
    r = roster([{"year": 2024, "nip": n, "opd": "A", "education": "S-1"} for n in people])
    s = skp([{"nip": n, "year": 2024, "opd": "A", "predikat": "Baik"} for n in people])
    a = pd.DataFrame({"nip": people, "year": 2024, "jpm": 80.0, "tanggal": pd.NaT})
    t = pd.DataFrame({"year": [2024], "nip": [people[0]], "jp": [0.0]})
    d = pd.DataFrame(
        {
            "nip": [people[0], people[1], people[1], people[2], people[2]],
            "year": 2024,
            "tingkat": ["Sedang", None, "Ringan", None, "Berat"],
        }
    )
    out = ip_asn.scores(r, performance.annual_predikat(s), a, t, d, 2024).set_index("nip")
    # S-1 15 + JPM 80 -> 32 + Baik 25 + disiplin
    assert out.loc[people[0], "disiplin"] == 1 and out.loc[people[0], "total"] == 73  # sedang
    assert pd.isna(out.loc[people[1], "disiplin"]) and pd.isna(out.loc[people[1], "total"])
    assert out.loc[people[2], "disiplin"] == 0  # berat is the least whatever the other was
    assert out.loc[people[3], "disiplin"] == 5  # no sanction


def test_ip_asn_weights_must_sum_to_100(tmp_path):
    p = tmp_path / "ip_asn.yaml"
    p.write_text((rules.PACKAGE_DIR / "ip_asn.yaml").read_text(encoding="utf-8")
                 .replace("disiplin: 5}", "disiplin: 15}"), encoding="utf-8")  # fmt: skip
    r = roster([{"year": 2024, "nip": nip(1), "opd": "A", "education": "S-2"}])
    empty = pd.DataFrame(columns=["nip", "year", "jpm", "tanggal", "jp", "tingkat"])
    annual = performance.annual_predikat(
        skp([{"nip": nip(1), "year": 2024, "opd": "A", "predikat": "Baik"}])
    )
    with pytest.raises(rules.RuleError, match="sum to 100"):
        ip_asn.scores(r, annual, empty, empty, empty, 2024, tmp_path)


# ------------------------------------------------------------------ merit


def _merit(year, rows):
    return pd.DataFrame([{"year": year, "aspek_no": a, "aspek": f"Aspek {a}", "sub_no": f"{a}.1",
                          "bobot": b, "nilai": n} for a, b, n in rows])  # fmt: skip


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
    assert ref["score"].tolist() == [254.4, 272.5] and ref["index"].tolist() == [0.636, 0.681]
    with pytest.raises(ValueError, match="outside 100-400"):
        merit.index_by_year(_merit(2024, [(1, 20, 4)]))
    with pytest.raises(ValueError, match="no merit self-assessment for 2019"):
        merit.movers(merit.by_aspect(m), 2019, 2024)


# ------------------------------------------------------------------ awards


def test_readiness_scores_and_explains():
    metrics = ["skp_rated_share", "skp_approved_share", "quota_compliance_share"]
    ind = pd.DataFrame({"metric": metrics, "value": [0.96, 0.90, float("nan")]})
    cat = "Implementasi Penerapan Manajemen Kinerja"
    ev = schemas.conform("award_evidence", pd.DataFrame(
        [{"year": 2023, "kategori": cat, "bukti": b, "ada": True, "source_file": "t",
          "source_row": 1} for b in ("SK", "SOP")]))  # fmt: skip
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


def test_shortlist_caps_three_per_opd_with_the_tie_break():
    people = [nip(i) for i in range(6)]
    r = roster([{"year": 2024, "nip": n, "opd": "A", "nama": f"P{i}", "jabatan": "J"}
                for i, n in enumerate(people)])  # fmt: skip
    s = skp([{"nip": n, "year": y, "opd": "A", "predikat": "Sangat Baik"}
             for n in people for y in (2023, 2024)])  # fmt: skip
    jpm = [95.0, 99.0, 95.0, 90.0, 99.0, 80.0]
    a = pd.DataFrame({"nip": people, "year": 2024, "jpm": jpm, "tanggal": pd.NaT})
    t = pd.DataFrame({"year": 2024, "nip": people, "jp": [30.0, 20.0, 40.0, 25.0, 20.0, 30.0]})
    disc = pd.DataFrame({"nip": [people[4]], "year": [2023]})
    nom = schemas.empty("nominations")
    sl = awards.shortlist(2024, roster=r, skp=s, assessments=a, training=t, discipline=disc,
                          nominations=nom).set_index("nip")  # fmt: skip
    shortlisted = sl[sl["shortlisted"]].sort_values("rank").index.tolist()
    # people[4] is excluded (sanction in 2023); then JPM desc, JP desc, NIP asc:
    assert shortlisted == [people[1], people[2], people[0]]
    assert sl.loc[people[4], "reason"] == "hukuman disiplin dalam 2 tahun terakhir"
    assert sl.loc[people[3], "reason"] == "di luar 3 teratas OPD ini"
    assert sl.loc[people[1], "predikat_history"] == "2023: Sangat Baik; 2024: Sangat Baik"
    assert awards.mask_nip(pd.Series(["198609262015051001"])).iloc[0] == "198609********1001"
    with pytest.raises(ValueError, match="no roster for 2025"):
        awards.shortlist(2025, roster=r, skp=s, assessments=a, training=t, discipline=disc,
                         nominations=nom)  # fmt: skip


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
    ready = pd.DataFrame({
        "category": ["A", "A", "B", "B"],
        "metric": ["x", "y", "x", "z"],
        "label": ["X", "Y", "X", "Z"],
        "value": [0.5, 0.9, 0.5, 0.1],
        "op": [">=", ">=", ">=", ">="],
        "threshold": [0.8, 0.8, 0.8, 0.2],
        "weight": [1.0, 3.0, 1.0, 1.0],
        "met": pd.array([False, True, False, False], dtype="boolean"),
    })  # fmt: skip
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
    nom = pd.DataFrame([{c: None for c in cols} | {"year": 2024, "opd": "A", "nip": n,
                        "nama": "P0", "jabatan": "J", "kategori": "ASN Berprestsi",
                        "rekomendasi": True}])  # fmt: skip
    sl = awards.shortlist(2024, roster=r, skp=s, assessments=a, training=t, discipline=disc,
                          nominations=nom)  # fmt: skip
    bad = sl[sl["kategori"] == "ASN Berprestsi"]
    assert len(bad) == 1 and not bad["shortlisted"].any()
    assert bad["reason"].iloc[0] == (
        "kategori 'ASN Berprestsi' tidak ada di aturan (maksudnya 'ASN Berprestasi'?)"
    )
