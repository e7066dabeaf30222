"""The leadership PDF: a Brief's recorded pieces typeset with Typst (pip-installable, no LaTeX,
no browser) into an A4 report with a cover, key figures, captioned charts and tables, page
numbers and the agency's name in the footer.

The layout lives in ``brief.typ`` beside this module; the pieces reach it as JSON data (never
as Typst markup), so names and captions are printed as written. Fonts are the DejaVu family that
matplotlib installs, so the PDF looks the same on Windows and Linux and matches the charts.
"""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

from . import MIME

TEMPLATE = Path(__file__).with_name("brief.typ")
#: widest figure on the page (A4 minus margins) and tallest, in cm
MAX_WIDTH, MAX_HEIGHT = 17.0, 21.0


class PdfError(RuntimeError):
    """The brief could not be typeset (names the piece when it can)."""


def items_of(nb) -> list[dict]:
    """The Brief pieces recorded in an executed notebook's outputs, in order."""
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            d = o.get("data", {})
            if MIME in d:
                item = d[MIME]
                out.append(json.loads(item) if isinstance(item, str) else dict(item))
    return out


def _runs(line: str) -> list[list]:
    """``a **b** c`` -> [["a ", False], ["b", True], [" c", False]]."""
    parts = re.split(r"\*\*(.+?)\*\*", line)
    return [[p, i % 2 == 1] for i, p in enumerate(parts) if p]


def blocks_of(items: list[dict]) -> dict:
    """The cover and the body blocks for the template: consecutive key figures become one
    row of cards; text becomes paragraphs and list items of plain and bold runs."""
    if not items or items[0].get("kind") != "cover":
        raise PdfError("no Brief in this notebook: create `ka.Brief(...)` before its pieces")
    blocks: list[dict] = []
    for it in items[1:]:
        k = it.get("kind")
        if k == "cover":
            raise PdfError("two Briefs in one notebook: a report has one cover")
        if k == "kpi":
            if blocks and blocks[-1]["kind"] == "kpis" and len(blocks[-1]["items"]) < 6:
                blocks[-1]["items"].append(it)
            else:
                blocks.append({"kind": "kpis", "items": [it]})
        elif k == "text":
            paras = []
            for line in it["text"].splitlines():
                s = line.strip()
                if not s:
                    continue
                bullet = s.startswith("- ")
                paras.append({"bullet": bullet, "runs": _runs(s[2:] if bullet else s)})
            blocks.append({"kind": "text", "blocks": paras})
        elif k == "figure":
            # as drawn (a small chart stays small), at most the text width and page height
            width = min(
                MAX_WIDTH,
                float(it.get("width_cm", MAX_WIDTH)),
                MAX_HEIGHT / max(float(it.get("aspect", 0.6)), 1e-3),
            )
            blocks.append({**it, "width": round(width, 2)})
        elif k in ("section", "table", "pagebreak"):
            blocks.append(it)
        else:
            raise PdfError(f"unknown Brief piece {k!r}")
    return {"cover": items[0], "blocks": blocks}


_local = threading.local()


def _compiler():
    """One Typst compiler per thread (fonts loaded once; a compiler is not shared between
    threads of a Dask worker)."""
    c = getattr(_local, "compiler", None)
    if c is None:
        import matplotlib
        import typst

        fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        c = _local.compiler = typst.Compiler(
            TEMPLATE, font_paths=[str(fonts)], ignore_system_fonts=True
        )
    return c


def render(items: list[dict], agency: str | None = None) -> bytes:
    """Typeset Brief pieces (see :func:`items_of`) as PDF bytes. ``agency`` replaces the
    cover's agency (the manifest's name for it)."""
    doc = blocks_of(items)
    if agency:
        doc["cover"] = {**doc["cover"], "agency": agency}
    try:
        return _compiler().compile(sys_inputs={"brief": json.dumps(doc, ensure_ascii=False)})
    except Exception as e:  # typst.TypstError carries the template line
        raise PdfError(f"Typst could not typeset the brief: {e}") from e


def from_notebook(nb, agency: str | None = None) -> bytes:
    """The PDF of an executed notebook's Brief."""
    return render(items_of(nb), agency)
