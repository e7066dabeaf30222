"""The merit trend report's tables: aspects per year, the aspects that moved most within the
latest framework, the bands of a chart; worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from kediri_analytics import rules
from kediri_analytics.metrics import merit


def _merit(year, rows):
    return pd.DataFrame(
        [
            {"year": year, "aspek_no": a, "aspek": f"Aspek {a}", "sub_no": f"{a}.1", "bobot": b}
            | {"nilai": n}
            for a, b, n in rows
        ]
    )


MA = pd.concat(
    [
        _merit(2022, [(1, 60, 2), (2, 40, 2)]),
        _merit(2023, [(1, 60, 3), (2, 40, 2)]),
        _merit(2024, [(1, 60, 3), (2, 40, 4)]),
    ],
    ignore_index=True,
)


def test_aspect_table_shares_of_the_maximum_per_year():
    t = merit.aspect_table(MA)
    assert list(t.columns) == ["aspek", "2022", "2023", "2024"]
    # aspect 1: 60 x 2 of 60 x 4 = 50%, then 75%, 75%; aspect 2: 50%, 50%, 100%
    assert t.set_index("aspek").loc["Aspek 1"].tolist() == [0.5, 0.75, 0.75]
    assert t.set_index("aspek").loc["Aspek 2"].tolist() == [0.5, 0.5, 1.0]
    with pytest.raises(ValueError, match="no merit self-assessment"):
        merit.aspect_table(MA.iloc[:0])


def test_latest_movers_compare_first_and_last_year_of_the_latest_framework():
    idx = merit.index_by_year(MA)
    mv = merit.latest_movers(MA, idx, n=1)
    # 2022 -> 2024: aspect 1 +60 (120 -> 180), aspect 2 +80 (80 -> 160): aspect 2 first
    assert mv[["aspek", "change"]].values.tolist() == [["Aspek 2", 80]]
    assert merit.latest_movers(MA[MA["year"] == 2024], idx[idx["year"] == 2024]).empty
    # 2026 has another framework: 2024 -> 2026 is not compared, and 2026 stands alone
    later = pd.concat([MA, _merit(2026, [(1, 60, 3), (2, 40, 3)])], ignore_index=True)
    assert merit.latest_movers(later, merit.index_by_year(later)).empty
    with pytest.raises(ValueError, match="no merit index"):
        merit.latest_movers(MA, idx.iloc[:0])


def test_chart_bands_of_the_framework_in_force():
    bands, score_range = merit.chart_bands(2024)
    assert score_range == (100, 400)
    assert bands[0] == (325.0, "Sangat Baik") and [b for _, b in bands][-1] == "Buruk"
    with pytest.raises(rules.RuleError, match="no bands or score range entered"):
        merit.chart_bands(2026)
