"""What a report covers: one OPD's rows within a span of years, worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from kediri_analytics.metrics.scope import within

ROWS = pd.DataFrame(
    {"year": [2022, 2023, 2024, 2024], "opd": ["A", "A", "A", "B"], "n": [1, 2, 3, 4]}
)


def test_within_an_opd_and_years():
    assert within(ROWS, "A", range(2023, 2025))["n"].tolist() == [2, 3]
    assert within(ROWS, years=[2024])["n"].tolist() == [3, 4]
    assert within(ROWS, "B")["n"].tolist() == [4]
    assert within(ROWS) is ROWS  # nothing narrows it: the frame itself
    assert within(ROWS, "C").empty  # an OPD without rows: none, not an error


def test_within_needs_the_column_it_narrows_by():
    with pytest.raises(KeyError, match="no 'opd' column"):
        within(ROWS.drop(columns="opd"), "A")
    with pytest.raises(KeyError, match="no 'year' column"):
        within(ROWS.drop(columns="year"), years=[2024])
