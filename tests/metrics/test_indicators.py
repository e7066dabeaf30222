"""Merit indicators per OPD and year: counts summed for the city, never a mean of shares."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from kediri_analytics.metrics import indicators, population

IND = pd.DataFrame(
    {
        "year": [2024, 2024, 2024, 2024],
        "opd": ["A", "B", "A", "B"],
        "indicator": ["skp_ada", "skp_ada", "pelatihan", "pelatihan"],
        "numerator": [9, 1, 5, 5],
        "denominator": [10, 10, 10, 10],
    }
)
IND["value"] = IND["numerator"] / IND["denominator"]


def test_city_is_summed_counts():
    c = indicators.city(IND).set_index("indicator")["value"]
    assert c["skp_ada"] == pytest.approx(0.5) and c["pelatihan"] == pytest.approx(0.5)


def test_compare_ranks_opds_by_mean_difference_from_the_city():
    w = indicators.compare(IND, 2024)
    assert w["opd"].tolist() == ["A", "B"]
    assert w["selisih"].tolist() == pytest.approx([0.2, -0.2])  # (0.4 + 0) / 2, (-0.4 + 0) / 2


def test_compare_without_the_year_is_an_error():
    with pytest.raises(ValueError, match="no indicator data for 2019"):
        indicators.compare(IND, 2019)


def test_missing_years_names_each_source():
    t = {n: pd.DataFrame({"year": [2024]}) for n in ("roster", "skp", "assessments", "training")}
    t["merit_assessment"] = pd.DataFrame({"year": pd.Series([], dtype="Int64")})
    gaps = indicators.missing_years(t, [2023, 2024])
    assert gaps["roster"] == [2023] and gaps["merit_assessment"] == [2023, 2024]


def test_by_opd_on_demo_counts_the_roster(demo_small):
    import kediri_analytics as ka

    ds = ka.load_folder(demo_small[0])
    ind = indicators.by_opd(ds.tables, [2023, 2024])
    skp = ind[(ind["indicator"] == "skp_ada") & (ind["year"] == 2024)]
    roster = ds.roster[ds.roster["year"] == 2024]
    away = population.not_expected(roster)  # on leave, seconded...: in no denominator
    assert len(away) > 0
    assert skp["denominator"].sum() == roster["nip"].nunique() - len(away)
    assert ind["value"].between(0, 100).all() and set(ind["year"]) == {2023, 2024}


def test_of_dataset_is_cached_per_set_of_files(demo_small, warm_cache, tmp_path):
    import kediri_analytics as ka

    from ..conftest import copy_warm_cache

    # a cache of its own, with the loaded demo already in it but no derived table yet
    cache = copy_warm_cache(warm_cache, tmp_path / "cache")
    assert not (cache / "derived").exists()
    ds = ka.load_folder(demo_small[0], cache_dir=cache)
    a1, i1 = indicators.of_dataset(ds, [2024])
    assert len(list((cache / "derived").glob("*.parquet"))) == 2
    a2, i2 = indicators.of_dataset(ds, [2024])
    pd.testing.assert_frame_equal(i1, i2)
    pd.testing.assert_frame_equal(a1, a2, check_categorical=True)
    indicators.of_dataset(ds, [2023, 2024])  # other parameters: another entry
    assert len(list((cache / "derived").glob("*.parquet"))) == 4
    # the same tables loaded with no_cache (cache_root None: test_cache): computed, not kept
    nocache = dataclasses.replace(ds, cache_root=None)
    pd.testing.assert_frame_equal(indicators.of_dataset(nocache, [2024])[1], i1)
    assert not indicators.of_dataset(nocache, [2022])[1].empty  # new parameters: not kept
    assert len(list((cache / "derived").glob("*.parquet"))) == 4
