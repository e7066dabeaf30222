"""The HTML twin of a report read in a real browser (Debian's headless Chromium through its
chromedriver, as tests/integration/test_browser.py): the merit-trend report of the small demo,
made as the runner makes it (papermill, then report.html), opened from disk. Each section
heading shows once, no raw frame is left as a cell's last value, years are never written as
numbers ("2.019"), and every table's header cells sit over their columns, aligned as their
cells. Saves a screenshot under test-output/ (git-ignored).

Skipped, saying so, without /usr/bin/chromium and /usr/bin/chromedriver (`make browser-deps`)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from kediri_analytics.present.pdf import items_of
from kediri_analytics.report.html import from_notebook

from .chromium import MARKS, driver

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test-output"

pytestmark = MARKS

# what the page shows of each table: header cells and body rows, each cell's text, left and
# right edge and computed text-align
TABLES_JS = """
const cell = c => {
  const r = c.getBoundingClientRect();
  return {text: c.innerText.trim(), left: Math.round(r.left), right: Math.round(r.right),
          align: getComputedStyle(c).textAlign, span: c.colSpan};
};
return Array.from(document.querySelectorAll('table')).map(t => ({
  caption: t.caption ? t.caption.innerText.trim() : '',
  head: Array.from(t.querySelectorAll('thead tr')).map(r => Array.from(r.cells).map(cell)),
  body: Array.from(t.querySelectorAll('tbody tr')).map(r => Array.from(r.cells).map(cell)),
}));
"""


@pytest.fixture(scope="module")
def page(merit_trend_city, tmp_path_factory):
    """The merit-trend report's HTML page as Chromium renders it: headings, tables, text."""
    from selenium.webdriver.common.by import By

    tmp = tmp_path_factory.mktemp("html")
    nb = nbformat.read(merit_trend_city, as_version=4)
    items = items_of(nb)
    html = tmp / "merit_trend.html"
    html.write_text(from_notebook(nb, "Tren Sistem Merit"), encoding="utf-8")
    d = driver(tmp / "chromium-profile")
    OUT.mkdir(exist_ok=True)
    try:
        d.get(html.as_uri())
        headings = [h.text.strip() for h in d.find_elements(By.CSS_SELECTOR, "h1, h2, h3, h4")]
        tables = d.execute_script(TABLES_JS)
        text = d.find_element(By.TAG_NAME, "body").text
        results = d.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-executeResult")
        d.save_screenshot(str(OUT / "merit_trend_html.png"))
        yield {
            "items": items,
            "headings": headings,
            "tables": tables,
            "text": text,
            "results": len(results),
            "html": html.read_text(encoding="utf-8"),
        }
    finally:
        d.quit()


def test_each_section_heading_shows_once(page):
    sections = [i["title"] for i in page["items"] if i["kind"] == "section"]
    assert sections and "Ringkasan" in sections
    for title in sections:
        assert page["headings"].count(title) == 1, (title, page["headings"])
    dupes = {h for h in page["headings"] if page["headings"].count(h) > 1}
    assert not dupes, dupes
    # the page-only part has its heading too, and only the page shows it
    assert "Perbandingan OPD" in page["headings"]
    assert page["text"].count("Tren Sistem Merit") == 1  # the cover, not a second title


def test_no_raw_frame_left_as_a_cells_last_value(page):
    assert page["results"] == 0  # no execute_result output on the page
    assert 'class="dataframe' not in page["html"]  # pandas' own table markup
    assert "row_heading" not in page["html"]  # a Styler's row numbers


def test_years_and_codes_are_never_numbers(page):
    # the small demo counts fewer than 2.019 of anything: such a token is a year misprinted
    assert not re.search(r"\b2\.0(1[5-9]|2\d)\b", page["text"])
    years = [
        t for t in page["tables"] if t["head"] and "tahun" in [c["text"] for c in t["head"][0]]
    ]
    assert years, "no table with a tahun column"
    for t in years:
        i = [c["text"] for c in t["head"][0]].index("tahun")
        assert all(re.fullmatch(r"\d{4}", r[i]["text"]) for r in t["body"]), t["caption"]
    aspects = next(t for t in page["tables"] if t["caption"].startswith("Capaian per aspek"))
    assert [c["text"] for c in aspects["head"][0]][1:] == [str(y) for y in range(2019, 2025)]


def test_table_headers_line_up_with_their_columns(page):
    assert len(page["tables"]) >= 5
    for t in page["tables"]:
        assert len(t["head"]) == 1, t["caption"]  # one header row, no index level above
        head = t["head"][0]
        assert all(c["span"] == 1 for c in head), t["caption"]
        for row in t["body"]:
            assert len(row) == len(head), (t["caption"], [c["text"] for c in head])
        first = t["body"][0]
        for h, c in zip(head, first, strict=True):
            assert (h["left"], h["right"]) == (c["left"], c["right"]), (t["caption"], h["text"])
            assert h["align"] == c["align"], (t["caption"], h["text"], h["align"], c["align"])
