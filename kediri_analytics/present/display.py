"""Rich displays in Jupyter: metric outputs and rule tables as styled tables in Indonesian
number formats (``1.234``, ``98,5%``, ``23 November 2026``).

Every metric output is tagged with its name (``frame.attrs["kediri_analytics"]``, set by
:func:`kediri_analytics.metrics.outputs.check`), and :func:`kediri_analytics.rules.table`
tags rule tables. Importing the package inside IPython registers :func:`html_of` for
DataFrames: a tagged frame shows styled, every other frame exactly as pandas shows it. The
tag follows a frame through filtering and sorting (pandas keeps ``attrs``). :func:`show`
styles any frame on demand.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable

import pandas as pd

from ..core import TAG
from ..core.fmt import number
from ..metrics.outputs import OUTPUTS
from . import labels
from .brief import format_value

#: rows shown before the rest is only counted (a 4.5 million row frame stays quick to show)
MAX_ROWS = 60


def _columns_of_kind(frame: pd.DataFrame, kind: str) -> list[str]:
    name = frame.attrs.get(TAG)
    spec = OUTPUTS.get(name, {}) if isinstance(name, str) else {}
    return [c for c, k in spec.items() if k == kind and c in frame.columns]


def show(
    frame: pd.DataFrame,
    *,
    percent: Iterable[str] | None = None,
    decimals: dict[str, int] | None = None,
    caption: str | None = None,
    max_rows: int = MAX_ROWS,
):
    """A pandas Styler of ``frame`` in Indonesian formats: ``percent`` columns as
    percentages (default: the share columns a metric output declares), ``decimals`` per
    column (floats default to 1), integers with a thousands dot, years and codes as written,
    missing as ``-``; headers from the vocabulary of :mod:`.labels` (a rule table keeps its
    file's keys). Beyond ``max_rows`` the rest is counted in the caption, never shown."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"show() takes a DataFrame, not {type(frame).__name__}")
    pct = set(_columns_of_kind(frame, "share") if percent is None else percent)
    unknown = pct - set(frame.columns)
    if unknown:
        raise KeyError(f"percent columns not in the frame: {sorted(unknown)}")
    dec = dict(decimals or {})
    names = {} if frame.attrs.get(TAG) == "rule" else labels.columns(frame)
    part = labels.values(frame.head(max_rows)).rename(columns=names)
    fmt = {
        names.get(c, c): (
            lambda v, c=c: format_value(
                v, pct=c in pct, decimals=dec.get(c), code=labels.is_code(c)
            )
        )
        for c in frame.columns
    }
    note = caption or _caption(frame)
    if len(frame) > max_rows:
        more = f"{number(max_rows)} dari {number(len(frame))} baris ditampilkan"
        note = f"{note} ({more})" if note else more
    from pandas.io.formats.style import Styler

    # a stable id (pandas draws a random one): the same frame gives the same HTML every run
    seed = repr((list(map(str, part.columns)), frame.shape, part.head(5).to_numpy().tolist()))
    uid = hashlib.sha1(seed.encode()).hexdigest()[:10]
    # no row numbers: a report reader has no use for pandas' index
    st = Styler(part, uuid=uid, cell_ids=False).format(fmt, na_rep="-").hide(axis="index")
    numeric = [c for c in part.columns if pd.api.types.is_numeric_dtype(part[c])]
    st = st.set_properties(subset=numeric, **{"text-align": "right"})
    text = [c for c in part.columns if c not in numeric]
    st = st.set_properties(subset=text, **{"text-align": "left"})
    st = st.set_table_styles(
        [
            {"selector": "th", "props": "background:#dbe7f1; text-align:left; padding:2px 6px"},
            {"selector": "td", "props": "padding:2px 6px"},
            {"selector": "caption", "props": "caption-side:top; text-align:left; color:#555"},
        ]
    )
    # each header aligned as its column
    right = {c: [{"selector": "th", "props": "text-align:right"}] for c in numeric}
    st = st.set_table_styles(right, overwrite=False, axis=0) if right else st
    return st.set_caption(html.escape(note)) if note else st


def _caption(frame: pd.DataFrame) -> str:
    a = frame.attrs
    if a.get(TAG) == "rule":
        return f"rules/{a.get('rule')}.yaml: {a.get('key')} (sumber: {a.get('source')})"
    if isinstance(a.get(TAG), str):
        return f"metrik {a[TAG]}"
    return ""


def html_of(frame: pd.DataFrame) -> str | None:
    """HTML for Jupyter: styled when the frame is a metric output or rule table, pandas' own
    otherwise."""
    if isinstance(frame.attrs.get(TAG), str) and frame.columns.is_unique:
        return show(frame).to_html()
    return frame._repr_html_()


def register(shell=None) -> bool:
    """Use :func:`html_of` for DataFrames in this IPython session: done once, when the package
    is imported inside IPython (or, in a forked warm kernel, by :func:`load_ipython_extension`).
    Registering again replaces the same function. Returns False outside IPython."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, html_of)
    return True


def load_ipython_extension(ipython) -> None:
    """The package as an IPython extension: a kernel forked from the warm helper imported the
    package before its shell existed, so it loads this once the shell is up
    (``--IPKernelApp.extensions``, report/warm.py)."""
    register(ipython)
