"""The leadership PDF from a Brief: A4, a cover, key figures, captioned tables and figures,
page numbers; text extractable, pages rendered."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from kediri_analytics.present.brief import Brief, format_value  # noqa: E402
from kediri_analytics.present.pdf import PdfError, blocks_of, render  # noqa: E402


def _brief() -> Brief:
    b = Brief(
        "Tren Sistem Merit",
        opd="Dinas Kesehatan",
        period="2019-2024",
        sources=["SIASN 2019-2024 (6 berkas)"],
        show=False,
    )
    b.section("Ringkasan")
    b.kpi("Indeks merit 2024", "0,636", note="Baik")
    b.kpi("ASN", 5461)
    b.text("- Nilai **naik** 18,1 poin.\n- Tanda #, $, [ ] dan * dicetak apa adanya.")
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.plot([2019, 2024], [254.4, 272.5])
    b.figure(fig, caption="Indeks merit per tahun")
    b.table(
        pd.DataFrame({"OPD": ["A", "B"], "ASN": [1234, 56], "bagian": [0.985, 0.5]}),
        caption="Contoh",
        percent=["bagian"],
    )
    return b


def test_pdf_text_and_pages():
    from pypdf import PdfReader

    pdf = _brief().pdf()
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    for s in (
        "Tren Sistem Merit",
        "OPD Dinas Kesehatan",
        "Periode: 2019-2024",
        "SIASN 2019-2024",
        "0,636",
        "5.461",
        "1.234",
        "98,5%",
        "Indeks merit per tahun",
        "Halaman 2 dari",
        "BKPSDM Kota Kediri",
        "Tanda #, $, [ ] dan * dicetak apa adanya",
    ):
        assert s in text, s


def test_pdf_pages_render(tmp_path):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(_brief().pdf())
    assert len(doc) >= 2
    img = doc[1].render(scale=0.5).to_pil()
    lo, hi = img.convert("L").getextrema()
    assert img.size[0] > 200 and hi - lo > 100  # not blank


def test_format_value_indonesian():
    assert [format_value(v) for v in (1234, 0.25, None, True)] == ["1.234", "0,2", "-", "ya"]
    assert format_value(0.985, pct=True) == "98,5%"


def test_no_brief_is_a_clear_error():
    with pytest.raises(PdfError, match="no Brief in this notebook"):
        blocks_of([])
    with pytest.raises(PdfError, match="unknown Brief piece"):
        render([{"kind": "cover", "title": "x"}, {"kind": "video"}])


def test_brief_needs_captions_and_frames():
    b = Brief("x", show=False)
    with pytest.raises(ValueError, match="needs a caption"):
        b.table(pd.DataFrame({"a": [1]}), caption="")
    with pytest.raises(TypeError, match="takes a DataFrame"):
        b.table([1, 2], caption="c")
    with pytest.raises(KeyError, match=r"columns \['b'\] are not in the table"):
        b.table(pd.DataFrame({"a": [1]}), caption="c", percent=["b"])
