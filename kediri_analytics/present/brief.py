"""A report for leadership written once: each piece shows inline in the notebook and is recorded
for the PDF.

    brief = ka.Brief("Tren Sistem Merit", opd=opd, period="2019-2024", data=ds)
    brief.kpi("Indeks merit 2024", "0,636", note="Baik")
    brief.section("Kinerja")
    brief.text("Bagian ASN dengan SKP **naik** dari ...")
    brief.figure(fig, caption="Sebaran predikat per tahun")
    brief.table(df, caption="OPD dengan kuota terlampaui", percent=["share"])

A table's headers come from the vocabulary of :mod:`.labels` (``share_rated`` reads
"% dinilai"): hand over a metric's frame as it is. A piece given ``pdf=False`` shows in the
notebook and on the HTML page only (a long list for a committee, a heading of such a part).

Every piece is displayed as a rich output carrying a JSON record under :data:`MIME`; the
HTML page shows the ``text/html`` part, and the report runner reads the records back from the
executed notebook to typeset the PDF (:mod:`kediri_analytics.present.pdf`). So a notebook run
with plain papermill still holds everything its PDF needs.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import re
from collections.abc import Iterable, Sequence

import pandas as pd

from ..core.files import write_bytes
from ..core.fmt import agency_place, date, number, percent
from . import MIME  # the MIME type of a recorded piece in a notebook's outputs
from . import labels as vocabulary
from .pdf import render

#: the agency named on covers and footers unless a Brief or the manifest says otherwise
AGENCY = "BKPSDM Kota Kediri"

_CSS = (
    "font-family:'DejaVu Sans',Arial,sans-serif;"
    "border-left:4px solid #1f4e79;padding:4px 10px;margin:6px 0"
)


class Brief:
    """A short report for leadership: a cover, key figures first, then sections of text,
    figures and tables. See the module docstring for an example.

    ``opd`` None means the whole agency; ``period`` is free text ("2019-2024", "Oktober
    2026"); ``sources`` lists the data the report rests on, or is taken from ``data`` (a
    :class:`~kediri_analytics.Dataset`: its file kinds and years).
    """

    def __init__(
        self,
        title: str,
        *,
        opd: str | None = None,
        period: str | None = None,
        sources: Sequence[str] | None = None,
        data=None,
        agency: str = AGENCY,
        made: dt.date | None = None,
        show: bool = True,
    ) -> None:
        if not title or not str(title).strip():
            raise ValueError("a Brief needs a title")
        self.items: list[dict] = []
        self._show = show
        if sources is None and data is not None:
            sources = sources_of(data)
        made = made or dt.date.today()
        self._add(
            {
                "kind": "cover",
                "title": str(title),
                "scope": f"OPD {opd}" if opd else f"Seluruh {agency_place(agency)}",
                "period": period or "",
                "date": date(made),
                "sources": list(sources or []),
                "agency": agency,
            }
        )

    # ----------------------------------------------------------------------- the pieces

    def kpi(
        self, label: str, value, *, note: str | None = None, decimals: int = 0, pdf: bool = True
    ) -> None:
        """A key figure: ``value`` as text, or a number formatted the Indonesian way."""
        shown = value if isinstance(value, str) else number(value, decimals)
        item = {"kind": "kpi", "label": str(label), "value": shown, "note": note or ""}
        self._add(item, pdf=pdf)

    def section(self, title: str, *, pdf: bool = True) -> None:
        """A new section heading (``pdf=False``: a part of the HTML page only)."""
        self._add({"kind": "section", "title": str(title)}, pdf=pdf)

    def text(self, markdown: str, *, pdf: bool = True) -> None:
        """A paragraph or a list (``- `` lines); ``**bold**`` is kept, other markup is text."""
        self._add({"kind": "text", "text": str(markdown).strip()}, pdf=pdf)

    def figure(self, fig, caption: str, *, close: bool = True, pdf: bool = True) -> None:
        """A matplotlib figure, rendered once as SVG: vector in the PDF, and the same image in
        the notebook and the HTML page (embedded, no file beside it)."""
        if not caption:
            raise ValueError("a figure needs a caption")
        svg = io.StringIO()  # one render: vector for the PDF, the same SVG inline
        fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
        width, height = fig.get_size_inches()
        if close:
            import matplotlib.pyplot as plt

            plt.close(fig)
        b64 = base64.b64encode(svg.getvalue().encode("utf-8")).decode("ascii")
        self._add(
            {
                "kind": "figure",
                "caption": str(caption),
                "svg": svg.getvalue(),
                "aspect": float(height / width),
                "width_cm": float(width * 2.54),
            },
            html=(
                f"<figure style='margin:8px 0'><img src='data:image/svg+xml;base64,{b64}' "
                f"style='max-width:100%'><figcaption><i>{html.escape(str(caption))}</i>"
                "</figcaption></figure>"
            ),
            pdf=pdf,
        )

    def table(
        self,
        df: pd.DataFrame,
        caption: str,
        *,
        percent: Iterable[str] | bool = (),
        decimals: dict[str, int] | None = None,
        max_rows: int | None = 60,
        labels: str | None = None,
        missing: str = "-",
        pdf: bool = True,
    ) -> None:
        """A table, its numbers formatted the Indonesian way (``percent`` columns as
        percentages, ``True`` for every numeric column; ``decimals`` per column, floats
        default to 1; years and codes as written; missing cells as ``missing``). Headers are
        the columns' labels (:mod:`.labels`; ``labels`` names the vocabulary's table, default
        the frame's metric output); ``percent`` and ``decimals`` name columns either way.
        Beyond ``max_rows`` (None: no limit) the rest is counted in a note, never dropped
        silently."""
        if not caption:
            raise ValueError("a table needs a caption")
        if not isinstance(df, pd.DataFrame):
            raise TypeError(f"table() takes a DataFrame, not {type(df).__name__}")
        names = vocabulary.columns(df, labels)
        if percent is True:
            percent = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])]
        pct, dec = _named(df, percent or (), labels), dict(decimals or {})
        dec = dict(zip(_named(df, dec, labels), dec.values(), strict=True))
        shown = df if max_rows is None else df.head(max_rows)
        rows = format_frame(vocabulary.values(shown), percent=pct, decimals=dec, missing=missing)
        more = 0 if max_rows is None else max(len(df) - max_rows, 0)
        self._add(
            {
                "kind": "table",
                "caption": str(caption),
                "columns": [names[c] for c in df.columns],
                "numeric": [pd.api.types.is_numeric_dtype(df[c]) for c in df.columns],
                "rows": rows,
                "more": f"... dan {number(more)} baris lainnya" if more else "",
            },
            pdf=pdf,
        )

    def page_break(self) -> None:
        """Start a new page in the PDF (no effect inline)."""
        self._add({"kind": "pagebreak"})

    # ----------------------------------------------------------------------- output

    def pdf(self, path=None) -> bytes:
        """Typeset the brief as an A4 PDF (bytes; also written to ``path`` when given)."""
        data = render(self.items)
        if path is not None:
            write_bytes(path, data)
        return data

    def preview(self, page: int = 1, dpi: int = 60):
        """Show one page of the PDF inline (needs pypdfium2, in the dev extra)."""
        import pypdfium2 as pdfium
        from IPython.display import Image, display

        doc = pdfium.PdfDocument(self.pdf())
        if not 1 <= page <= len(doc):
            raise ValueError(f"page {page} does not exist: the PDF has {len(doc)} pages")
        img = doc[page - 1].render(scale=dpi / 72).to_pil()
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        display(Image(data=buf.getvalue()))

    def _repr_html_(self) -> str:
        kinds = pd.Series([i["kind"] for i in self.items]).value_counts()
        parts = ", ".join(f"{n} {k}" for k, n in kinds.items())
        return f'<div style="{_CSS}"><b>{html.escape(self.items[0]["title"])}</b>: {parts}</div>'

    def _add(self, item: dict, html: str | None = None, *, pdf: bool = True) -> None:
        if pdf:
            self.items.append(item)
        if not self._show:
            return
        from IPython.display import display

        bundle = {"text/plain": _plain(item), "text/html": html or _html(item)}
        if pdf:  # recorded: the runner typesets the PDF from these
            bundle = {MIME: item, **bundle}
        display(bundle, raw=True)


# --------------------------------------------------------------------------- helpers


#: how a file kind is named on a cover's "Data:" line
SOURCE_LABELS = {
    "ekinerja_penilaian": "e-Kinerja (penilaian SKP)",
    "ekinerja_dokumen": "e-Kinerja (dokumen SKP)",
    "legacy_skp": "rekap nilai SKP lama",
    "siasn_roster": "SIASN (data ASN)",
    "simpeg_duk": "SIMPEG (DUK)",
    "competency_wide": "hasil asesmen kompetensi",
    "competency_long": "hasil asesmen kompetensi",
    "training": "riwayat pelatihan",
    "merit_assessment": "penilaian mandiri sistem merit",
    "position_requirements": "persyaratan pendidikan jabatan",
    "opd_predikat": "predikat kinerja OPD",
    "discipline": "rekap hukuman disiplin",
    "bkn_award_evidence": "checklist bukti BKN Award",
    "asn_award_nominations": "usulan ASN Award",
}


def sources_of(ds, kinds: Iterable[str] | None = None) -> list[str]:
    """The data a report rests on, from a Dataset's files: sources, years and file counts;
    ``kinds`` keeps only those file kinds (as ``validate`` names them)."""
    f = ds.files
    if f is None or f.empty:
        return []
    if kinds is not None:
        f = f[f["kind"].isin(list(kinds))]
    ok = f[f["error"].isna()] if "error" in f else f
    label = ok["kind"].map(lambda k: SOURCE_LABELS.get(k, k))
    out = []
    for name, g in ok.groupby(label, sort=True):
        years = sorted({int(y) for y in g["year"].dropna()}) if "year" in g else []
        span = (f" {years[0]}" if len(years) == 1 else f" {years[0]}-{years[-1]}") if years else ""
        out.append(f"{name}{span} ({number(len(g))} berkas)")
    return out


def format_value(
    v, *, pct: bool = False, decimals: int | None = None, code: bool = False, missing: str = "-"
) -> str:
    """One cell the Indonesian way: integers ``1.234``, floats ``0,6`` (or ``decimals``),
    shares as percentages, dates ``23 November 2026``, missing as ``-`` (or ``missing``).
    ``code``: a year or a code, written as it is (``2019``, never ``2.019``)."""
    if hasattr(v, "item") and not isinstance(v, (pd.Timestamp, str)):
        v = v.item()  # numpy scalar -> Python
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
        return missing
    if isinstance(v, bool):
        return "ya" if v else "tidak"
    if code:
        return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
    if pct and isinstance(v, (int, float)):
        return percent(v, 1 if decimals is None else decimals)
    if isinstance(v, int):
        return number(v)
    if isinstance(v, float):
        return number(v, 1 if decimals is None else decimals)
    if isinstance(v, (pd.Timestamp, dt.date)):
        return date(v)
    return str(v)


def format_frame(
    df: pd.DataFrame,
    *,
    percent: Iterable[str] = (),
    decimals: dict[str, int] | None = None,
    missing: str = "-",
) -> list[list[str]]:
    """Rows of formatted cells (see :func:`format_value`); the columns that
    :func:`.labels.is_code` names are written as they are."""
    pct, dec = set(percent), decimals or {}
    unknown = (pct | set(dec)) - set(df.columns)
    if unknown:
        raise KeyError(f"columns {sorted(unknown)} are not in the table {list(df.columns)}")
    cols = [
        [
            format_value(
                v,
                pct=c in pct,
                decimals=dec.get(c),
                code=vocabulary.is_code(c),
                missing=missing,
            )
            for v in df[c].tolist()
        ]
        for c in df.columns
    ]
    return [list(r) for r in zip(*cols, strict=True)] if cols else []


def _named(df: pd.DataFrame, wanted: Iterable[str], table: str | None) -> list[str]:
    """Columns named by their own names or their labels (``percent=["% dinilai"]``)."""
    try:
        return vocabulary.resolve(df, [str(w) for w in wanted], table)
    except KeyError:
        unknown = sorted(
            str(w)
            for w in wanted
            if str(w) not in df.columns and str(w) not in vocabulary.columns(df, table).values()
        )
        raise KeyError(f"columns {unknown} are not in the table {list(df.columns)}") from None


def _plain(item: dict) -> str:
    k = item["kind"]
    if k == "cover":
        return f"{item['title']} - {item['scope']} - {item['period']}"
    if k == "kpi":
        return f"{item['label']}: {item['value']} {item['note']}".strip()
    if k == "section":
        return item["title"]
    if k in ("figure", "table"):
        return f"[{k}] {item['caption']}"
    return item.get("text", "")


def _md_html(text: str) -> str:
    out, items = [], []
    for line in text.splitlines():
        s = html.escape(line.strip())
        s = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", s)
        if s.startswith("- "):
            items.append(f"<li>{s[2:]}</li>")
            continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if s:
            out.append(f"<p>{s}</p>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return "".join(out)


def _html(item: dict) -> str:
    e = html.escape
    k = item["kind"]
    if k == "cover":
        src = "; ".join(item["sources"]) or "-"
        return (
            f"<div style=\"{_CSS}\"><div style='font-size:1.5em;font-weight:bold'>"
            f"{e(item['title'])}</div><div>{e(item['scope'])} &middot; {e(item['period'])} "
            f"&middot; {e(item['date'])}</div><div style='color:#555'>Data: {e(src)}</div></div>"
        )
    if k == "kpi":
        return (
            f"<div style=\"{_CSS}\"><span style='color:#555'>{e(item['label'])}</span><br>"
            f"<span style='font-size:1.6em;font-weight:bold'>{e(item['value'])}</span> "
            f"<span>{e(item['note'])}</span></div>"
        )
    if k == "section":
        return f"<h2>{e(item['title'])}</h2>"
    if k == "text":
        return _md_html(item["text"])
    if k == "table":
        # each header aligned as its column (JupyterLab's stylesheet right-aligns every <th>)
        align = ["right" if n else "left" for n in item["numeric"]]
        head = "".join(
            f"<th style='text-align:{a}'>{e(c)}</th>"
            for c, a in zip(item["columns"], align, strict=True)
        )
        body = "".join(
            "<tr>"
            + "".join(
                f"<td style='text-align:{a}'>{e(v)}</td>" for v, a in zip(r, align, strict=True)
            )
            + "</tr>"
            for r in item["rows"]
        )
        more = f"<p><i>{e(item['more'])}</i></p>" if item["more"] else ""
        return (
            f"<table><caption style='caption-side:top;text-align:left'><b>{e(item['caption'])}"
            f"</b></caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"
        )
    return ""
