"""The merit indicators as the trend report tabulates them: shares per year, one indicator of
one year, IP ASN per OPD; worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from kediri_analytics.metrics import indicators

IND = pd.DataFrame(
    {
        "year": [2023, 2024, 2024, 2024, 2024, 2024],
        "opd": ["A", "A", "B", "A", "A", "B"],
        "indicator": ["skp_ada", "skp_ada", "skp_ada", "pelatihan", "ip_asn", "ip_asn"],
        "numerator": [8, 9, 1, 5, 150.0, 210.0],
        "denominator": [10, 10, 10, 10, 2, 3],
    }
)
IND["value"] = IND["numerator"] / IND["denominator"]


def test_year_table_one_row_per_share_indicator_missing_stays_missing():
    t = indicators.year_table(indicators.city(IND)).set_index("indicator")
    assert list(t.index) == indicators.SHARES  # kualifikasi and asesmen keep empty rows
    assert list(t.columns) == ["2023", "2024"]
    assert t.loc["skp_ada"].tolist() == [0.8, 0.5]  # (9 + 1) / 20, never a mean of shares
    assert pd.isna(t.loc["pelatihan", "2023"]) and t.loc["pelatihan", "2024"] == 0.5
    assert t.loc["asesmen"].isna().all()
    with pytest.raises(ValueError, match="no share indicator"):
        indicators.year_table(IND[IND["indicator"] == "ip_asn"])


def test_at_sums_the_opds_of_one_indicator_and_year():
    ip = indicators.at(IND, "ip_asn", 2024)
    assert (ip["numerator"], ip["denominator"], ip["value"]) == (360.0, 5, 72.0)
    assert indicators.at(IND[IND["opd"] == "A"], "ip_asn", 2024)["value"] == 75.0
    assert indicators.at(IND, "ip_asn", 2023) is None  # no data, not 0
    with pytest.raises(ValueError, match="unknown indicator 'ip'"):
        indicators.at(IND, "ip", 2024)


def test_ip_asn_by_opd_highest_first_with_category():
    t = indicators.ip_asn_by_opd(IND, 2024)
    assert t["opd"].tolist() == ["A", "B"]  # 75 before 70
    assert t["ip_asn_mean"].tolist() == [75.0, 70.0] and t["pns_scored"].tolist() == [2, 3]
    # rules/ip_asn.yaml: 71-80 Sedang, 61-70 Rendah
    assert t["ip_asn_category"].astype(str).tolist() == ["Sedang", "Rendah"]
    assert indicators.ip_asn_by_opd(IND, 2023).empty
    bad = IND.assign(value=IND["value"].where(IND["indicator"] != "ip_asn", 120.0))
    with pytest.raises(ValueError, match="IP ASN scores must be 0-100"):
        indicators.ip_asn_by_opd(bad, 2024)


def test_shares_in_a_comparison():
    w = indicators.compare(IND, 2024)
    assert indicators.shares_in(w) == ["skp_ada", "pelatihan", "selisih"]  # not the IP ASN mean
    assert indicators.shares_in(pd.DataFrame({"opd": []})) == []
