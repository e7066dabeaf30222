"""One vocabulary for report tables: column labels (per table where a table says it
differently), years and codes written as they are, indicator names; used by Brief.table, the
notebook displays and the Excel sheets."""

from __future__ import annotations

import pandas as pd
import pytest

from kediri_analytics import rules
from kediri_analytics.metrics import indicators
from kediri_analytics.metrics.outputs import check
from kediri_analytics.present import labels
from kediri_analytics.present.brief import Brief, format_value
from kediri_analytics.present.display import show


def test_column_labels_default_per_table_and_templates():
    assert labels.column("share_rated") == "% dinilai"
    assert labels.column("share") == "bagian"
    assert labels.column("share", table="share_meeting") == "bagian memenuhi"
    assert labels.column("count", table="problems") == "baris"
    assert labels.column("kolom_baru") == "kolom_baru"  # not in the vocabulary: as written
    assert labels.column("jp", table="shortlist", values={"data_year": 2023}) == "JP 2023"
    with pytest.raises(KeyError, match="needs 'data_year' in the frame's attrs"):
        labels.column("jp", table="shortlist")


def test_a_frame_is_labelled_by_its_metric_output_name():
    cols = {"asn": [2], "judged": [2], "meeting": [1], "no_standard": [0], "share": [0.5]}
    out = check("share_meeting", pd.DataFrame(cols))
    assert labels.columns(out) == {
        "asn": "ASN",
        "judged": "dinilai",
        "meeting": "memenuhi",
        "no_standard": "no_standard",
        "share": "bagian memenuhi",
    }
    assert list(labels.labelled(out[["asn", "share"]]).columns) == ["ASN", "bagian memenuhi"]
    with pytest.raises(KeyError, match="no table 'nope'"):
        labels.columns(out, "nope")
    with pytest.raises(ValueError, match="would both read 'berkas'"):
        labels.columns(pd.DataFrame({"file": [1], "path": [2]}))


def test_codes_and_indicators():
    assert labels.is_code("year") and labels.is_code("award_year") and labels.is_code("nip")
    assert not labels.is_code("asn")
    assert list(labels.indicators()) == list(indicators.INDICATORS)  # every code has a name
    assert labels.indicator("skp_ada") == "ASN dengan SKP tahunan"
    with pytest.raises(KeyError, match="no indicator 'x'"):
        labels.indicator("x")
    f = pd.DataFrame({"indicator": ["asesmen", "lain"]})
    assert labels.values(f)["indicator"].tolist() == ["ASN diases (3 tahun terakhir)", "lain"]


def test_years_and_codes_are_never_numbers():
    assert format_value(2019) == "2.019"  # a plain integer keeps its thousands dot
    assert format_value(2019, code=True) == "2019"
    assert format_value(2019.0, code=True) == "2019"
    assert format_value(None, code=True, missing="tidak ada data") == "tidak ada data"


def test_brief_table_labels_codes_and_percent_by_either_name():
    b = Brief("x", show=False)
    rows = {"year": [2019, 2020], "education": ["S-1", "S-1"], "count": [1234, 5]}
    df = check("education_mix", pd.DataFrame(rows).assign(share=[0.5, None]))
    b.table(df, caption="c", percent=["share"], missing="tidak ada data")
    b.table(df, caption="c", percent=["bagian"])  # the label names the same column
    t, t2 = b.items[1], b.items[2]
    assert t["columns"] == ["tahun", "education", "jumlah", "bagian"]
    assert t["rows"] == [["2019", "S-1", "1.234", "50,0%"], ["2020", "S-1", "5", "tidak ada data"]]
    assert t2["rows"][0] == t["rows"][0] and t2["rows"][1][-1] == "-"
    b.table(df[["count", "share"]], caption="c", percent=True, max_rows=None)
    assert b.items[3]["rows"][0] == ["123.400,0%", "50,0%"]  # True: every numeric column
    with pytest.raises(KeyError, match=r"columns \['nope'\] are not in the table"):
        b.table(df, caption="c", percent=["nope"])


def test_brief_pieces_for_the_page_only_are_not_recorded():
    b = Brief("x", show=False)
    b.section("Untuk panitia", pdf=False)
    b.table(pd.DataFrame({"a": [1]}), caption="c", pdf=False)
    b.text("t", pdf=False)
    b.section("Ringkasan")
    assert [i["kind"] for i in b.items] == ["cover", "section"]


def test_brief_html_headers_aligned_as_their_columns():
    from kediri_analytics.present.brief import _html

    b = Brief("x", show=False)
    b.table(pd.DataFrame({"opd": ["A"], "asn": [3]}), caption="c")
    h = _html(b.items[1])
    assert "<th style='text-align:left'>OPD</th><th style='text-align:right'>ASN</th>" in h
    assert "<td style='text-align:left'>A</td><td style='text-align:right'>3</td>" in h


def test_display_labels_hides_the_index_and_aligns_headers():
    out = check(
        "distribution",
        pd.DataFrame({"year": [2019], "predikat": ["Baik"], "count": [1500], "share": [0.5]}),
    )
    h = show(out).to_html()
    assert ">tahun<" in h and ">2019<" in h and "2.019" not in h and ">1.500<" in h
    assert "row_heading" not in h and "blank" not in h  # no row numbers
    assert "th.col0 {\n  text-align: right;" in h  # the year's header right, as its cells
    rule = show(rules.table("jpm", "scales")).to_html()
    assert ">scales<" in rule and ">min<" in rule  # a rule table keeps its file's keys
