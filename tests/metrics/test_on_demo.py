"""Metrics on the demo data agree with MANIFEST.json truth and keep their totals."""

from __future__ import annotations

import pandas as pd
import pytest

import kediri_analytics as ka
from kediri_analytics.metrics import (
    competency,
    ip_asn,
    merit,
    performance,
    population,
    qualification,
    talent,
)


@pytest.fixture(scope="module")
def demo(demo_small):
    root, m = demo_small
    return ka.load_folder(root, jobs=1), m  # from the run's warm cache (tests/conftest.py)


def test_predikat_distribution_equals_the_truth(demo):
    ds, m = demo
    annual = performance.annual_predikat(ds.skp)
    d = performance.distribution(annual[annual["regime"] == "PermenPANRB 6/2022"])
    got = {(int(r.year), r.opd, r.predikat): int(r.count) for r in d.itertuples()}
    want = {
        (t["year"], t["opd"], t["predikat"]): t["count"]
        for t in m["truth"]["predikat_distribution"]
    }
    assert got == want
    assert d.groupby(["year", "opd"])["share"].sum().round(9).eq(1).all()


def test_merit_index_equals_the_truth(demo):
    ds, m = demo
    idx = merit.index_by_year(ds.merit_assessment).set_index("year")
    assert m["truth"]["merit"]  # the check is per year: none would pass vacuously
    assert sorted(idx.index) == sorted(t["year"] for t in m["truth"]["merit"])
    for t in m["truth"]["merit"]:
        assert idx.loc[t["year"], "score"] == pytest.approx(t["score"])
        assert idx.loc[t["year"], "index"] == t["index"]


def test_compliance_and_coverage_count_the_roster(demo):
    ds, m = demo
    year = 2024
    c = performance.compliance(ds.roster, ds.skp, ds.skp_documents, year)
    r = ds.roster[ds.roster["year"] == year]
    away = population.not_expected(r)  # CLTN, tugas belajar, seconded...: not in denominators
    assert len(away) == m["truth"]["not_expected"][year]["people"] > 0
    assert c["asn"].sum() == len(r) - len(away)
    assert c["no_skp"].sum() == m["truth"]["people_without_skp"][year]
    assert (c["has_skp"] <= c["asn"]).all() and (c["rated"] <= c["has_skp"]).all()
    cov = competency.coverage(ds.roster, ds.assessments, year)
    assert cov["asn"].sum() == c["asn"].sum()
    q = qualification.share_meeting(qualification.meets_requirement(ds.roster, ds.requirements))
    assert q["share"].between(0, 1).all()


def test_talent_and_ip_asn_cover_every_person(demo):
    ds, _ = demo
    annual = performance.annual_predikat(ds.skp)
    year = 2024
    n = int(annual["year"].eq(year).sum())
    pl = talent.nine_box_placement(annual, ds.assessments, year)
    assert len(pl) == n and (pl["box"].notna() ^ pl["reason"].notna()).all()
    ip = ip_asn.scores(ds.roster, annual, ds.training_events, ds.discipline, year)
    r = ds.roster[ds.roster["year"].eq(year)]
    assert len(ip) == r["jenis_pegawai"].eq("PNS").sum()  # PNS only
    # the demo's training list carries types: kompetensi is computed for (almost) everyone
    assert ip["kompetensi"].notna().mean() > 0.95
    assert ip["total"].dropna().between(0, 100).all()
    assert set(ip["category"].dropna()) <= {
        "Sangat Tinggi",
        "Tinggi",
        "Sedang",
        "Rendah",
        "Sangat Rendah",
    }
    dims = ["kualifikasi", "kompetensi", "kinerja", "disiplin"]
    assert (ip["total"].isna() == ip[dims].isna().any(axis=1)).all()
    assert pd.api.types.is_float_dtype(ip["total"])


def test_fast_keys_change_no_value(demo):
    """compute_all on int NIPs and categorical OPDs gives the same frames, in the tables' own
    dtypes, as on the text columns as loaded."""
    from kediri_analytics.metrics import compute_all

    ds, _ = demo
    fast = compute_all(ds.tables, 2024)
    plain = compute_all(ds.tables, 2024, categorize=False)
    assert fast.keys() == plain.keys()
    for name in fast:
        a, b = fast[name], plain[name]
        for c in ("nip", "opd"):
            if c in a:
                assert a[c].dtype == b[c].dtype, (name, c)
        pd.testing.assert_frame_equal(
            a.reset_index(drop=True),
            b.reset_index(drop=True),
            check_categorical=False,
            check_dtype=False,
            obj=name,
        )


def test_compacted_tables_give_the_same_values(demo):
    """The national-scale recipe (keys compacted once with as_keys, the text tables let go,
    then compute_all) gives the values of compute_all on the tables as loaded (its keys come
    back as the compact tables hold them: integer NIP, mostly categorical OPD)."""
    from kediri_analytics.metrics import as_keys, compute_all

    ds, _ = demo
    compact = compute_all(as_keys(ds.tables), 2024)
    plain = compute_all(ds.tables, 2024)
    assert compact.keys() == plain.keys()
    for name in compact:
        a, b = compact[name].reset_index(drop=True), plain[name].reset_index(drop=True)
        for c in ("opd", "nip"):
            if c in a:
                a, b = a.assign(**{c: a[c].astype(str)}), b.assign(**{c: b[c].astype(str)})
        if "nip" in compact[name]:
            assert pd.api.types.is_integer_dtype(compact[name]["nip"]), name
        pd.testing.assert_frame_equal(a, b, check_categorical=False, check_dtype=False, obj=name)


def test_as_keys_leaves_odd_nips_as_text():
    from kediri_analytics.metrics import as_keys

    t = as_keys(
        {
            "x": pd.DataFrame(
                {
                    "nip": pd.Series(["19800101200501 1001"], dtype="str"),
                    "opd": pd.Series(["A"], dtype="str"),
                }
            )
        }
    )
    assert t["x"]["nip"].tolist() == ["19800101200501 1001"]
    assert isinstance(t["x"]["opd"].dtype, pd.CategoricalDtype)
