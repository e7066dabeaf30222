"""Monthly SKP compliance, worked by hand on six people, plus every function's failure case."""

from __future__ import annotations

import pandas as pd
import pytest

from kediri_analytics import rules
from kediri_analytics.metrics import monthly

T = pd.Timestamp


def _roster() -> pd.DataFrame:
    rows = [  # nip, nama, opd, jenis, tmt
        ("1", "Ani", "X", "PNS", T("2010-01-01")),  # approved, rated: complete
        ("2", "Budi", "X", "PNS", T("2010-01-01")),  # approved, not rated
        ("3", "Cici", "X", "PPPK", T("2022-01-01")),  # document in Draft
        ("4", "Dedi", "Y", "PNS", None),  # nothing of his own (an acting row only)
        ("5", "Eka", "Y", "PPPK", T("2024-05-01")),  # starts after March: not expected
        ("6", "Fani", "Y", "PNS", T("2015-01-01")),  # moved X -> Y in March, two rows
    ]
    return pd.DataFrame(
        {
            "year": 2024,
            "nip": [r[0] for r in rows],
            "nama": [r[1] for r in rows],
            "jabatan": "Analis",
            "opd": [r[2] for r in rows],
            "jenis_pegawai": [r[3] for r in rows],
            "tmt_cpns": pd.to_datetime([r[4] for r in rows]),
        }
    )


def _skp() -> pd.DataFrame:
    rows = [  # nip, opd, month, acting, rated, periode_akhir
        ("1", "X", 2, False, True, "2024-12-31"),
        ("1", "X", 3, False, True, "2024-12-31"),
        ("2", "X", 3, False, False, "2024-12-31"),
        ("3", "X", 3, False, False, "2024-12-31"),
        ("4", "Z", 3, True, True, "2024-12-31"),  # Plt of another post: not his own SKP
        ("6", "X", 3, False, False, "2024-02-29"),  # the old post's row, superseded
        ("6", "Y", 3, False, True, "2024-12-31"),
        ("7", "Y", 3, False, True, "2024-12-31"),  # joined after the roster was pulled
    ]
    return pd.DataFrame(
        {
            "nip": [r[0] for r in rows],
            "nama": "n",
            "jabatan": "j",
            "jenis_pegawai": "PNS",
            "opd": [r[1] for r in rows],
            "year": 2024,
            "month": [r[2] for r in rows],
            "period": [f"Bulanan {r[2]}" for r in rows],
            "acting": [r[3] for r in rows],
            "rated": [r[4] for r in rows],
            "periode_akhir": pd.to_datetime([r[5] for r in rows]),
            "source_file": [f"bulanan/{r[2]}.xlsx" for r in rows],
        }
    )


def _docs() -> pd.DataFrame:
    rows = [  # nip, opd, approved, periode_awal
        ("1", "X", True, "2024-01-01"),
        ("2", "X", True, "2024-01-01"),
        ("3", "X", False, "2024-01-01"),
        ("6", "X", False, "2024-01-01"),
        ("6", "Y", True, "2024-03-01"),  # in force from March
        ("7", "Y", True, "2024-03-01"),
        ("5", "Y", True, "2024-05-01"),  # not yet in force in March
    ]
    return pd.DataFrame(
        {
            "nip": [r[0] for r in rows],
            "nama": "n",
            "jabatan": "j",
            "jenis_pegawai": "PNS",
            "opd": [r[1] for r in rows],
            "year": 2024,
            "acting": False,
            "approved": [r[2] for r in rows],
            "periode_awal": pd.to_datetime([r[3] for r in rows]),
        }
    )


def test_status_by_hand():
    m = monthly.status(_roster(), _skp(), _docs(), 2024, 3)
    p = m.people.set_index("nip")
    assert list(p.index) == ["1", "2", "3", "4", "6"]  # Eka (TMT May) is not expected
    assert p["status"].astype(str).to_dict() == {
        "1": "Lengkap",
        "2": "Belum dinilai",
        "3": "SKP belum disetujui",
        "4": "Belum membuat SKP",
        "6": "Lengkap",
    }
    assert p.loc["6", "opd"] == "Y"  # the row whose period ends last, counted once
    assert (m.duplicates, m.not_started, m.roster_year, m.has_documents) == (1, 1, 2024, True)
    assert m.not_in_roster["nip"].tolist() == ["7"]
    assert m.label == "Maret 2024"


def test_summary_counts_and_shares_by_hand():
    people = monthly.status(_roster(), _skp(), _docs(), 2024, 3).people
    city = monthly.summary(people, by=()).iloc[0]
    assert {k: int(city[k]) for k in monthly.COUNTS} == {
        "asn": 5,
        "has_skp": 4,
        "no_skp": 1,
        "approved": 3,
        "not_approved": 1,
        "rated": 2,
        "not_rated": 1,
    }
    assert city["share_rated"] == pytest.approx(0.4)
    by = monthly.summary(people)
    assert by["opd"].tolist() == ["X", "Y"]  # lowest share rated first: 1/3, then 1/2
    assert by["share_rated"].tolist() == pytest.approx([1 / 3, 1 / 2])
    assert by.set_index("opd").loc["Y", "no_skp"] == 1
    # the same totals by summing the groups
    again = monthly.rollup(monthly.summary(people, by=("opd", "jenis_pegawai")))
    assert again.iloc[0]["asn"] == 5 and again.iloc[0]["share_approved"] == pytest.approx(0.6)


def test_without_documents_approval_is_unknown_not_zero():
    m = monthly.status(_roster(), _skp(), None, 2024, 3)
    assert not m.has_documents
    assert m.people["approved"].isna().all()
    s = monthly.summary(m.people, by=()).iloc[0]
    assert s["approved"] is pd.NA and s["share_approved"] is pd.NA
    assert int(s["rated"]) == 2 and int(s["not_rated"]) == 2  # Budi and Cici


def test_renames_map_old_names_in_every_source():
    m = monthly.status(_roster(), _skp(), _docs(), 2024, 3, renames={"X": "X Baru"})
    assert set(m.people["opd"]) == {"X Baru", "Y"}
    assert m.renamed == {"X": "X Baru"}


def test_opd_changes_detects_an_unrecorded_rename():
    before = pd.DataFrame({"nip": ["1", "2", "3", "4"], "opd": ["Kominfo"] * 3 + ["Y"]})
    now = pd.DataFrame({"nip": ["1", "2", "3", "4"], "opd": ["Kominfo dan Statistik"] * 3 + ["Y"]})
    ch = monthly.opd_changes(before, now)
    assert ch.to_dict("records") == [
        {
            "opd_before": "Kominfo",
            "opd_now": "Kominfo dan Statistik",
            "people": 3,
            "share": 1.0,
            "change": "hilang",
        }
    ]
    assert monthly.opd_changes(before, before).empty
    # renamed in e-Kinerja while the roster keeps the old name for one person: both remain
    now = now.assign(opd=["Kominfo dan Statistik", "Kominfo dan Statistik", "Kominfo", "Y"])
    assert monthly.opd_changes(before, now).to_dict("records") == [
        {
            "opd_before": "Kominfo",
            "opd_now": "Kominfo dan Statistik",
            "people": 2,
            "share": 1.0,
            "change": "baru",
        }
    ]


def test_months_pick_and_previous():
    skp = _skp()
    assert monthly.months(skp)[["month", "rows"]].values.tolist() == [[2, 1], [3, 6]]
    assert monthly.pick(skp) == (2024, 3)
    assert monthly.previous(skp, 2024, 3) == (2024, 2)
    assert monthly.previous(skp, 2024, 2) is None
    assert monthly.month_label(2024, 10) == "Oktober 2024"


def test_pick_a_month_without_export_names_the_months_there():
    with pytest.raises(ValueError, match=r"April 2024 yet.*Februari, Maret"):
        monthly.pick(_skp(), 2024, 4)
    with pytest.raises(ValueError, match="years with one: 2024"):
        monthly.pick(_skp(), 2023)
    with pytest.raises(ValueError, match="no monthly e-Kinerja export"):
        monthly.pick(_skp().iloc[:0])
    with pytest.raises(ValueError, match="1-12"):
        monthly.month_label(2024, 13)


def test_status_uses_an_older_roster_and_says_so():
    r = _roster().assign(year=2023)
    m = monthly.status(r, _skp(), _docs(), 2024, 3)
    assert m.roster_year == 2023
    with pytest.raises(ValueError, match="no roster .* for 2024 or earlier; years loaded: 2025"):
        monthly.status(_roster().assign(year=2025), _skp(), _docs(), 2024, 3)


def test_of_names_the_opds_of_the_month():
    m = monthly.status(_roster(), _skp(), _docs(), 2024, 3)
    assert len(m.of("X")) == 3 and len(m.of(None)) == 5
    with pytest.raises(ValueError, match="no ASN of OPD 'Q'.*OPDs this month: X, Y"):
        m.of("Q")


def test_summary_rollup_trend_and_change_failures():
    with pytest.raises(ValueError, match="no people"):
        monthly.summary(
            _roster().iloc[:0].assign(has_skp=True, approved=True, rated=True, status="Lengkap")
        )
    with pytest.raises(ValueError, match="nothing to sum"):
        monthly.rollup(pd.DataFrame(columns=list(monthly.COUNTS)))
    with pytest.raises(ValueError, match="no monthly export for 2024 up to Januari 2024"):
        monthly.trend(_roster(), _skp(), _docs(), 2024, 1)
    with pytest.raises(KeyError):
        monthly.change(pd.DataFrame({"x": [1]}), pd.DataFrame({"x": [1]}))


def test_trend_and_change():
    tr = monthly.trend(_roster(), _skp(), _docs(), 2024, 3)
    city = monthly.rollup(tr, by=("month",)).set_index("month")
    assert city.loc[2, "rated"] == 1 and city.loc[3, "rated"] == 2
    now = monthly.summary(monthly.status(_roster(), _skp(), _docs(), 2024, 3).people)
    before = monthly.summary(monthly.status(_roster(), _skp(), _docs(), 2024, 2).people)
    ch = monthly.change(now, before).set_index("opd")
    # February: Fani's document in force is still X's, so X had 4 people, 1 rated; Y had Dedi
    assert ch.loc["X", "change_rated"] == pytest.approx(1 / 3 - 1 / 4)
    assert ch.loc["Y", "change_rated"] == pytest.approx(1 / 2 - 0)


def test_renames_rule_file_is_checked(tmp_path):
    assert monthly.renames() == {}
    (tmp_path / "opd_renames.yaml").write_text(
        "source: SK\nvalid_from: 2024\nvalid_to: null\nrenames:\n  - {old: A}\n", encoding="utf-8"
    )
    missing = r"opd_renames\.yaml: key 'renames\[0\]\.new': missing key"
    with pytest.raises(rules.RuleError, match=missing):
        monthly.renames(tmp_path)
