"""Loading the generated demo folder: every count must equal MANIFEST.json's truth."""

from __future__ import annotations

import collections

import pandas as pd
import pytest

import kediri_analytics as ka


@pytest.fixture(scope="module", params=["demo_small", "demo_city"])
def loaded(request, tmp_path_factory):
    """The demo loaded: the full city from an empty cache (every file read), the small demo
    from the run's warm cache (read the same way when the run began: here the cached tables
    are checked too)."""
    root, manifest = request.getfixturevalue(request.param)
    if request.param == "demo_small":
        return root, manifest, ka.load_folder(root)
    cache = tmp_path_factory.mktemp("cache")
    return root, manifest, ka.load_folder(root, cache_dir=cache, jobs=1)


def _files(ds):
    return ds.files.set_index("path")


def test_every_file_detected_with_its_kind_and_header(loaded):
    _, m, ds = loaded
    f = _files(ds)
    assert ds.files["error"].isna().all(), ds.files[ds.files["error"].notna()]
    assert len(f) == len(m["files"])
    for e in m["files"]:
        row = f.loc[e["path"]]
        assert row["kind"] == e["kind"], e["path"]
        assert row["header_row"] == e["header_row"], e["path"]
        assert row["sheet"] == (e["sheet"] if e["format"] != "csv" else None) or pd.isna(
            row["sheet"]
        )
    assert ds.ignored == ["MANIFEST.json"]


def test_row_counts_match_the_manifest_exactly(loaded):
    _, m, ds = loaded
    f = _files(ds)
    assert m["files"]  # the check is per file: none would pass vacuously
    for e in m["files"]:
        r, got = e["rows"], f.loc[e["path"]]
        assert (got.rows_loaded, got.rows_rejected, got.rows_dropped, got.rows_skipped) == (
            r["loaded"],
            r["rejected"],
            r["dropped"],
            sum(r["skipped"].values()),
        ), e["path"]


def test_rejected_dropped_and_warned_rows_with_their_reasons(loaded):
    _, m, ds = loaded
    p = ds.problems.dropna(subset=["row"])
    got = collections.Counter(
        (r.file, int(r.row), r.reason)
        for r in p.itertuples()
        if r.reason not in ("label_unknown", "date_invalid", "number_invalid")
    )
    want = collections.Counter(
        (e["path"], x["row"], x["reason"])
        for e in m["files"]
        for key in ("rejected", "dropped", "warnings")
        for x in e[key]
    )
    assert got == want
    assert not (p["reason"].isin(["label_unknown", "date_invalid", "number_invalid"])).any(), p[
        p["reason"].isin(["label_unknown", "date_invalid", "number_invalid"])
    ]


def test_each_injected_defect_is_found(loaded):
    _, m, ds = loaded
    loaded_rows = set()
    for t in ds.tables.values():
        if "source_row" in t:
            loaded_rows |= set(zip(t["source_file"], t["source_row"].astype(int), strict=True))
    problems = {(r.file, int(r.row)) for r in ds.problems.dropna(subset=["row"]).itertuples()}
    not_kept = {
        (e["path"], x["row"]) for e in m["files"] for k in ("rejected", "dropped") for x in e[k]
    }
    for d in m["defects"]:
        if "row" not in d:  # table-level defects (nominees over the limit, ...) are for metrics
            continue
        key = (d["file"], d["row"])
        if d["expected"] == "load" and key not in not_kept:
            assert key in loaded_rows, d
        elif d["expected"] in ("reject", "drop", "warn"):
            assert key in problems, d
    # the loaded cells are clean: NIPs are 18 digits, predikat canonical
    skp = ds.skp
    assert skp["nip"].str.fullmatch(r"\d{18}").all()
    assert set(skp["predikat"].dropna().unique()) <= {
        "Sangat Baik",
        "Baik",
        "Butuh Perbaikan",
        "Kurang/Misconduct",
        "Sangat Kurang",
    }


def test_distinct_valid_nips(loaded):
    _, m, ds = loaded
    nips = set()
    for name, t in ds.tables.items():
        if "nip" in t and name != "training":
            nips |= set(t["nip"].dropna())
    assert len(nips) == m["truth"]["distinct_valid_nips"]


def test_predikat_distribution_per_opd_and_year(loaded):
    _, m, ds = loaded
    s = ds.skp
    own = s[(s["period"] == "Tahunan") & ~s["acting"] & s["regime"].eq("PermenPANRB 6/2022")]
    got = (
        own.assign(p=own["predikat"].astype(object).fillna("Belum Dinilai"))
        .groupby(["year", "opd", "p"])
        .size()
    )
    want = pd.Series(
        {
            (d["year"], d["opd"], d["predikat"]): d["count"]
            for d in m["truth"]["predikat_distribution"]
        }
    )
    assert got.to_dict() == want.to_dict()


def test_legacy_distribution(loaded):
    _, m, ds = loaded
    s = ds.skp[ds.skp["regime"].ne("PermenPANRB 6/2022")]
    got = s.assign(v=s["sebutan"].fillna("Belum Dinilai")).groupby(["year", "opd", "v"]).size()
    want = {
        (d["year"], d["opd"], d["sebutan"].title()): d["count"]
        for d in m["truth"]["legacy_distribution"]
    }
    assert {(y, o, v.title()): n for (y, o, v), n in got.items()} == want


def test_monthly_rated_counts(loaded):
    _, m, ds = loaded
    s = ds.skp[ds.skp["month"].notna() & ~ds.skp["acting"]]
    assert m["truth"]["skp_monthly"]  # the check is per month: none would pass vacuously
    for t in m["truth"]["skp_monthly"]:
        g = s[s["period"] == t["period"]]
        assert (len(g), int(g["rated"].sum()), int((~g["rated"]).sum())) == (
            t["rows"],
            t["rated"],
            t["not_rated"],
        ), t["period"]


def test_roster_assessments_and_merit(loaded):
    _, m, ds = loaded
    f = _files(ds)
    for year, t in m["truth"]["roster"].items():
        siasn = ds.roster[(ds.roster["year"] == int(year)) & (ds.roster["source"] == "siasn")]
        path = next(
            e["path"]
            for e in m["files"]
            if e["kind"] == "siasn_roster" and e["facts"]["year"] == int(year)
        )
        assert len(siasn) + f.loc[path, "rows_rejected"] == t["people"], year
        assert siasn["opd"].nunique() == t["opd"]
    got = ds.assessments.groupby("year").size()
    for e in m["files"]:
        if e["kind"] == "competency_wide":  # one row per person: rejected rows are people too
            got[e["facts"]["year"]] += e["rows"]["rejected"]
    assert got.to_dict() == {int(k): v for k, v in m["truth"]["competency_assessed"].items()}
    score = ds.merit_assessment.assign(s=lambda d: d["bobot"] * d["nilai"]).groupby("year")["s"]
    for t in m["truth"]["merit"]:
        assert score.sum()[t["year"]] == pytest.approx(t["score"])


def test_tables_have_their_schema_even_when_empty(tmp_path):
    (tmp_path / "note.txt").write_text("nothing here\n", encoding="utf-8")
    ds = ka.load_folder(tmp_path, no_cache=True)
    from kediri_analytics import schemas

    for name, t in ds.tables.items():
        assert len(t) == 0
        src = "roster" if name == "duk" else name
        assert list(t.columns) == schemas.columns(src)
    assert ds.files["error"].notna().all()
