"""The monthly compliance report's figures and tables shaped in the package, on the six
people of test_monthly (March 2024 against February), worked by hand; one failure case each.

February: X has Ani, Budi, Cici and Fani (her document in force is still X's), 1 of 4 rated,
Ani and Budi approved; Y has Dedi, nothing. March: X has Ani, Budi, Cici (1 of 3 rated);
Y has Dedi and Fani (rated, approved)."""

from __future__ import annotations

import pandas as pd
import pytest

from kediri_analytics.metrics import monthly

from .test_monthly import _docs, _roster, _skp


def _month(m: int, renames=None) -> monthly.Month:
    return monthly.status(_roster(), _skp(), _docs(), 2024, m, renames)


def test_overview_with_the_change_since_the_month_before():
    r = monthly.overview(_month(3), _month(2))
    assert (r["asn"], r["approved"], r["rated"], r["no_skp"]) == (5, 3, 2, 1)
    # approved 2/5 -> 3/5, rated 1/5 -> 2/5
    assert r["change_approved"] == pytest.approx(0.2) and r["change_rated"] == pytest.approx(0.2)
    y = monthly.overview(_month(3), _month(2), "Y")  # Y: 0 of 1 -> 1 of 2
    assert y["change_rated"] == pytest.approx(0.5) and y["asn"] == 2
    alone = monthly.overview(_month(3))
    assert pd.isna(alone["change_rated"]) and alone["share_rated"] == pytest.approx(0.4)
    with pytest.raises(ValueError, match="no ASN of OPD 'Q'"):
        monthly.overview(_month(3), opd="Q")


def test_opd_table_change_in_points_and_not_for_renamed_opds():
    t = monthly.opd_table(_month(3), _month(2)).set_index("opd")
    assert list(t.columns) == [*monthly.SHOWN, "change_points"]
    assert t.loc["X", "change_points"] == pytest.approx(100 * (1 / 3 - 1 / 4))
    assert t.loc["Y", "change_points"] == pytest.approx(50.0)
    assert "change_points" not in monthly.opd_table(_month(3)).columns  # nothing to compare
    # X renamed in March but not recorded in February's names: not compared, not 0
    renamed = monthly.opd_table(_month(3, {"X": "X Baru"}), _month(2)).set_index("opd")
    assert pd.isna(renamed.loc["X Baru", "change_points"])
    with pytest.raises(AttributeError):
        monthly.opd_table(None)


def test_rated_by_kind_per_month():
    t = monthly.rated_by_kind(monthly.trend(_roster(), _skp(), _docs(), 2024, 3), 2024)
    # PNS are Ani, Budi, Dedi, Fani: 1 of 4 rated in February, 2 of 4 in March; Cici (PPPK)
    assert t.values.tolist() == [["Februari 2024", 0.25, 0.0], ["Maret 2024", 0.5, 0.0]]
    assert list(t.columns) == ["bulan", "% dinilai PNS", "% dinilai PPPK"]
    with pytest.raises(ValueError, match="no monthly counts"):
        monthly.rated_by_kind(pd.DataFrame(), 2024)


def test_months_without_export():
    by_month = monthly.rollup(monthly.trend(_roster(), _skp(), _docs(), 2024, 3), by=("month",))
    assert monthly.months_without_export(by_month, 2024, 3) == ["Januari 2024"]
    assert monthly.months_without_export(by_month, 2024, 1) == ["Januari 2024"]
    with pytest.raises(KeyError):
        monthly.months_without_export(pd.DataFrame({"x": [1]}), 2024, 3)


def test_count_by_status():
    c = monthly.count_by_status(monthly.missing(_month(3).people))
    assert c.values.tolist() == [
        ["Belum membuat SKP", 1],  # Dedi
        ["SKP belum disetujui", 1],  # Cici
        ["Belum dinilai", 1],  # Budi
    ]
    with pytest.raises(KeyError):
        monthly.count_by_status(pd.DataFrame({"x": [1]}))


def test_opd_name_changes_carry_the_months_for_the_headers():
    ch = monthly.opd_name_changes(_month(2), _month(3, {"X": "X Baru"}))
    # Ani, Budi and Cici went from X to X Baru: 3 of X's 4 February people
    assert ch[["opd_before", "opd_now", "people", "share", "change"]].values.tolist() == [
        ["X", "X Baru", 3, 0.75, "hilang"]
    ]
    assert ch.attrs == {"before": "Februari 2024", "now": "Maret 2024"}
    assert monthly.opd_name_changes(_month(2), _month(3)).empty
    with pytest.raises(AttributeError):
        monthly.opd_name_changes(None, _month(3))
