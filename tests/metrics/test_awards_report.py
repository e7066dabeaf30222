"""The award reports' tables shaped in the package: unmet criteria and their list, the OPDs
furthest from a threshold, the evidence list, masked NIPs, what became of nominations over
the limit, why candidates were left out; worked by hand, one failure case each. The
Dataset-level helpers are checked on the demo against the functions they wrap."""

from __future__ import annotations

import types

import pandas as pd
import pytest

from kediri_analytics import schemas
from kediri_analytics.metrics import awards

from .test_metrics import _award_case

READY = pd.DataFrame(
    {
        "category": ["K1", "K1", "K1", "K2"],
        "metric": ["skp_rated_share", "merit_index", "evidence_share", "training_20jp_share"],
        "label": ["SKP dinilai", "Indeks merit", "Bukti dukung", "Pelatihan 20 JP"],
        "value": [0.9, 0.7754, 0.5, float("nan")],
        "threshold": [0.95, 0.7, 1.0, 0.8],
        "met": pd.array([False, True, False, pd.NA], dtype="boolean"),
        "weight": [3.0, 2.0, 2.0, 1.0],
    }
)


def test_unmet_leaves_out_met_and_the_evidence_checklist():
    assert awards.unmet(READY)["metric"].tolist() == ["skp_rated_share", "training_20jp_share"]
    with pytest.raises(KeyError):
        awards.unmet(READY.drop(columns="met"))


def test_criteria_table_writes_values_as_reports_do():
    t = awards.criteria_table(READY[READY["category"] == "K1"])
    assert list(t.columns) == ["criterion", "nilai", "ambang", "met", "weight"]
    assert t["nilai"].tolist() == ["90,0%", "0,775", "50,0%"]  # the index with 3 decimals
    assert t["ambang"].tolist() == ["95,0%", "0,700", "100,0%"]
    assert awards.criteria_table(READY.iloc[3:])["nilai"].tolist() == ["-"]  # no data
    with pytest.raises(ValueError, match="no criteria"):
        awards.criteria_table(READY.iloc[:0])


def test_furthest_opds_per_unmet_criterion():
    per_opd = pd.DataFrame(
        {
            "opd": ["A", "B", "C", "A", "B"],
            "indicator": ["skp_dinilai"] * 3 + ["pelatihan"] * 2,
            "value": [0.99, 0.80, 0.85, 0.5, 0.6],
        }
    )
    f = awards.furthest_opds(READY, per_opd, n=2)
    assert f.values.tolist() == [
        ["SKP dinilai", "B", 0.80, 0.95],
        ["SKP dinilai", "C", 0.85, 0.95],
        ["Pelatihan 20 JP", "A", 0.5, 0.8],
        ["Pelatihan 20 JP", "B", 0.6, 0.8],
    ]
    assert awards.furthest_opds(READY[READY["met"].fillna(False)], per_opd).empty  # all met
    with pytest.raises(KeyError):
        awards.furthest_opds(READY, per_opd.drop(columns="value"))


def test_evidence_list_states_blank_as_belum():
    ev = schemas.conform(
        "award_evidence",
        pd.DataFrame(
            {
                "year": [2023, 2023, 2023, 2022],
                "kategori": "K1",
                "bukti": ["SK", "SOP", "Laporan", "SK"],
                "ada": [True, False, None, True],
                "source_file": "t",
                "source_row": 1,
            }
        ),
    )
    e = awards.evidence_list(ev, 2023)
    assert e["status"].tolist() == ["ada", "belum", "belum"]
    assert awards.evidence_list(ev, 2030).empty
    with pytest.raises(KeyError):
        awards.evidence_list(ev.drop(columns="ada"), 2023)


def test_masked_nips_unless_shown():
    f = pd.DataFrame({"nip": ["198609262015051001"], "nama": ["A"]})
    assert awards.masked(f)["nip"].tolist() == ["198609********1001"]
    assert awards.masked(f, show_nip=True) is f
    with pytest.raises(KeyError, match="no 'nip' column"):
        awards.masked(f.drop(columns="nip"))


def test_nomination_outcomes_and_exclusions():
    p, kw = _award_case()
    sl = awards.shortlist(2024, **kw)
    over = awards.over_limit(kw["nominations"], 2024, sl)
    out = awards.nomination_outcomes(over).set_index("nip")
    assert out.loc[p[2], "status"] == "masuk daftar" and pd.isna(out.loc[p[2], "reason"])
    assert out.loc[p[3], "status"] == "tidak masuk"
    assert out.loc[p[3], "reason"] == "di luar 3 tempat OPD"
    with pytest.raises(KeyError, match="without the shortlist"):
        awards.nomination_outcomes(awards.over_limit(kw["nominations"], 2024))
    ex = awards.exclusions(sl).set_index(["kategori", "reason"])["people"].to_dict()
    assert ex == {
        ("ASN Berinovasi", "di luar 3 tempat OPD"): 1,  # p4
        ("ASN Berinovasi", "tanpa rekomendasi kepala OPD"): 1,  # p6
        ("ASN Berkinerja", "pelatihan 2023 kurang dari 20 JP"): 1,  # p8
        ("ASN Berkinerja", "tidak ada SKP tahunan 2023 yang sudah dinilai"): 1,  # p1
        ("ASN Berprestasi", "di luar 3 tempat OPD"): 1,  # p3
    }
    with pytest.raises(KeyError):
        awards.exclusions(sl.drop(columns="shortlisted"))


def test_dataset_helpers_wrap_the_functions(demo_small):
    import kediri_analytics as ka

    ds = ka.load_folder(demo_small[0])
    t = ds.tables
    names = ("roster", "skp", "assessments", "training", "discipline", "nominations")
    direct = awards.shortlist(2024, **{k: t[k] for k in names})
    pd.testing.assert_frame_equal(awards.shortlist_of(ds, 2024), direct)
    kw = {k: t[k] for k in ("roster", "skp", "skp_documents", "opd_predikat", "assessments")}
    kw |= {k: t[k] for k in ("training", "requirements", "merit_assessment")}
    both = awards.indicators_of(ds, [2022, 2023])
    for y in (2022, 2023):
        one = awards.indicators(y, **kw, files=ds.files)
        assert both[both["year"] == y]["value"].tolist() == pytest.approx(
            one["value"].tolist(), nan_ok=True
        )
    ready = awards.readiness(2023, both[both["year"] == 2023], t["award_evidence"])
    trend = awards.unmet_trend(ds, ready, 2023)
    todo = set(awards.unmet(ready)["metric"]) - {"merit_index"}
    assert set(trend["indicator"]) <= todo and trend["value"].notna().all()
    assert trend["year"].max() <= 2023
    with pytest.raises(ValueError, match="no year to measure"):
        awards.indicators_of(ds, [])
    empty = types.SimpleNamespace(roster=t["roster"].iloc[:0])
    assert awards.unmet_trend(empty, ready, 2023).empty  # no roster year: nothing to draw
